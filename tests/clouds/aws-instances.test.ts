import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsClients } from "@/lib/aws/aws-clients";
import { listIdentityCenterInstances } from "@/lib/aws/identity-center-instances";
import type { AppError } from "@/lib/errors";
import { SSO_BRIDGE_ROLE_NAME } from "@/simulators/aws/world";
import { startAwsSimulatorEnv, withAwsEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";

let env: AwsSimulatorEnv;

beforeAll(async () => {
  env = await startAwsSimulatorEnv();
});
afterAll(async () => env.close());

const region = () => env.cloud.world.region;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e as AppError,
  );

describe("listIdentityCenterInstances", () => {
  it("lists the region's instance, also through an assumed role", async () => {
    const i = env.cloud.world.instance;
    const expected = {
      instanceArn: i.InstanceArn,
      identityStoreId: i.IdentityStoreId,
      ownerAccountId: i.OwnerAccountId,
      name: i.Name,
      status: "ACTIVE",
      createdAt: expect.any(Date),
    };
    expect(await listIdentityCenterInstances({ region: region() })).toEqual([expected]);
    const roleArn = `arn:aws:iam::${i.OwnerAccountId}:role/${SSO_BRIDGE_ROLE_NAME}`;
    expect(await listIdentityCenterInstances({ region: region(), roleArn })).toEqual([expected]);
  });

  it("refuses an entry without the identifiers SSO Bridge relies on", async () => {
    const instance = env.cloud.world.instance;
    const original = instance.IdentityStoreId;
    instance.IdentityStoreId = "";
    try {
      const e = await failure(listIdentityCenterInstances({ region: region() }));
      expect(e.code).toBe("CloudRejected");
      expect(e.message).toContain("IdentityStoreId");
    } finally {
      instance.IdentityStoreId = original;
    }
  });

  it("retries throttling, then reports it as Throttled", async () => {
    let attempts = 0;
    const decide = env.faults.decide.bind(env.faults);
    env.faults.decide = (route) => {
      if (route === "sso-admin:ListInstances") attempts++;
      return decide(route);
    };
    env.faults.set([{ route: "sso-admin:ListInstances", throttleRate: 1, retryAfterSeconds: 1 }]);
    try {
      const e = await failure(listIdentityCenterInstances({ region: region() }));
      expect(e.code).toBe("Throttled");
      expect(e.message).toContain("list IAM Identity Center instances");
      expect(attempts).toBe(5);
    } finally {
      env.faults.clear();
      env.faults.decide = decide;
    }
  });

  it("reports an unreachable endpoint as Unavailable, naming it", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const e = await withAwsEnv({ AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`, AWS_MAX_ATTEMPTS: "1" }, () =>
      failure(listIdentityCenterInstances({ region: region() })),
    );
    expect(e.code).toBe("Unavailable");
    expect(e.message).toContain(`127.0.0.1:${port}`);
    expect(e.message).toContain("connection refused");
  });

  it("sends Organizations to its home region, us-east-1", async () => {
    expect(await awsClients({ region: region() }).organizations.config.region()).toBe("us-east-1");
  });
});
