import { constants, verify, type KeyObject } from "node:crypto";
import type { EntraDirectory } from "../directory";
import { tokenEndpointTenant } from "../oidc-issuer";
import { findAppCertificate } from "./app-certificates";

// Certificate credentials at the token endpoint, checked as Entra checks them: the assertion
// names its certificate by thumbprint (x5t#S256 or x5t), that certificate must be registered on
// the app and valid now, the signature must verify with it (PS256 or RS256), iss and sub must be
// the client id, aud one of the tenant's token endpoints, and now within nbf..exp. Any x5c is
// ignored: matching by subject name and issuer needs a manifest setting the simulator lacks.

export const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export type AssertionProblem = { status: number; error: string; code: number; description: string };

type AssertionCheck = {
  directory: EntraDirectory;
  clientId: string;
  assertion: string;
  assertionType: string | null;
  /** the HTTPS origin the token endpoint is served on */
  authorityHost: string;
  nowMs: number;
  skewSeconds: number;
};

type Header = { alg?: unknown; x5t?: unknown; "x5t#S256"?: unknown };
type Claims = { aud?: unknown; iss?: unknown; sub?: unknown; exp?: unknown; nbf?: unknown };

export function checkClientAssertion(check: AssertionCheck): AssertionProblem | null {
  const { directory, clientId, nowMs } = check;
  if (check.assertionType !== JWT_BEARER) {
    return problem(400, "invalid_request", 90014, `AADSTS90014: The required field 'client_assertion_type' is missing or is not '${JWT_BEARER}'.`);
  }
  const parsed = parseJwt(check.assertion);
  if (!parsed) return problem(400, "invalid_request", 50027, "AADSTS50027: JWT token is invalid or malformed.");
  const { header, claims, signingInput, signature } = parsed;

  const thumbprint = thumbprintFrom(header);
  const found = thumbprint ? findAppCertificate(directory, clientId, thumbprint) : null;
  const used = `Thumbprint of key used by client: '${thumbprint ?? ""}'`;
  if (!found) {
    return invalidClient(
      700027,
      `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., ${used}, Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
    );
  }
  const { credential, certificate } = found;
  const foundKey = `Found key 'Start=${credential.startDateTime}, End=${credential.endDateTime}'`;
  if (Date.parse(credential.endDateTime) <= nowMs)
    return invalidClient(700027, `AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired., ${used}, ${foundKey}]`);
  if (Date.parse(credential.startDateTime) > nowMs)
    return invalidClient(700027, `AADSTS700027: Client assertion contains an invalid signature. [Reason - The key is not yet valid., ${used}, ${foundKey}]`);
  if (!signatureValid(header.alg, signingInput, certificate.publicKey, signature)) {
    return invalidClient(
      700027,
      `AADSTS700027: Client assertion contains an invalid signature. [Reason - The provided signature value did not match the expected signature value., ${used}, ${foundKey}]`,
    );
  }

  if (claims.iss !== clientId || claims.sub !== clientId) {
    return invalidClient(
      700021,
      `AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.`,
    );
  }
  if (!isTokenEndpointOf(claims.aud, check.authorityHost, directory)) {
    return invalidClient(
      700023,
      `AADSTS700023: Client assertion audience claim does not match Realm issuer. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials.`,
    );
  }
  const now = nowMs / 1000;
  const nbf = typeof claims.nbf === "number" ? claims.nbf : null;
  if (typeof claims.exp !== "number" || claims.exp + check.skewSeconds <= now || (nbf !== null && nbf - check.skewSeconds > now)) {
    const at = (s: unknown) => (typeof s === "number" ? new Date(s * 1000).toISOString() : "(none)");
    return invalidClient(
      700024,
      `AADSTS700024: Client assertion is not within its valid time range. Current time: ${new Date(nowMs).toISOString()}, assertion valid from ${at(claims.nbf)}, expiry time of assertion ${at(claims.exp)}.`,
    );
  }
  return null;
}

function parseJwt(jwt: string): { header: Header; claims: Claims; signingInput: string; signature: Buffer } | null {
  const parts = jwt.split(".");
  if (parts.length !== 3) return null;
  const [h, p, s] = parts as [string, string, string];
  try {
    const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as unknown;
    const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as unknown;
    if (!isObject(header) || !isObject(claims)) return null;
    return { header, claims, signingInput: `${h}.${p}`, signature: Buffer.from(s, "base64url") };
  } catch {
    return null;
  }
}

/** Upper-case hex of the thumbprint the header names; SHA-256 first, as Entra now asks for it. */
function thumbprintFrom(header: Header): string | null {
  const value = header["x5t#S256"] ?? header.x5t;
  if (typeof value !== "string" || value === "") return null;
  return Buffer.from(value, "base64url").toString("hex").toUpperCase();
}

function signatureValid(alg: unknown, signingInput: string, key: KeyObject, signature: Buffer): boolean {
  const data = Buffer.from(signingInput);
  try {
    if (alg === "RS256") return verify("sha256", data, key, signature);
    if (alg === "PS256")
      return verify("sha256", data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }, signature);
    return false;
  } catch {
    return false;
  }
}

/** Any of the tenant's token endpoints on this host, by tenant id or domain, v1 or v2. */
function isTokenEndpointOf(aud: unknown, authorityHost: string, directory: EntraDirectory): boolean {
  if (typeof aud !== "string") return false;
  let url: URL;
  try {
    url = new URL(aud);
  } catch {
    return false;
  }
  if (url.origin !== new URL(authorityHost).origin || url.search !== "") return false;
  const tenant = tokenEndpointTenant(url.pathname);
  return tenant === directory.tenantId || tenant?.toLowerCase() === directory.domain.toLowerCase();
}

function invalidClient(code: number, description: string): AssertionProblem {
  return problem(401, "invalid_client", code, description);
}

function problem(status: number, error: string, code: number, description: string): AssertionProblem {
  return { status, error, code, description };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
