import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, DeleteGroupCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { auditDetails } from "@/lib/audit/audit-event-columns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { whatCanUserAccess, whoCanAccessAccount } from "@/lib/access/access-views";
import { assignAccess, assignInput, removeAssignment } from "@/lib/access/assignment-changes";
import { followAwsOperations } from "@/lib/access/aws-operations";
import { organizationTree } from "@/lib/access/organization";
import { createPermissionSetFor } from "@/lib/access/permission-set-changes";
import { permissionSetForm } from "@/lib/access/permission-set-input";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { flattenAccounts } from "@/lib/aws/organization-accounts";
import { searchPrincipals } from "@/lib/aws/identity-store-principals";
import { saveAwsConnection } from "@/lib/connections/aws-connection";
import { AppError } from "@/lib/errors";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import { DEMO_ORGANIZATIONAL_UNITS } from "@/simulators/aws/aws-cloud";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { testProvider, useFreshDatabase } from "../support/databases";

// Account assignments through lib/ against the simulated sso-admin, identitystore and
// organizations APIs: the organization's tree, assigning a provisioned group to several accounts
// and following AWS's answers, the two access views, removal, and AWS's refusals.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-assignments" } };
let aws: AwsSimulatorEnv;
let ids: IdentitystoreClient;
let storeId = "";
let permissionSetArn = "";
let dataTeam = "";
let alice = "";
let accounts: string[] = [];

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
const assign = (principalType: "USER" | "GROUP", principalId: string, accountIds: string[], opts?: Parameters<typeof assignAccess>[2]) =>
  assignAccess(assignInput.parse({ principalType, principalId, permissionSetArn, accountIds: accountIds.join(",") }), by, opts);

beforeAll(async () => {
  aws = await startAwsSimulatorEnv();
  await saveAwsConnection({ region: aws.cloud.world.region }, by);
  await chooseIdentityCenterInstance(null, by);
  const t = await identityCenter();
  storeId = t.identityStoreId;
  ids = new IdentitystoreClient({});
  const user = async (userName: string, given: string, family: string) =>
    (
      await ids.send(
        new CreateUserCommand({
          IdentityStoreId: storeId,
          UserName: userName,
          DisplayName: `${given} ${family}`,
          Name: { GivenName: given, FamilyName: family },
        }),
      )
    ).UserId!;
  alice = await user("alice@contoso.example", "Alice", "Analyst");
  const bob = await user("bob@contoso.example", "Bob", "Builder");
  dataTeam = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "Data team" }))).GroupId!;
  for (const member of [alice, bob])
    await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: dataTeam, MemberId: { UserId: member } }));
  permissionSetArn = (
    await createPermissionSetFor(
      permissionSetForm.parse({ name: "DataReaders", sessionHours: "4", managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
      by,
    )
  ).arn;
});

afterAll(async () => {
  await aws?.close();
});

