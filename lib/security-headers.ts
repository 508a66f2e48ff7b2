import crypto from "node:crypto";

// The headers proxy.ts puts on every response. The Content-Security-Policy carries a nonce made for the
// response: Next.js reads it from the request's copy of the policy and puts it on every script and
// style element it renders, and 'strict-dynamic' extends the trust to the chunks those scripts load.
// So no script runs unless this response's own markup or code started it, whatever got into a page.

export type SecurityHeaderOptions = {
  nonce: string;
  /** NEXTAUTH_URL: an https address means people reach SSO Bridge over TLS, wherever it is terminated */
  publicUrl: string | undefined;
  /** `next dev`, whose debugging needs eval and injects styles without a nonce */
  development: boolean;
};

export type SecurityHeaders = { "Content-Security-Policy": string; "Strict-Transport-Security"?: string };

/** 16 random bytes, base64: fresh for every response, so a nonce seen once is worth nothing. */
export function newNonce(): string {
  return crypto.randomBytes(16).toString("base64");
}

export function securityHeaders({ nonce, publicUrl, development }: SecurityHeaderOptions): SecurityHeaders {
  const https = publicUrl?.startsWith("https://") ?? false;
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // A nonce would make browsers ignore 'unsafe-inline', which the dev server's injected styles need.
    `style-src 'self' ${development ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // Sign-in leaves for Entra by navigation, not by posting a form, so forms stay on this site.
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  return {
    "Content-Security-Policy": policy,
    // Two years, as browsers' preload lists ask. Decided by NEXTAUTH_URL rather than the request, because
    // TLS usually ends at a load balancer where SSO Bridge cannot see it.
    ...(https ? { "Strict-Transport-Security": "max-age=63072000; includeSubDomains" } : {}),
  };
}
