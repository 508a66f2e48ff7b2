import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { Client } from "@microsoft/microsoft-graph-client";
import type { FaultInjector } from "../../faults";
import { EntraDirectory } from "../directory";
import { grantAppPermissions, seedEntraDirectory, type SeedOptions, type SeededDirectory } from "../seed";
import { CONTOSO, SSO_BRIDGE_APP } from "../tenant";
import { startEntraCloud, type EntraCloud } from "./entra-cloud";
import type { GraphRoute } from "./routes";
import { graphMiddleware, msalNetworkClient, trustingFetch, type Fetch } from "./trusted-https";

// Shared set-up for the Graph contract tests: a seeded directory, the login host and Graph, and
// the unmodified MSAL and Graph clients configured the way SSO Bridge configures them, except
// for trusting the simulator CA.

export type GraphTestWorld = {
  directory: EntraDirectory;
  seeded: SeededDirectory;
  cloud: EntraCloud;
  fetch: Fetch;
  msal(clientSecret?: string): ConfidentialClientApplication;
  graph(): Client;
  token(): Promise<string>;
  close(): Promise<void>;
};

export const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
export const TEST_REDIRECT_URI = "http://localhost:3999/cb";

export async function startGraphTestWorld(
  opts: { seed?: SeedOptions; faults?: FaultInjector; replicationDelayMs?: number; extraRoutes?: GraphRoute[] } = {},
): Promise<GraphTestWorld> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "entra-graph-"));
  const directory = new EntraDirectory(CONTOSO.tenantId, CONTOSO.domain);
  const seeded = seedEntraDirectory(directory, opts.seed ?? { users: 30, groups: 4, seed: 7 });
  grantAppPermissions(directory);
  const cloud = await startEntraCloud({
    dataDir,
    directory,
    faults: opts.faults,
    replicationDelayMs: opts.replicationDelayMs ?? 300,
    redirectUris: [TEST_REDIRECT_URI],
    extraRoutes: opts.extraRoutes,
  });
  const fetch = trustingFetch(cloud.caPem);

  const msal = (clientSecret = SSO_BRIDGE_APP.clientSecret) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: SSO_BRIDGE_APP.clientId,
        clientSecret,
        authority: `${cloud.issuer.authorityHost}/${cloud.issuer.tenantId}`,
        // Trusting the host skips instance discovery (login.microsoftonline.com/common/discovery/instance).
        knownAuthorities: [new URL(cloud.issuer.authorityHost).host],
      },
      system: { networkClient: msalNetworkClient(fetch) },
    });

  const token = async () => {
    const result = await msal().acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    if (!result?.accessToken) throw new Error("no access token");
    return result.accessToken;
  };

  const graph = () => {
    const app = msal();
    return Client.initWithMiddleware({
      baseUrl: new URL(cloud.graph.graphBaseUrl).origin,
      defaultVersion: "v1.0",
      customHosts: new Set(["localhost"]),
      middleware: graphMiddleware(
        {
          getAccessToken: async () => {
            const result = await app.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
            return result?.accessToken ?? "";
          },
        },
        fetch,
      ),
    });
  };

  return {
    directory,
    seeded,
    cloud,
    fetch,
    msal,
    graph,
    token,
    close: async () => {
      await cloud.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