describe(`account assignments on ${testProvider()}`, () => {
  it("reads the organization as its tree of units and accounts", async () => {
    const tree = await organizationTree(await identityCenter(), { fresh: true });
    expect(tree.name).toBe("Root");
    expect(tree.units.map((u) => u.name)).toEqual([...DEMO_ORGANIZATIONAL_UNITS].sort());
    const flat = flattenAccounts(tree);
    expect(flat.map((a) => a.id).sort()).toEqual([...aws.cloud.world.organization.accounts.keys()].sort());
    expect(flat.every((a) => a.path[0] === "Root")).toBe(true);
    accounts = flat.map((a) => a.id);
  });

  it("finds provisioned users and groups by part of their name", async () => {
    const { principals } = await searchPrincipals(await identityCenter(), "dat");
    expect(principals).toEqual([{ type: "GROUP", id: dataTeam, name: "Data team", detail: null }]);
    expect((await searchPrincipals(await identityCenter(), "alice")).principals.map((p) => p.name)).toEqual(["Alice Analyst"]);
    expect((await searchPrincipals(await identityCenter(), "Alice@Contoso.example")).principals).toEqual([
      { type: "USER", id: alice, name: "Alice Analyst", detail: "alice@contoso.example" },
    ]);
    expect(await refusal(searchPrincipals(await identityCenter(), "a"))).toMatchObject({ code: "InvalidInput" });
  });

  it("assigns a group to two accounts in one action and follows both to success", async () => {
    const result = await assign("GROUP", dataTeam, accounts.slice(0, 2));
    expect(result.principal.name).toBe("Data team");
    expect(result.outcomes.map((o) => [o.accountId, o.status])).toEqual(accounts.slice(0, 2).map((a) => [a, "SUCCEEDED"]));
    const events = await database.client.auditEvent.findMany({ where: { action: "assignment.create" } });
    expect(events.map((e) => e.targetId).sort()).toEqual(accounts.slice(0, 2).sort());
    expect(JSON.parse(events[0]!.details)).toMatchObject({ principal: { name: "Data team" }, permissionSet: { name: "DataReaders" } });
    expect(await database.client.auditEvent.count({ where: { action: "create-assignment.complete" } })).toBe(2);
  });

  it("answers who can reach an account, through which group and permission set", async () => {
    const view = await whoCanAccessAccount(accounts[0]!);
    expect(view.entries).toHaveLength(1);
    expect(view.entries[0]).toMatchObject({ permissionSetName: "DataReaders", principal: { name: "Data team" }, members: { total: 2 } });
    expect(view.entries[0]!.members!.shown.map((m) => m.name).sort()).toEqual(["Alice Analyst", "Bob Builder"]);
    expect((await whoCanAccessAccount(accounts[2]!)).entries).toEqual([]);
  });

  it("answers what a user can reach, directly and through groups", async () => {
    await assign("USER", alice, [accounts[2]!]);
    const view = await whatCanUserAccess(alice);
    expect(view.groups.map((g) => g.name)).toEqual(["Data team"]);
    expect(view.entries.map((e) => [e.key.accountId, e.permissionSetName, e.via?.name ?? "direct"]).sort()).toEqual(
      [
        [accounts[0], "DataReaders", "Data team"],
        [accounts[1], "DataReaders", "Data team"],
        [accounts[2], "DataReaders", "direct"],
      ].sort(),
    );
  });

  it("refuses a principal that provisioning has not brought to AWS, and accounts outside the organization", async () => {
    expect(await refusal(assign("GROUP", "00000000-0000-4000-8000-000000000000", [accounts[0]!]))).toMatchObject({
      code: "NotFound",
      message: expect.stringMatching(/not in the AWS identity store.*provision/),
    });
    expect(await refusal(assign("GROUP", dataTeam, ["123456789012"]))).toMatchObject({
      code: "InvalidInput",
      message: expect.stringMatching(/123456789012 is not an account of this organization/),
    });
    expect(assignInput.safeParse({ principalType: "GROUP", principalId: dataTeam, permissionSetArn, accountIds: "" }).success).toBe(false);
  });

  it("shows AWS's reason when an assignment fails after it was accepted", async () => {
    const doomed = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "Short-lived" }))).GroupId!;
    const result = await assign("GROUP", doomed, [accounts[2]!], {
      // The group disappears while AWS works on the request, as when provisioning removes it.
      sleep: async (ms) => {
        await ids.send(new DeleteGroupCommand({ IdentityStoreId: storeId, GroupId: doomed })).catch(() => undefined);
        await new Promise((r) => setTimeout(r, ms));
      },
    });
    expect(result.outcomes[0]).toMatchObject({ status: "FAILED", reason: expect.stringMatching(/does not exist in the identity store/) });
    expect(await database.client.auditEvent.count({ where: { action: "create-assignment.fail", outcome: "failure" } })).toBe(1);
  });

  it("sends again when AWS throttles, once it lets requests through", async () => {
    aws.faults.set([{ route: "sso-admin:CreateAccountAssignment", throttleRate: 1, retryAfterSeconds: 0 }]);
    let waits = 0;
    const result = await assign("GROUP", dataTeam, [accounts[2]!], {
      sleep: async (ms) => {
        waits += 1;
        aws.faults.set([]);
        await new Promise((r) => setTimeout(r, Math.min(ms, 200)));
      },
    });
    expect(waits).toBeGreaterThan(0);
    expect(result.outcomes[0]).toMatchObject({ status: "SUCCEEDED" });
  }, 60_000);

  it("removes an assignment, audited with the access that went away", async () => {
    const removed = await removeAssignment({ accountId: accounts[0]!, permissionSetArn, principalType: "GROUP", principalId: dataTeam }, by);
    expect(removed).toEqual({ principal: "Data team", permissionSet: "DataReaders", accountId: accounts[0] });
    // Nobody watches the page: the background task follows the request to its end.
    expect(await followAwsOperations()).toBe("0 requests ended");
    await new Promise((r) => setTimeout(r, 700));
    expect(await followAwsOperations()).toBe("1 request ended");
    expect(await followAwsOperations()).toBe("no request in progress");
    expect((await whoCanAccessAccount(accounts[0]!)).entries).toEqual([]);
    const [event] = await database.client.auditEvent.findMany({ where: { action: "assignment.delete" } });
    expect(auditDetails.decode(event!.details).before).toEqual({ principal: "Data team", permissionSet: "DataReaders", accountId: accounts[0] });
  });
});
