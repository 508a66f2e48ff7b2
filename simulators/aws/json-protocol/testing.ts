import { FaultInjector } from "../../faults";
import { createAwsWorld, type AwsWorld } from "../world";
import { startAwsApiServer, type AwsApiServer } from "../aws-api-server";
import type { SsoAdminOptions } from "../sso-admin/service";

// What every contract test needs: a fresh world, the server over it, and the configuration an
// unmodified SDK client takes to reach it.

export type TestAws = {
  world: AwsWorld;
  faults: FaultInjector;
  server: AwsApiServer;
  clientConfig: (extra?: { maxAttempts?: number }) => {
    endpoint: string;
    region: string;
    credentials: { accessKeyId: string; secretAccessKey: string };
    maxAttempts?: number;
  };
};

export async function startTestAws(opts: { ssoAdmin?: SsoAdminOptions } = {}): Promise<TestAws> {
  const world = createAwsWorld();
  const faults = new FaultInjector();
  const server = await startAwsApiServer({ world, faults, ssoAdmin: opts.ssoAdmin });
  return {
    world,
    faults,
    server,
    clientConfig: (extra = {}) => ({
      endpoint: server.endpoint,
      region: world.region,
      credentials: { accessKeyId: "AKIDSIM", secretAccessKey: "sim" },
      ...extra,
    }),
  };
}
