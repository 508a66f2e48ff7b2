import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_DETAIL_FAMILIES, accountAccessReadings } from "@/lib/access/access-detail-readings";
import { organizationReading } from "@/lib/access/access-readings";
import { accountAccessView, userAccessView } from "@/lib/access/access-detail-view";
import { assignInBackground } from "../support/assign-in-background";
import { checkAccessReadingNow } from "@/lib/access/check-access-now";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { createPermissionSetFor, updatePermissionSetFor } from "@/lib/access/permission-set-changes";
import { formOf, permissionSetForm } from "@/lib/access/permission-set-input";
import { permissionSetView } from "@/lib/access/permission-sets-view";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { assignmentsInAccount } from "@/lib/aws/account-assignments";
import { gatedIdentityCenter } from "@/lib/aws/identity-center";
import { BUDGETS, takeTokens } from "@/lib/cloud-readings/budget";
import { startReaders, type Readers } from "@/lib/cloud-readings/readers";
import { FORGET_UNWATCHED_AFTER_MS, forgetUnwatchedMembers } from "@/lib/cloud-readings/reading-family";
import { refreshReading } from "@/lib/cloud-readings/refresh-reading";
import { saveAwsConnection } from "@/lib/connections/aws-connection";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import { recordRequests, startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { testProvider, useFreshDatabase } from "../support/databases";

// The account, person and permission set pages as reading families, against the simulated
// sso-admin and identitystore APIs: a page asks AWS nothing, the readers read a member only while
// its page is open (once however many have it open, on however many instances), every request of
// a read spends the budget, and a change made here shows on the open pages without a reload.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-access-details" } };
let aws: AwsSimulatorEnv;
let since: ReturnType<typeof recordRequests>["since"];
let readers: Readers[] = [];
let accounts: string[] = [];
let permissionSetArn = "";
let alice = "";
let dataTeam = "";

beforeAll(async () => {
  aws = await startAwsSimulatorEnv();
  since = recordRequests(aws).since;
  await saveAwsConnection({ region: aws.cloud.world.region }, by);
  await chooseIdentityCenterInstance(null, by);
  const t = await identityCenter();
  const ids = new IdentitystoreClient({});
  alice = (
    await ids.send(
      new CreateUserCommand({
        IdentityStoreId: t.identityStoreId,
        UserName: "alice@contoso.example",
        DisplayName: "Alice Analyst",
        Name: { GivenName: "Alice", FamilyName: "Analyst" },
      }),
    )
  ).UserId!;
  dataTeam = (await ids.send(new CreateGroupCommand({ IdentityStoreId: t.identityStoreId, DisplayName: "Data team" }))).GroupId!;
  await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: t.identityStoreId, GroupId: dataTeam, MemberId: { UserId: alice } }));
  ids.destroy();
  permissionSetArn = (await createPermissionSetFor(permissionSetForm.parse({ name: "DataReaders", sessionHours: "4" }), by)).permissionSet.arn;
  await refreshReading(organizationReading);
  accounts = [...aws.cloud.world.organization.accounts.keys()].sort();
  // Two instances' readers, ticked by the tests.
  readers = ["instance-a", "instance-b"].map((id) => startReaders([], id, { tickMs: 3_600_000, families: ACCESS_DETAIL_FAMILIES }));
});
afterAll(async () => {
  for (const r of readers) r.stop();
  await aws?.close();
});

const tickAll = () => Promise.all(readers.map((r) => r.tick()));
const assign = (principalType: "USER" | "GROUP", principalId: string, accountIds: string[]) =>
  assignInBackground({ principalType, principalId, permissionSetArn, accountIds }, by);
async function shownAccount(accountId: string) {
  const shown = await accountAccessView(accountId);
  if (!shown.ok) throw new Error(shown.problem);
  return shown.data;
}
async function shownUser(userId: string) {
  const shown = await userAccessView(userId);
  if (!shown.ok) throw new Error(shown.problem);
  return shown.data;
}

