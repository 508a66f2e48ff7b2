import { createHash, generateKeyPairSync, randomBytes, randomUUID, sign, timingSafeEqual, verify, type KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { EntraDirectory } from "../directory";
import { checkClientAssertion } from "./client-assertion";
import type { GraphCaller } from "./routes";

// Client-credentials access tokens for Microsoft Graph, shaped like the v1 tokens Entra issues to
// daemon apps: aud https://graph.microsoft.com, iss https://sts.windows.net/<tenant>/, and the
// granted application permissions in `roles`. The Graph server verifies them with the same key.

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

export type ConfidentialClient = { clientId: string; clientSecret: string; displayName: string };
export type TokenEndpointResult = { status: number; body: Record<string, unknown> };

type Claims = Record<string, unknown> & { aud?: unknown; iss?: unknown; exp?: unknown; nbf?: unknown; appid?: unknown; tid?: unknown; roles?: unknown };

const SKEW_SECONDS = 300;

export class AppTokenIssuer {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  readonly kid = randomBytes(15).toString("base64url");
  private readonly lifetimeSeconds: number;
  private readonly now: () => number;

  constructor(private readonly opts: { directory: EntraDirectory; clients: ConfidentialClient[]; lifetimeSeconds?: number; now?: () => number }) {
    const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
    this.privateKey = pair.privateKey;
    this.publicKey = pair.publicKey;
    this.lifetimeSeconds = opts.lifetimeSeconds ?? 3600;
    this.now = opts.now ?? Date.now;
  }

  get tenantId(): string {
    return this.opts.directory.tenantId;
  }

  get issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  /** The token endpoint's answer to a grant_type=client_credentials form, in Entra's words. */
  clientCredentials(tenantSegment: string, form: URLSearchParams, headers: IncomingHttpHeaders, authorityHost: string): TokenEndpointResult {
    const correlationId = headerValue(headers["client-request-id"]) ?? randomUUID();
    const fail = (status: number, error: string, code: number, description: string): TokenEndpointResult =>
      entraError(status, error, code, description, correlationId, this.now());

    const { directory } = this.opts;
    if (tenantSegment !== directory.tenantId && tenantSegment.toLowerCase() !== directory.domain.toLowerCase()) {
      return fail(
        400,
        "invalid_request",
        90002,
        `AADSTS90002: Tenant '${tenantSegment}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    const basic = basicCredentials(headerValue(headers.authorization));
    const clientId = form.get("client_id") ?? basic?.id ?? "";
    const secret = form.get("client_secret") ?? basic?.secret;
    const assertion = form.get("client_assertion");
    const client = this.opts.clients.find((c) => c.clientId === clientId);
    if (!client) {
      return fail(
        400,
        "unauthorized_client",
        700016,
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${directory.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    if (assertion !== null) {
      const assertionType = form.get("client_assertion_type");
      const problem = checkClientAssertion({ directory, clientId, assertion, assertionType, authorityHost, nowMs: this.now(), skewSeconds: SKEW_SECONDS });
      if (problem) return fail(problem.status, problem.error, problem.code, problem.description);
    } else if (secret === undefined || secret === null) {
      return fail(
        401,
        "invalid_client",
        7000218,
        "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    } else if (!sameSecret(secret, client.clientSecret)) {
      return fail(
        401,
        "invalid_client",
        7000215,
        `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
      );
    }
    const scopes = (form.get("scope") ?? "").split(" ").filter(Boolean);
    const resourceScope = scopes.find((s) => s.endsWith("/.default"));
    if (!resourceScope) {
      return fail(
        400,
        "invalid_scope",
        1002012,
        `AADSTS1002012: The provided value for scope ${scopes.join(" ")} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const resource = resourceScope.slice(0, -"/.default".length).replace(/\/$/, "");
    if (resource !== GRAPH_RESOURCE && resource !== GRAPH_APP_ID) {
      return fail(
        400,
        "invalid_resource",
        500011,
        `AADSTS500011: The resource principal named ${resource} was not found in the tenant named ${directory.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const token = this.issue(client, assertion !== null ? "certificate" : "secret");
    return { status: 200, body: { token_type: "Bearer", expires_in: this.lifetimeSeconds, ext_expires_in: this.lifetimeSeconds, access_token: token } };
  }

  /** Signs an app-only Graph token for `client` with the permissions granted to it right now. */
  issue(client: Pick<ConfidentialClient, "clientId" | "displayName">, credential: "secret" | "certificate" = "secret"): string {
    const { directory } = this.opts;
    const iat = Math.floor(this.now() / 1000);
    const servicePrincipal = [...directory.servicePrincipals.values()].find((sp) => sp.appId === client.clientId);
    const oid = servicePrincipal?.id ?? uuidFrom(`${directory.tenantId}:${client.clientId}`);
    const roles = [...(directory.appPermissions.get(client.clientId) ?? [])].sort();
    const payload: Claims = {
      aud: GRAPH_RESOURCE,
      iss: this.issuer,
      iat,
      nbf: iat,
      exp: iat + this.lifetimeSeconds,
      aio: randomBytes(24).toString("base64url"),
      app_displayname: client.displayName,
      appid: client.clientId,
      // How the client proved itself: 1 a client secret, 2 a certificate.
      appidacr: credential === "certificate" ? "2" : "1",
      idp: this.issuer,
      idtyp: "app",
      oid,
      sub: oid,
      tid: directory.tenantId,
      uti: randomBytes(16).toString("base64url"),
      ver: "1.0",
      ...(roles.length > 0 ? { roles } : {}),
    };
    const header = { typ: "JWT", alg: "RS256", kid: this.kid, x5t: this.kid };
    const signingInput = `${b64json(header)}.${b64json(payload)}`;
    const signature = sign("sha256", Buffer.from(signingInput), this.privateKey).toString("base64url");
    return `${signingInput}.${signature}`;
  }

  /** The caller behind a bearer token, or null when it is not a valid Graph token from this tenant. */
  verify(jwt: string): GraphCaller | null {
    const parts = jwt.split(".");
    if (parts.length !== 3) return null;
    const [h, p, s] = parts as [string, string, string];
    try {
      const header = JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as { alg?: unknown };
      if (header.alg !== "RS256") return null;
      if (!verify("sha256", Buffer.from(`${h}.${p}`), this.publicKey, Buffer.from(s, "base64url"))) return null;
      const claims = JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Claims;
      const nowSeconds = this.now() / 1000;
      if (claims.aud !== GRAPH_RESOURCE && claims.aud !== GRAPH_APP_ID) return null;
      if (claims.iss !== this.issuer || claims.tid !== this.tenantId) return null;
      if (typeof claims.exp !== "number" || claims.exp + SKEW_SECONDS < nowSeconds) return null;
      if (typeof claims.nbf === "number" && claims.nbf - SKEW_SECONDS > nowSeconds) return null;
      if (typeof claims.appid !== "string") return null;
      const roles = Array.isArray(claims.roles) ? claims.roles.filter((r): r is string => typeof r === "string") : [];
      return { appId: claims.appid, tenantId: this.tenantId, roles };
    } catch {
      return null;
    }
  }
}

function entraError(status: number, error: string, code: number, description: string, correlationId: string, nowMs: number): TokenEndpointResult {
  const traceId = randomUUID();
  const timestamp = new Date(nowMs)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  return {
    status,
    body: {
      error,
      error_description: `${description}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  if (!header?.toLowerCase().startsWith("basic ")) return null;
  const decoded = Buffer.from(header.slice(6).trim(), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  // RFC 6749 2.3.1: both parts are form-urlencoded before being joined.
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function sameSecret(given: string, expected: string): boolean {
  // Comparing digests keeps the comparison constant-time whatever the lengths.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

function b64json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function uuidFrom(seed: string): string {
  const hex = createHash("sha256").update(seed).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
