import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { debuglog } from "node:util";
import type Provider from "oidc-provider";
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
}

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
  let app: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (app) app(req, res);
    else res.writeHead(503).end();
  };

  const secure = await listenLoopback(() => createHttpsServer({ cert: tls.certPem, key: tls.keyPem }, handle), opts.httpsPort ?? 0);
  const plain = await listenLoopback(() => createHttpServer(handle), opts.browserPort ?? 0).catch(async (err: unknown) => {
    await closeAll(secure.servers);
    throw err;
  });
  const servers = [...secure.servers, ...plain.servers];

  const authorityHost = `https://localhost:${secure.port}`;
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

/** Re-homes discovery URLs: browser endpoints on the HTTP origin, the rest on HTTPS. */
function splitDiscovery(httpsOrigin: string, browserOrigin: string): Middleware {
  return async (ctx, next) => {
    await next();
    const body: unknown = ctx.body;
    if (ctx.oidc?.route !== "discovery" || typeof body !== "object" || body === null) return;
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
function mount(prefix: string, app: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const rest = url.slice(prefix.length);
    if (url.startsWith(prefix) && (rest === "" || rest.startsWith("/") || rest.startsWith("?"))) {
      Object.assign(req, { originalUrl: url });
      req.url = rest.startsWith("/") ? rest : `/${rest}`;
      app(req, res);
      return;
    }
    res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("Not found\n");
  };
}

/**
 * Binds to loopback only. `localhost` can resolve to ::1 before 127.0.0.1, so the IPv6 loopback
 * is served on the same port too whenever the host has one.
 */
async function listenLoopback(make: () => Server, port: number): Promise<{ port: number; servers: Server[] }> {
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

async function closeAll(servers: Server[]): Promise<void> {
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