describe(`the account, person and permission set pages on ${testProvider()}`, () => {
  it("reads an account only once its page is open, and then once for everyone looking, on either instance", async () => {
    await assign("GROUP", dataTeam, [accounts[0]!]);
    expect(await since(tickAll)).toEqual([]);

    const asked = await since(async () => {
      const first = await Promise.all(Array.from({ length: 50 }, () => shownAccount(accounts[0]!)));
      expect(first.every((v) => v.reading.value === null && v.reading.refreshing)).toBe(true);
    });
    expect(asked).toEqual([]);

    const read = await since(tickAll);
    expect(read.filter((r) => r === "sso-admin:ListPermissionSetsProvisionedToAccount")).toHaveLength(1);
    const view = await shownAccount(accounts[0]!);
    expect(view.reading.readAt).toBeInstanceOf(Date);
    expect(view.accountName).toBe(aws.cloud.world.organization.accounts.get(accounts[0]!)!.Name);
    expect(view.entries).toMatchObject([{ permissionSetName: "DataReaders", principal: { name: "Data team" }, members: { total: 1 } }]);
    expect(view.entries[0]!.members!.shown.map((m) => m.name)).toEqual(["Alice Analyst"]);

    // Fresh for a minute: more looking and more ticks ask AWS nothing.
    expect(
      await since(async () => {
        await Promise.all(Array.from({ length: 20 }, () => shownAccount(accounts[0]!)));
        await tickAll();
      }),
    ).toEqual([]);
  });

  it("shows what a person can reach once read, and a user the identity store does not have as not found", async () => {
    await shownUser(alice);
    await shownUser("00000000-0000-0000-0000-000000000000");
    await tickAll();
    const view = await shownUser(alice);
    expect(view.user).toMatchObject({ name: "Alice Analyst" });
    expect(view.entries.map((e) => [e.key.accountId, e.permissionSetName, e.via?.name])).toEqual([[accounts[0], "DataReaders", "Data team"]]);
    const unknown = await shownUser("00000000-0000-0000-0000-000000000000");
    expect(unknown.reading.value).not.toBeNull();
    expect(unknown.user).toBeNull();
  });

  it("shows an assignment made here on the open person and account pages at the readers' next turn, without a reload", async () => {
    await shownAccount(accounts[1]!);
    await tickAll();
    expect((await shownAccount(accounts[1]!)).entries).toEqual([]);

    await assign("USER", alice, [accounts[1]!]);
    // The change asked for both pages to be read again: the next turn reads them, fresh as they were.
    const read = await since(tickAll);
    expect(read).toContain("sso-admin:ListAccountAssignmentsForPrincipal");
    expect(read).toContain("sso-admin:ListPermissionSetsProvisionedToAccount");
    expect((await shownAccount(accounts[1]!)).entries).toMatchObject([{ principal: { name: "Alice Analyst" }, members: null }]);
    expect((await shownUser(alice)).entries.map((e) => [e.key.accountId, e.via?.name ?? "direct"]).sort()).toEqual(
      [
        [accounts[0], "Data team"],
        [accounts[1], "direct"],
      ].sort(),
    );
  });

  it("shows a permission set as saved when the change returns, and says where it is assigned", async () => {
    const shown = async () => {
      const view = await permissionSetView(permissionSetArn);
      if (!view.ok) throw new Error(view.problem);
      return view.data;
    };
    await shown();
    await tickAll();
    const before = (await shown()).value!;
    expect(before.accounts.sort()).toEqual([accounts[0], accounts[1]].sort());
    await updatePermissionSetFor(permissionSetArn, permissionSetForm.parse({ ...formOf(before.permissionSet!), description: "reads data" }), by);
    expect((await since(shown)).length).toBe(0);
    expect((await shown()).value!.permissionSet).toMatchObject({ description: "reads data", sessionDuration: "PT4H" });
  });

  it("passes every request of a read through its budget, pages of a listing included", async () => {
    const t = await identityCenter();
    let gated = 0;
    const through = gatedIdentityCenter(t, () => {
      gated += 1;
      return Promise.resolve();
    });
    const asked = await since(() => assignmentsInAccount(through, accounts[0]!));
    expect(asked.length).toBeGreaterThan(1);
    expect(gated).toBe(asked.length);

    // With SSO Bridge's share spent, Check now on a page says so and AWS is asked nothing.
    const share = process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE;
    // A token a minute: Check now's ten seconds of waiting for budget end without one.
    process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE = "0.001";
    try {
      while ((await takeTokens({ budget: BUDGETS.awsIdentityCenter, tenant: t.instanceArn })).granted);
      let answer: { problem: string | null } = { problem: null };
      expect(await since(async () => (answer = await checkAccessReadingNow({ family: "account", id: accounts[0]! })))).toEqual([]);
      expect(answer.problem).toMatch(/share of the IAM Identity Center APIs budget is spent/);
    } finally {
      if (share === undefined) delete process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE;
      else process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE = share;
    }
    // The page keeps what it had, with the reason.
    const view = await shownAccount(accounts[0]!);
    expect(view.entries).toHaveLength(1);
    expect(view.reading.problem).toMatch(/budget is spent/);
  }, 30_000);

  it("reads no page nobody has open, even when a change asked for it, and forgets one unopened for a day", async () => {
    const member = accountAccessReadings.member(accounts[2]!);
    await database.client.cloudReading.create({ data: { key: member.key, requestedAt: new Date(), watchedUntil: new Date(Date.now() - 1_000) } });
    expect(await since(tickAll)).toEqual([]);

    const later = new Date(Date.now() + FORGET_UNWATCHED_AFTER_MS + 120_000);
    await forgetUnwatchedMembers(ACCESS_DETAIL_FAMILIES, later);
    const left = await database.client.cloudReading.findMany({ select: { key: true } });
    expect(left.map((r) => r.key).filter((k) => ACCESS_DETAIL_FAMILIES.some((f) => k.startsWith(f.prefix)))).toEqual([]);
    expect(left.map((r) => r.key)).toContain(organizationReading.key);
  });
});
