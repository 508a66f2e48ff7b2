import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resetAwsClients } from "@/lib/aws/aws-clients";
import { startAwsCloud, type AwsCloud } from "@/simulators/aws/aws-cloud";
import { SIMULATOR_ACCESS_KEY_ID } from "@/simulators/aws/sts/caller";
import { FaultInjector } from "@/simulators/faults";

// The AWS simulator in-process and the standard AWS environment variables pointing at it, as
// demo mode sets them. No real profile, credentials file or instance metadata is ever consulted.

const MANAGED = /^AWS_/;

export type AwsSimulatorEnv = { cloud: AwsCloud; faults: FaultInjector; close(): Promise<void> };

export async function startAwsSimulatorEnv(opts: { accounts?: number } = {}): Promise<AwsSimulatorEnv> {
  const saved = Object.fromEntries(Object.entries(process.env).filter(([k]) => MANAGED.test(k)));
  const faults = new FaultInjector();
  const cloud = await startAwsCloud({ region: "eu-west-1", accounts: opts.accounts ?? 2, seed: 3, faults });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sso-bridge-aws-"));
  for (const file of ["config", "credentials"]) fs.writeFileSync(path.join(dir, file), "");
  for (const key of Object.keys(saved)) delete process.env[key];
  Object.assign(process.env, {
    AWS_REGION: cloud.world.region,
    AWS_ENDPOINT_URL: cloud.apiEndpoint,
    AWS_ACCESS_KEY_ID: SIMULATOR_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY: "simulator-secret-access-key",
    AWS_CONFIG_FILE: path.join(dir, "config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  });
  resetAwsClients();
  return {
    cloud,
    faults,
    close: async () => {
      resetAwsClients();
      await cloud.close();
      for (const key of Object.keys(process.env)) if (MANAGED.test(key)) delete process.env[key];
      Object.assign(process.env, saved);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` with some AWS variables changed (undefined removes one), on fresh clients, then puts them back. */
export async function withAwsEnv<T>(changes: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(changes).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  };
  apply(changes);
  resetAwsClients();
  try {
    return await fn();
  } finally {
    apply(before);
    resetAwsClients();
  }
}

/** Every request the simulated AWS answers from now on, by route ("sso-admin:ListPermissionSets"), and those an act makes. */
export function recordRequests(aws: AwsSimulatorEnv): { requests: string[]; since: (act: () => Promise<unknown>) => Promise<string[]> } {
  const requests: string[] = [];
  const decide = aws.faults.decide.bind(aws.faults);
  aws.faults.decide = (route) => {
    requests.push(route);
    return decide(route);
  };
  return {
    requests,
    since: async (act) => {
      const from = requests.length;
      await act();
      return requests.slice(from);
    },
  };
}
