import { readBody } from "../read-body";
import { createServer as createHttpServer, IncomingMessage, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { debuglog } from "node:util";
import type { default as Provider, KoaContextWithOIDC } from "oidc-provider";
import type { RequestCounter } from "../request-counter";
import { ensureLocalTls } from "../tls";
import { createEntraProvider } from "./provider";
import { CONTOSO, SSO_BRIDGE_APP } from "./tenant";

export interface EntraOidcOptions {
  /** Where the simulator keeps its TLS material (under `tls/`). */
  dataDir: string;
  /** HTTPS port for back-channel calls; 0 (the default) picks a free port. */
  httpsPort?: number;
  /** Plain HTTP port for the browser-facing pages; 0 (the default) picks a free port. */
  browserPort?: number;
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  /** Answers grant_type=client_credentials at the token endpoints; other grants go on to oidc-provider. */
  clientCredentials?: ClientCredentialsGrant;
  /** Further back-channel endpoints on the HTTPS login host, such as per-app federation metadata. */
  loginRoutes?: LoginRoute[];
  requests?: RequestCounter;
}

export interface ClientCredentialsGrant {
  /** `authorityHost` is the HTTPS origin of the token endpoint, which client assertions name as their audience. */
  clientCredentials(tenantSegment: string, form: URLSearchParams, headers: IncomingHttpHeaders, authorityHost: string): { status: number; body: unknown };
}

/** Returns true when it answered the request; `authorityHost` is the HTTPS origin it is served on. */
export type LoginRoute = (req: IncomingMessage, res: ServerResponse, authorityHost: string) => boolean | Promise<boolean>;

export interface EntraOidcIssuer {
  /** `https://localhost:<httpsPort>`; stands in for `https://login.microsoftonline.com`. */
  authorityHost: string;
  /** `${authorityHost}/${tenantId}/v2.0`, the same shape as an Entra v2 issuer. */
  issuer: string;
  /** `http://localhost:<browserPort>`; the only origin a browser is sent to. */
  browserBase: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** CA that signed the HTTPS certificate; callers add it to NODE_EXTRA_CA_CERTS. */
  caCertPath: string;
  close(): Promise<void>;
}

const log = debuglog("entra-sim");

/** "login:POST /{id}/oauth2/v2.0/token": ids (the tenant, interaction ids) folded so routes add up. */
function loginRouteName(req: IncomingMessage): string {
  const path = new URL(req.url ?? "/", "http://login").pathname
    .split("/")
    .map((segment) => (/^[0-9a-f-]{36}$/i.test(segment) || segment.length >= 20 ? "{id}" : segment))
    .join("/");
  return `login:${req.method ?? "GET"} ${path}`;
}
/** Endpoints a browser navigates to; everything else in discovery is called server to server. */
const BROWSER_ENDPOINTS = new Set(["authorization_endpoint", "end_session_endpoint"]);

/**
 * Starts a stand-in for Entra ID's v2 OpenID Connect endpoints for the demo tenant.
 *
 * Back-channel traffic uses HTTPS with a locally generated CA, as against real Entra. Browsers do
 * not trust that CA, so the same provider is also served over plain HTTP and discovery points the
 * browser-facing endpoints there.
 */
export async function startEntraOidc(opts: EntraOidcOptions): Promise<EntraOidcIssuer> {
  const tls = await ensureLocalTls(path.join(opts.dataDir, "tls"));
  const mountPath = `/${CONTOSO.tenantId}/v2.0`;
  // Servers start before the provider exists because the issuer has to contain the real port.
  let app: Listener | undefined;
  let authorityHost = "";
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    opts.requests?.count("entra-login", loginRouteName(req));
    const ready = app;
    if (!ready) {
      res.writeHead(503).end();
      return;
    }
    dispatch(req, res, ready).catch((err: unknown) => {
      log("back-channel error: %O", err);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("Internal error\n");
      else res.destroy();
    });
  };
  const dispatch = async (req: IncomingMessage, res: ServerResponse, provider: Listener) => {
    for (const route of opts.loginRoutes ?? []) if (await route(req, res, authorityHost)) return;
    const tenantSegment = opts.clientCredentials && req.method === "POST" ? tokenEndpointTenant(req.url ?? "/") : null;
    if (!opts.clientCredentials || tenantSegment === null) return provider(req, res);
    const raw = await readBody(req, MAX_TOKEN_REQUEST_BYTES);
    const form = new URLSearchParams(raw.toString("utf8"));
    if (form.get("grant_type") === "client_credentials") {
      const result = opts.clientCredentials.clientCredentials(tenantSegment, form, req.headers, authorityHost);
      res.writeHead(result.status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", Pragma: "no-cache" });
      res.end(JSON.stringify(result.body));
      return;
    }
    await provider(replay(req, raw), res);
  };

  const secure = await listenLoopback(() => createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, handle), opts.httpsPort ?? 0);
  const plain = await listenLoopback(() => createHttpServer(handle), opts.browserPort ?? 0).catch(async (err: unknown) => {
    await closeAll(secure.servers);
    throw err;
  });
  const servers = [...secure.servers, ...plain.servers];

  authorityHost = `https://localhost:${secure.port}`;
  const browserBase = `http://localhost:${plain.port}`;
  const issuer = `${authorityHost}${mountPath}`;
  try {
    const provider = await createEntraProvider({
      issuer,
      redirectUris: opts.redirectUris,
      postLogoutRedirectUris: opts.postLogoutRedirectUris ?? [],
      log,
    });
    provider.use(splitDiscovery(authorityHost, browserBase));
    app = mount(mountPath, provider.callback());
  } catch (err) {
    await closeAll(servers);
    throw err;
  }
  log("issuer %s, browser pages on %s", issuer, browserBase);

  return {
    authorityHost,
    issuer,
    browserBase,
    tenantId: CONTOSO.tenantId,
    clientId: SSO_BRIDGE_APP.clientId,
    clientSecret: SSO_BRIDGE_APP.clientSecret,
    caCertPath: tls.caCertPath,
    close: () => closeAll(servers),
  };
}

