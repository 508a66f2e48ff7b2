import { describe, expect, it } from "vitest";
import { newNonce, securityHeaders } from "./security-headers";

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...values]) => [name!, values]),
  );
}

describe("the security headers of every page", () => {
  const nonce = "cmFuZG9tLW5vbmNlLXZhbHVl";
  const https = securityHeaders({ nonce, publicUrl: "https://sso-bridge.example.com", development: false });
  const csp = directives(https["Content-Security-Policy"]);

  it("runs scripts only with this response's nonce, and those they load ('strict-dynamic'), never inline or eval'd code", () => {
    expect(csp.get("script-src")).toEqual(expect.arrayContaining([`'nonce-${nonce}'`, "'strict-dynamic'"]));
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
    expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
  });

  it("allows the site's own style sheets and nonce-carrying style elements, not inline styles", () => {
    expect(csp.get("style-src")).toEqual(["'self'", `'nonce-${nonce}'`]);
  });

  it("lets nothing frame the console, no plugins, no <base> and forms only to this site", () => {
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });

  it("over https, asks the browser to keep to https (HSTS) and to upgrade any http address", () => {
    expect(https["Strict-Transport-Security"]).toBe("max-age=63072000; includeSubDomains");
    expect(csp.has("upgrade-insecure-requests")).toBe(true);
  });

  it("over plain http (this machine), sends no HSTS and upgrades nothing", () => {
    const http = securityHeaders({ nonce, publicUrl: "http://localhost:3000", development: false });
    expect(http).not.toHaveProperty("Strict-Transport-Security");
    expect(directives(http["Content-Security-Policy"]).has("upgrade-insecure-requests")).toBe(false);
    expect(securityHeaders({ nonce, publicUrl: undefined, development: false })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("in development, allows what Next.js's dev server needs (eval'd debugging code, injected styles) and nothing more", () => {
    const dev = directives(securityHeaders({ nonce, publicUrl: "http://localhost:3000", development: true })["Content-Security-Policy"]);
    expect(dev.get("script-src")).toEqual(expect.arrayContaining([`'nonce-${nonce}'`, "'strict-dynamic'", "'unsafe-eval'"]));
    expect(dev.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(dev.get("frame-ancestors")).toEqual(["'none'"]);
  });

  it("makes a new unpredictable nonce for every response", () => {
    const nonces = new Set(Array.from({ length: 100 }, () => newNonce()));
    expect(nonces.size).toBe(100);
    for (const n of nonces) expect(Buffer.from(n, "base64").length).toBeGreaterThanOrEqual(16);
  });
});
