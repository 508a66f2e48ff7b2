import type { BrowserHosts } from "../browser-hosts";
import type { FaultInjector } from "../faults";
import type { RequestCounter } from "../request-counter";
import { startAwsApiServer } from "./aws-api-server";
import { seedOrganization } from "./organizations/seed";
import { startScimServer } from "./scim/scim-server";
import { issueScimToken } from "./scim/tokens";
import { createAwsWorld, type AwsWorld, type ScimToken } from "./world";

// The simulated AWS side as SSO Bridge sees it: the JSON APIs (sso-admin, identitystore,
// organizations) on one endpoint, the instance's SCIM endpoint, and a SCIM token generated as an
// administrator would in the console.

export type AwsCloudOptions = {
  region: string;
  accounts: number;
  seed: number;
  faults?: FaultInjector;
  requests?: RequestCounter;
  apiPort?: number;
  scimPort?: number;
  browserHosts?: BrowserHosts;
};

export type AwsCloud = { world: AwsWorld; apiEndpoint: string; scimBaseUrl: string; scimToken: ScimToken; close(): Promise<void> };

export const DEMO_ORGANIZATIONAL_UNITS = ["Workloads", "Sandbox", "Security"];

export async function startAwsCloud(opts: AwsCloudOptions): Promise<AwsCloud> {
  const world = createAwsWorld({ region: opts.region });
  seedOrganization(world, { accounts: opts.accounts, organizationalUnits: DEMO_ORGANIZATIONAL_UNITS, seed: opts.seed });
  const api = await startAwsApiServer({ world, faults: opts.faults, requests: opts.requests, port: opts.apiPort, browserHosts: opts.browserHosts });
  const scim = await startScimServer({ world, faults: opts.faults, requests: opts.requests, port: opts.scimPort }).catch(async (e: unknown) => {
    await api.close();
    throw e;
  });
  world.scim.baseUrl = scim.baseUrl;
  return {
    world,
    apiEndpoint: api.endpoint,
    scimBaseUrl: scim.baseUrl,
    scimToken: issueScimToken(world),
    close: async () => {
      await Promise.all([api.close(), scim.close()]);
    },
  };
}