type Middleware = Parameters<Provider["use"]>[0];
/** A request handler that settles when it has answered, as Koa's `callback()` does. */
type Listener = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/**
 * The tenant segment of a token endpoint: oidc-provider's own (`/<tenant>/v2.0/token`, which
 * discovery advertises) and Entra's `/<tenant>/oauth2/v2.0/token` and v1 `/<tenant>/oauth2/token`.
 */
export function tokenEndpointTenant(url: string): string | null {
  const match = /^\/([^/?]+)\/(?:v2\.0\/token|oauth2\/v2\.0\/token|oauth2\/token)(?:\?|$)/.exec(url);
  return match?.[1] ? decodeURIComponent(match[1]) : null;
}

const MAX_TOKEN_REQUEST_BYTES = 64 * 1024;

/**
 * A fresh request carrying an already-read body, so oidc-provider can parse it as if untouched.
 * Its body parser reads the stream itself and only falls back to `req.body` with a warning.
 */
function replay(original: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(original.socket);
  copy.method = original.method;
  copy.url = original.url;
  copy.headers = original.headers;
  copy.rawHeaders = original.rawHeaders;
  copy.httpVersion = original.httpVersion;
  copy.httpVersionMajor = original.httpVersionMajor;
  copy.httpVersionMinor = original.httpVersionMinor;
  copy.complete = true;
  copy.push(body);
  copy.push(null);
  return copy;
}

/** Re-homes discovery URLs: browser endpoints on the HTTP origin, the rest on HTTPS. */
function splitDiscovery(httpsOrigin: string, browserOrigin: string): Middleware {
  return async (ctx, next) => {
    await next();
    const body: unknown = ctx.body;
    // oidc-provider's context is there only on the routes it served.
    if ((ctx as Partial<KoaContextWithOIDC>).oidc?.route !== "discovery" || typeof body !== "object" || body === null) return;
    const doc = body as Record<string, unknown>;
    const served = new URL(ctx.href).origin;
    for (const [key, value] of Object.entries(doc)) {
      if (typeof value !== "string" || !value.startsWith(`${served}/`)) continue;
      const origin = BROWSER_ENDPOINTS.has(key) ? browserOrigin : httpsOrigin;
      doc[key] = origin + value.slice(served.length);
    }
  };
}

/**
 * Hands requests under `prefix` to the provider with the prefix removed. oidc-provider rebuilds
 * absolute URLs from `req.originalUrl` minus `req.url`, the convention Express mounting uses.
 */
function mount(prefix: string, app: Listener): Listener {
  return async (req, res) => {
    const url = req.url ?? "/";
    const rest = url.slice(prefix.length);
    if (url.startsWith(prefix) && (rest === "" || rest.startsWith("/") || rest.startsWith("?"))) {
      Object.assign(req, { originalUrl: url });
      req.url = rest.startsWith("/") ? rest : `/${rest}`;
      await app(req, res);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
  };
}

/**
 * Binds to loopback only. `localhost` can resolve to ::1 before 127.0.0.1, so the IPv6 loopback
 * is served on the same port too whenever the host has one.
 */
export async function listenLoopback(make: () => Server, port: number): Promise<{ port: number; servers: Server[] }> {
  const primary = make();
  await listen(primary, port, "127.0.0.1");
  const actual = (primary.address() as AddressInfo).port;
  const secondary = make();
  try {
    await listen(secondary, actual, "::1");
    return { port: actual, servers: [primary, secondary] };
  } catch (err) {
    log("IPv6 loopback unavailable on port %d: %s", actual, (err as Error).message);
    return { port: actual, servers: [primary] };
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

export async function closeAll(servers: Server[]): Promise<void> {
  await Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
          // Keep-alive sockets would otherwise hold close() open until they time out.
          server.closeAllConnections();
        }),
    ),
  );
}
