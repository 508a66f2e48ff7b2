import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awsClients } from "@/lib/aws/aws-clients";
import type { IdentityCenter } from "@/lib/aws/identity-center";
import { createPermissionSet, listPermissionSets, type PermissionSetDefinition } from "@/lib/aws/permission-sets";
import type { AppError } from "@/lib/errors";
import { startAwsSimulatorEnv, withAwsEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";

// Which failures the unmodified SDK sends again, as SSO Bridge configures it: a read after a 5xx
// or a throttle, a write only after a throttle (AWS refuses those before acting), never after a
// 5xx, when AWS may have carried it out.

let env: AwsSimulatorEnv;

beforeAll(async () => {
  env = await startAwsSimulatorEnv();
});
afterAll(async () => env.close());

const identityCenter = (): IdentityCenter => {
  const i = env.cloud.world.instance;
  return {
    clients: awsClients({ region: env.cloud.world.region }),
    instanceArn: i.InstanceArn,
    identityStoreId: i.IdentityStoreId,
    ownerAccountId: i.OwnerAccountId,
  };
};
const definition = (name: string): PermissionSetDefinition => ({
  name,
  description: null,
  sessionDuration: "PT1H",
  relayState: null,
  managedPolicyArns: [],
  customerManagedPolicies: [],
  inlinePolicy: null,
  permissionsBoundary: null,
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e as AppError,
  );

/** Runs `fn` with the fault rules given, counting the requests that reach each route. */
async function counting(rules: Parameters<AwsSimulatorEnv["faults"]["set"]>[0], fn: () => Promise<void>): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  const decide = env.faults.decide.bind(env.faults);
  env.faults.decide = (route) => {
    seen.set(route, (seen.get(route) ?? 0) + 1);
    return decide(route);
  };
  env.faults.set(rules);
  try {
    await fn();
  } finally {
    env.faults.clear();
    env.faults.decide = decide;
  }
  return seen;
}

describe("retries", () => {
  it("sends a write once when AWS answers 500, and reports it unchanged in AWS", async () => {
    const seen = await counting([{ route: "sso-admin:CreatePermissionSet", errorRate: 1 }], async () => {
      const e = await failure(createPermissionSet(identityCenter(), definition("NeverMade")));
      expect(e.code).toBe("Unavailable");
      expect(e.message).toMatch(/AWS did not create it: there is no permission set named NeverMade\.$/);
    });
    expect(seen.get("sso-admin:CreatePermissionSet")).toBe(1);
    expect((await listPermissionSets(identityCenter())).map((p) => p.name)).not.toContain("NeverMade");
  });

  it("sends a read again when AWS answers 500, and it succeeds", async () => {
    const seen = await counting([{ route: "sso-admin:ListPermissionSets", errorRate: 1, times: 2 }], async () => {
      await listPermissionSets(identityCenter());
    });
    expect(seen.get("sso-admin:ListPermissionSets")).toBe(3);
  });

  it("sends a write again when AWS throttles it, up to AWS_MAX_ATTEMPTS", async () => {
    const made = await counting([{ route: "sso-admin:CreatePermissionSet", throttleRate: 1, times: 2 }], async () => {
      expect((await createPermissionSet(identityCenter(), definition("AfterThrottling"))).permissionSet.name).toBe("AfterThrottling");
    });
    expect(made.get("sso-admin:CreatePermissionSet")).toBe(3);
    const refused = await withAwsEnv({ AWS_MAX_ATTEMPTS: "2" }, () =>
      counting([{ route: "sso-admin:CreatePermissionSet", throttleRate: 1 }], async () => {
        expect(await failure(createPermissionSet(identityCenter(), definition("AlwaysThrottled")))).toMatchObject({ code: "Throttled" });
      }),
    );
    expect(refused.get("sso-admin:CreatePermissionSet")).toBe(2);
  });

  it("finds a set whose create answer was lost, whether as a 503 or a dropped connection, without sending it again", async () => {
    for (const [name, as] of [
      ["LostAs503", "unavailable"],
      ["LostAsDrop", "drop"],
    ] as const) {
      const seen = await counting([{ route: "sso-admin:CreatePermissionSet", lostAnswerRate: 1, lostAnswerAs: as, times: 1 }], async () => {
        const saved = await createPermissionSet(identityCenter(), definition(name));
        expect(saved.permissionSet.name).toBe(name);
        expect(saved.answerLost).toMatch(/AWS's answer to the create was lost .*found the permission set AWS had created/);
      });
      expect(seen.get("sso-admin:CreatePermissionSet")).toBe(1);
    }
    const names = (await listPermissionSets(identityCenter())).map((p) => p.name);
    expect(names.filter((n) => n.startsWith("LostAs"))).toEqual(["LostAs503", "LostAsDrop"]);
  });
});
