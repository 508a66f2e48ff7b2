import path from "node:path";
import type { FaultInjector } from "../../faults";
import type { RequestCounter } from "../../request-counter";
import { ensureLocalTls } from "../../tls";
import type { EntraDirectory } from "../directory";
import { startEntraOidc, type EntraOidcIssuer } from "../oidc-issuer";
import { SSO_BRIDGE_APP } from "../tenant";
import { AppTokenIssuer, type ConfidentialClient } from "./app-tokens";
import { federationMetadataRoute } from "./federation-metadata";
import { startGraphServer, type GraphServer } from "./graph-server";
import type { GraphRoute } from "./routes";
import { signInLogRoutes } from "./sign-in-logs";
import { BrowserHosts } from "../../browser-hosts";
import { samlSignInRoute } from "../saml/saml-sign-in";

// The login host (OpenID Connect, client credentials, federation metadata) and Graph, wired to
// one directory and one token key, as SSO Bridge sees Entra.

export type EntraCloudOptions = {
  dataDir: string;
  directory: EntraDirectory;
  redirectUris?: string[];
  postLogoutRedirectUris?: string[];
  /** confidential clients allowed to use client credentials (default: the SSO Bridge app) */
  clients?: ConfidentialClient[];
  faults?: FaultInjector;
  requests?: RequestCounter;
  extraRoutes?: GraphRoute[];
  replicationDelayMs?: number;
  httpsPort?: number;
  browserPort?: number;
  graphPort?: number;
  /** where a browser reaches the public hosts the SAML endpoint posts responses to */
  browserHosts?: BrowserHosts;
};

export type EntraCloud = {
  issuer: EntraOidcIssuer;
  graph: GraphServer;
  tokens: AppTokenIssuer;
  caPem: string;
  close(): Promise<void>;
};

export async function startEntraCloud(opts: EntraCloudOptions): Promise<EntraCloud> {
  const tokens = new AppTokenIssuer({ directory: opts.directory, clients: opts.clients ?? [SSO_BRIDGE_APP] });
  const issuer = await startEntraOidc({
    dataDir: opts.dataDir,
    httpsPort: opts.httpsPort,
    browserPort: opts.browserPort,
    redirectUris: opts.redirectUris ?? [],
    postLogoutRedirectUris: opts.postLogoutRedirectUris,
    clientCredentials: tokens,
    loginRoutes: [federationMetadataRoute(opts.directory), samlSignInRoute(opts.directory, opts.browserHosts ?? new BrowserHosts())],
    requests: opts.requests,
  });
  try {
    // The issuer generated (or reused) this material; reading it again returns the same files.
    const tls = await ensureLocalTls(path.join(opts.dataDir, "tls"));
    const graph = await startGraphServer({
      directory: opts.directory,
      tls,
      verifyToken: (jwt) => tokens.verify(jwt),
      faults: opts.faults,
      requests: opts.requests,
      port: opts.graphPort,
      extraRoutes: [...signInLogRoutes(opts.directory), ...(opts.extraRoutes ?? [])],
      replicationDelayMs: opts.replicationDelayMs,
    });
    return {
      issuer,
      graph,
      tokens,
      caPem: tls.caPem,
      close: async () => {
        await graph.close();
        await issuer.close();
      },
    };
  } catch (err) {
    await issuer.close();
    throw err;
  }
}
