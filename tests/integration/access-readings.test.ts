import { CreatePermissionSetCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizationReading, permissionSetsReading, readPermissionSets } from "@/lib/access/access-readings";
import { checkAccessReadingNow } from "@/lib/access/check-access-now";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { organizationView } from "@/lib/access/organization-view";
import { createPermissionSetFor, deletePermissionSetFor, updatePermissionSetFor } from "@/lib/access/permission-set-changes";
import { formOf, permissionSetForm } from "@/lib/access/permission-set-input";
import { permissionSetsView } from "@/lib/access/permission-sets-view";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { flattenAccounts } from "@/lib/aws/organization-accounts";
import { readPermissionSet } from "@/lib/aws/permission-sets";
import { BUDGETS, bucketOf, budgetKey, takeTokens } from "@/lib/cloud-readings/budget";
import { requestRefresh, storedReading } from "@/lib/cloud-readings/cloud-reading";
import { refreshReading } from "@/lib/cloud-readings/refresh-reading";
import { saveAwsConnection } from "@/lib/connections/aws-connection";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import { recordRequests, startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { testProvider, useFreshDatabase } from "../support/databases";

// The Access page's permission sets and organization as stored readings, against the simulated
// sso-admin and Organizations APIs: what a read asks AWS, that showing them asks AWS nothing, that
// a change made here is in the list when it returns, that many Check nows are one read, and that a
// throttled or failing AWS leaves the last list on screen with its age and the reason.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-ada", label: "Ada Admin" }, context: { requestId: "req-access-readings" } };
let aws: AwsSimulatorEnv;
let recorded: ReturnType<typeof recordRequests>;

beforeAll(async () => {
  aws = await startAwsSimulatorEnv();
  recorded = recordRequests(aws);
});
afterAll(async () => {
  await aws?.close();
});

const count = (route: string) => recorded.requests.filter((r) => r === route).length;
const since = (act: () => Promise<unknown>) => recorded.since(act);
const names = async () => (await storedReading(permissionSetsReading)).value?.sets.map((s) => s.name);
const form = (f: Record<string, string>) => permissionSetForm.parse({ sessionHours: "2", ...f });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe(`the Access page's readings on ${testProvider()}`, () => {
  it("reads nothing until an IAM Identity Center instance is chosen", async () => {
    const asked = await since(() => refreshReading(permissionSetsReading));
    expect(asked).toEqual([]);
    expect(await storedReading(permissionSetsReading)).toMatchObject({ value: null, problem: null });
    await saveAwsConnection({ region: aws.cloud.world.region }, by);
    await chooseIdentityCenterInstance(null, by);
  });

  it("describes each set once: a later read lists them and describes only the new one", async () => {
    const t = await identityCenter();
    const admin = new SSOAdminClient({});
    for (const Name of ["Alpha", "Bravo", "Charlie"]) await admin.send(new CreatePermissionSetCommand({ InstanceArn: t.instanceArn, Name }));
    const first = await since(() => refreshReading(permissionSetsReading));
    expect(first.filter((r) => r === "sso-admin:ListPermissionSets")).toHaveLength(1);
    expect(first.filter((r) => r === "sso-admin:DescribePermissionSet")).toHaveLength(3);
    expect(await names()).toEqual(["Alpha", "Bravo", "Charlie"]);

    await admin.send(new CreatePermissionSetCommand({ InstanceArn: t.instanceArn, Name: "Delta", Description: "made in the console" }));
    await requestRefresh(permissionSetsReading);
    const second = await since(() => refreshReading(permissionSetsReading));
    expect(second).toEqual(["sso-admin:ListPermissionSets", "sso-admin:DescribePermissionSet"]);
    expect((await storedReading(permissionSetsReading)).value?.sets.find((s) => s.name === "Delta")).toMatchObject({ description: "made in the console" });
    admin.destroy();

    // Every request spent a token of the instance's IAM Identity Center budget, shared with the other instances.
    const bucket = await database.client.cloudBudget.findUnique({ where: { key: budgetKey({ budget: BUDGETS.awsIdentityCenter, tenant: t.instanceArn }) } });
    expect(bucket!.tokens).toBeLessThan(bucketOf(BUDGETS.awsIdentityCenter).capacity);
  });

  it("reads the organization's tree, spending the AWS Organizations budget", async () => {
    const t = await identityCenter();
    const asked = await since(() => refreshReading(organizationReading));
    expect(asked[0]).toBe("organizations:ListRoots");
    const { value } = await storedReading(organizationReading);
    expect(
      flattenAccounts(value!.root)
        .map((a) => a.id)
        .sort(),
    ).toEqual([...aws.cloud.world.organization.accounts.keys()].sort());
    expect(value!.root.units.map((u) => u.name)).toEqual(["Sandbox", "Security", "Workloads"]);
    const bucket = await database.client.cloudBudget.findUnique({ where: { key: budgetKey({ budget: BUDGETS.awsOrganizations, tenant: t.ownerAccountId }) } });
    expect(bucket).not.toBeNull();
  });

  it("shows the Access page's lists without asking AWS anything", async () => {
    const asked = await since(async () => {
      for (let i = 0; i < 5; i++) {
        const [sets, organization] = await Promise.all([permissionSetsView(), organizationView()]);
        expect(sets.ok && sets.data.value?.sets.map((s) => s.name)).toEqual(["Alpha", "Bravo", "Charlie", "Delta"]);
        expect(sets.ok && sets.data.readAt).toBeInstanceOf(Date);
        expect(organization.ok && organization.data.value?.root.name).toBe("Root");
      }
    });
    expect(asked).toEqual([]);
  });

  it("has a set created, changed or deleted here in the stored list when the change returns", async () => {
    const created = await createPermissionSetFor(form({ name: "Echo", description: "first words" }), by);
    expect(created.problems).toEqual([]);
    expect(await names()).toContain("Echo");

    const current = await readPermissionSet(await identityCenter(), created.permissionSet.arn);
    await updatePermissionSetFor(created.permissionSet.arn, form({ ...formOf(current), description: "second words", sessionHours: "8" }), by);
    expect((await storedReading(permissionSetsReading)).value?.sets.find((s) => s.name === "Echo")).toMatchObject({
      description: "second words",
      sessionDuration: "PT8H",
    });

    await deletePermissionSetFor(created.permissionSet.arn, by);
    expect(await names()).not.toContain("Echo");
  });

  it("shows a change made while a read was under way, not the summary that read began with", async () => {
    const created = await createPermissionSetFor(form({ name: "Hotel", description: "as it was" }), by);
    const arn = created.permissionSet.arn;
    // A read that lists slowly, begun before the change: it knows Hotel as it was, and keeps that.
    aws.faults.set([{ route: "sso-admin:ListPermissionSets", latencyMs: 1_500, times: 1 }]);
    await requestRefresh(permissionSetsReading);
    const underWay = refreshReading(permissionSetsReading);
    try {
      await sleep(300);
      const current = await readPermissionSet(await identityCenter(), arn);
      await updatePermissionSetFor(arn, form({ ...formOf(current), description: "as changed" }), by);
      expect((await storedReading(permissionSetsReading)).value?.sets.find((s) => s.arn === arn)).toMatchObject({ description: "as changed" });
    } finally {
      aws.faults.set([]);
      await underWay;
    }
    await deletePermissionSetFor(arn, by);
  });

  it("lists the sets the budget leaves undescribed for now, and describes them at the readers' next turn", async () => {
    const t = await identityCenter();
    const admin = new SSOAdminClient({});
    for (const Name of ["Foxtrot", "Golf"]) await admin.send(new CreatePermissionSetCommand({ InstanceArn: t.instanceArn, Name }));
    admin.destroy();
    // A share so small that the bucket holds one token and refills one a second: emptied, it has none to give at once.
    const share = process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE;
    process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE = "0.01";
    try {
      const key = { budget: BUDGETS.awsIdentityCenter, tenant: t.instanceArn };
      while ((await takeTokens(key)).granted);
      const asked = await since(async () => {
        const partial = await readPermissionSets(0);
        expect(partial.sets.map((s) => s.name)).toEqual(["Alpha", "Bravo", "Charlie", "Delta"]);
        expect(partial.undescribed).toHaveLength(2);
      });
      expect(asked).toEqual(["sso-admin:ListPermissionSets"]);
      expect((await storedReading(permissionSetsReading)).refreshing).toBe(true);
    } finally {
      if (share === undefined) delete process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE;
      else process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE = share;
    }
    await refreshReading(permissionSetsReading);
    expect(await storedReading(permissionSetsReading)).toMatchObject({ value: { undescribed: [] }, refreshing: false });
    expect(await names()).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Foxtrot", "Golf"]);
  });

  it("makes one list read of 50 concurrent Check nows", async () => {
    // Older than what Check now takes as fresh enough.
    await sleep(2_100);
    const lists = count("sso-admin:ListPermissionSets");
    const answers = await Promise.all(Array.from({ length: 50 }, () => checkAccessReadingNow("permission-sets")));
    expect(answers.every((a) => a.problem === null)).toBe(true);
    expect(count("sso-admin:ListPermissionSets") - lists).toBe(1);
    // Straight after, the value just read serves another Check now.
    expect(await since(() => checkAccessReadingNow("permission-sets"))).toEqual([]);

    const roots = count("organizations:ListRoots");
    await Promise.all(Array.from({ length: 50 }, () => checkAccessReadingNow("organization")));
    expect(count("organizations:ListRoots") - roots).toBe(1);
  });

  it("keeps the last list on screen, with its age and the reason, while AWS throttles", async () => {
    const last = await storedReading(permissionSetsReading);
    aws.faults.set([{ route: "sso-admin:ListPermissionSets", throttleRate: 1 }]);
    try {
      await requestRefresh(permissionSetsReading);
      await refreshReading(permissionSetsReading);
    } finally {
      aws.faults.set([]);
    }
    const shown = await permissionSetsView();
    expect(shown.ok && shown.data).toMatchObject({
      value: { sets: last.value!.sets },
      readAt: last.readAt,
      problem: expect.stringMatching(/AWS is throttling SSO Bridge's requests to list the permission sets/),
      refreshing: false,
    });
  }, 60_000);

  it("keeps the last organization on screen, with the reason, through an AWS Organizations outage", async () => {
    const last = await storedReading(organizationReading);
    aws.faults.set([{ route: "organizations:*", errorRate: 1 }]);
    try {
      await requestRefresh(organizationReading);
      await refreshReading(organizationReading);
    } finally {
      aws.faults.set([]);
    }
    const shown = await organizationView();
    expect(shown.ok && shown.data).toMatchObject({
      value: last.value,
      readAt: last.readAt,
      problem: expect.stringMatching(/AWS had an internal error/),
    });
    // Once AWS answers again, Check now brings it back up to date.
    expect(await checkAccessReadingNow("organization")).toEqual({ problem: null });
  }, 60_000);
});
