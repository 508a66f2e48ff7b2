import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, DeleteGroupCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { auditDetails } from "@/lib/audit/audit-event-columns";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { accountAccessReadings, userAccessReadings } from "@/lib/access/access-detail-readings";
import { accountAccessView, userAccessView } from "@/lib/access/access-detail-view";
import { assignInput, removeAssignment } from "@/lib/access/assignment-changes";
import { assignInBackground } from "../support/assign-in-background";
import { followAwsOperations, recordOperation } from "@/lib/access/aws-operations";
import { organizationTree } from "@/lib/access/organization";
import { createPermissionSetFor } from "@/lib/access/permission-set-changes";
import { permissionSetForm } from "@/lib/access/permission-set-input";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { assignmentsOfPrincipal, createAccountAssignment } from "@/lib/aws/account-assignments";
import { flattenAccounts } from "@/lib/aws/organization-accounts";
import { searchPrincipals } from "@/lib/aws/identity-store-principals";
import { refreshReading } from "@/lib/cloud-readings/refresh-reading";
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

// What the account and person pages show once the readers have read them.
const whoCanAccessAccount = async (accountId: string) => {
  await refreshReading(accountAccessReadings.member(accountId));
  const shown = await accountAccessView(accountId);
  if (!shown.ok) throw new Error(shown.problem);
  return shown.data;
};
const whatCanUserAccess = async (userId: string) => {
  await refreshReading(userAccessReadings.member(userId));
  const shown = await userAccessView(userId);
  if (!shown.ok) throw new Error(shown.problem);
  return shown.data;
};
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
const assign = (principalType: "USER" | "GROUP", principalId: string, accountIds: string[], opts?: Parameters<typeof assignInBackground>[2]) =>
  assignInBackground({ principalType, principalId, permissionSetArn, accountIds }, by, opts);

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
  ).permissionSet.arn;
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
    expect(removed).toEqual({ principal: "Data team", permissionSet: "DataReaders", accountId: accounts[0], problem: null });
    // Nobody watches the page: the background task follows the request to its end.
    expect(await followAwsOperations()).toBe("0 requests ended");
    await new Promise((r) => setTimeout(r, 700));
    expect(await followAwsOperations()).toBe("1 request ended");
    expect(await followAwsOperations()).toBe("no request in progress");
    expect((await whoCanAccessAccount(accounts[0]!)).entries).toEqual([]);
    const [event] = await database.client.auditEvent.findMany({ where: { action: "assignment.delete" } });
    expect(auditDetails.decode(event!.details).before).toEqual({ principal: "Data team", permissionSet: "DataReaders", accountId: accounts[0] });
  });

  it("keeps a request id AWS reports twice as one request to follow, without failing", async () => {
    const op = {
      kind: "create-assignment" as const,
      request: { requestId: "0b8d7c1e-2f3a-4b5c-8d9e-0f1a2b3c4d5e", status: "IN_PROGRESS" as const, failureReason: null },
      permissionSetArn,
      permissionSetName: "DataReaders",
      accountId: accounts[0]!,
      requestedBy: "Olivia Operator",
    };
    await recordOperation(op);
    await recordOperation({ ...op, accountId: accounts[1]! });
    expect(await database.client.awsOperation.findMany({ where: { requestId: op.request.requestId } })).toEqual([
      expect.objectContaining({ accountId: accounts[0] }),
    ]);
    await database.client.awsOperation.delete({ where: { requestId: op.request.requestId } });
  });

  // The local write after AWS accepted a change fails the way a full disk or a lost connection
  // would: a trigger the test installs refuses the row. AWS never reuses a request id, so the
  // simulator is not made to.
  it("records every account AWS accepted, and finishes the rest, when SSO Bridge cannot keep one request to follow", async () => {
    const platform = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "Platform" }))).GroupId!;
    const undo = await refuseRows("AwsOperation", { accountId: accounts[1]! });
    let result;
    try {
      result = await assign("GROUP", platform, accounts);
    } finally {
      await undo();
    }
    expect(result.outcomes.map((o) => [o.accountId, o.status])).toEqual(accounts.map((a) => [a, "SUCCEEDED"]));
    expect(result.outcomes[1]!.reason).toMatch(/AWS accepted it, but SSO Bridge could not keep AWS's request .* to follow it/);
    const events = await database.client.auditEvent.findMany({ where: { action: "assignment.create", outcome: "success", details: { contains: platform } } });
    expect(events.map((e) => e.targetId).sort()).toEqual([...accounts].sort());
    expect(events.every((e) => typeof auditDetails.decode(e.details).requestId === "string")).toBe(true);
    const reach = (await assignmentsOfPrincipal(await identityCenter(), "GROUP", platform)).map((k) => k.accountId);
    expect(reach.sort()).toEqual([...accounts].sort());
  });

  it("sends no more accounts once one AWS accepted cannot be written to the audit log, and says which were done and which not sent", async () => {
    const ops = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "Operations" }))).GroupId!;
    const undo = await refuseRows("AuditEvent", { targetId: accounts[1]!, action: "assignment.create" });
    let result;
    try {
      result = await assign("GROUP", ops, accounts);
    } finally {
      await undo();
    }
    expect(result.outcomes.map((o) => [o.accountId, o.status])).toEqual([
      [accounts[0], "SUCCEEDED"],
      [accounts[1], "SUCCEEDED"],
      [accounts[2], "NOT_SENT"],
    ]);
    expect(result.outcomes[1]!.reason).toMatch(/AWS accepted it, but SSO Bridge could not write it to the audit log/);
    expect(result.outcomes[2]!.reason).toMatch(/Not sent: .*could not write what happened in account \d{12} to its audit log/);
    // What AWS did in the unaudited account is still known: SSO Bridge follows its request.
    expect(await database.client.awsOperation.count({ where: { principalId: ops, accountId: accounts[1] } })).toBe(1);
    expect((await assignmentsOfPrincipal(await identityCenter(), "GROUP", ops)).map((k) => k.accountId).sort()).toEqual(accounts.slice(0, 2).sort());
  });

  it("reports a removal AWS accepted as done, audited, when SSO Bridge cannot keep its request to follow", async () => {
    const undo = await refuseRows("AwsOperation", { accountId: accounts[2]! });
    let removed;
    try {
      removed = await removeAssignment({ accountId: accounts[2]!, permissionSetArn, principalType: "USER", principalId: alice }, by);
    } finally {
      await undo();
    }
    expect(removed).toMatchObject({ principal: "Alice Analyst", accountId: accounts[2], problem: expect.stringMatching(/could not keep AWS's request/) });
    const [event] = await database.client.auditEvent.findMany({ where: { action: "assignment.delete", targetId: accounts[2] } });
    expect(event).toMatchObject({ outcome: "success" });
  });

  it("leaves the end of a request to record again, with its audit event, when the database refuses it the first time", async () => {
    const t = await identityCenter();
    const auditors = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "Auditors" }))).GroupId!;
    // A request nobody watches: the background task follows it.
    const request = await createAccountAssignment(t, { accountId: accounts[0]!, permissionSetArn, principalType: "GROUP", principalId: auditors });
    await recordOperation({
      kind: "create-assignment",
      request,
      permissionSetArn,
      permissionSetName: "DataReaders",
      accountId: accounts[0]!,
      requestedBy: "Olivia Operator",
    });
    await new Promise((r) => setTimeout(r, 700));
    const undo = await refuseRows("AwsOperation", { requestId: request.requestId }, "UPDATE");
    try {
      expect(await followAwsOperations()).toBe("0 requests ended");
    } finally {
      await undo();
    }
    expect(await database.client.awsOperation.findUnique({ where: { requestId: request.requestId } })).toMatchObject({ status: "IN_PROGRESS" });
    expect(await followAwsOperations()).toBe("1 request ended");
    const ends = await database.client.auditEvent.findMany({ where: { action: "create-assignment.complete", details: { contains: request.requestId } } });
    expect(ends).toHaveLength(1);
  });

  it("reports an assignment and a removal whose answers AWS lost as done, audited, having found what AWS did", async () => {
    const finders = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "Lost and found" }))).GroupId!;
    const key = { accountId: accounts[0]!, permissionSetArn, principalType: "GROUP" as const, principalId: finders };
    const sent = new Map<string, number>();
    const decide = aws.faults.decide.bind(aws.faults);
    aws.faults.decide = (route) => {
      sent.set(route, (sent.get(route) ?? 0) + 1);
      return decide(route);
    };
    let result, removed;
    try {
      aws.faults.set([{ route: "sso-admin:CreateAccountAssignment", lostAnswerRate: 1, times: 1 }]);
      result = await assign("GROUP", finders, [accounts[0]!]);
      aws.faults.set([{ route: "sso-admin:DeleteAccountAssignment", lostAnswerRate: 1, lostAnswerAs: "drop", times: 1 }]);
      removed = await removeAssignment(key, by);
    } finally {
      aws.faults.set([]);
      aws.faults.decide = decide;
    }
    expect(sent.get("sso-admin:CreateAccountAssignment")).toBe(1);
    expect(sent.get("sso-admin:DeleteAccountAssignment")).toBe(1);
    expect(result.outcomes).toEqual([expect.objectContaining({ accountId: accounts[0], status: "SUCCEEDED", reason: null })]);
    expect(removed).toMatchObject({ principal: "Lost and found", problem: null });
    const events = await database.client.auditEvent.findMany({
      where: { action: { in: ["assignment.create", "assignment.delete"] }, details: { contains: "Lost and found" } },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => [e.action, e.outcome])).toEqual([
      ["assignment.create", "success"],
      ["assignment.delete", "success"],
    ]);
    for (const e of events)
      expect(auditDetails.decode(e.details)).toMatchObject({
        requestId: expect.any(String),
        answerLost: expect.stringMatching(/^AWS's answer was lost \([^)]+\); SSO Bridge found AWS working on it \(request [\w-]+\)\.$/),
      });
    expect(auditDetails.decode(events[0]!.details).answerLost).toMatch(/^AWS's answer was lost \(InternalFailure, HTTP 500\)/);
    // The removal stands once AWS has worked on it.
    await new Promise((r) => setTimeout(r, 700));
    await followAwsOperations();
    expect(await assignmentsOfPrincipal(await identityCenter(), "GROUP", finders)).toEqual([]);
  });

  it("reports an assignment that failed with a 500 as not made once it has looked, and audits the failure", async () => {
    const nobody = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "Never assigned" }))).GroupId!;
    aws.faults.set([{ route: "sso-admin:CreateAccountAssignment", errorRate: 1, times: 1 }]);
    let result;
    try {
      result = await assign("GROUP", nobody, [accounts[0]!]);
    } finally {
      aws.faults.set([]);
    }
    expect(result.outcomes).toEqual([
      expect.objectContaining({ status: "NOT_SENT", reason: expect.stringMatching(/AWS did not do it: the group does not hold the permission set there\.$/) }),
    ]);
    const [event] = await database.client.auditEvent.findMany({ where: { action: "assignment.create", details: { contains: nobody } } });
    expect(event).toMatchObject({ outcome: "failure" });
    expect(await assignmentsOfPrincipal(await identityCenter(), "GROUP", nobody)).toEqual([]);
  });
});

/** Makes the database refuse new (or changed) rows of `table` matching `where`, as a failing disk would; returns the undo. */
async function refuseRows(
  table: "AwsOperation" | "AuditEvent",
  where: Record<string, string>,
  on: "INSERT" | "UPDATE" = "INSERT",
): Promise<() => Promise<void>> {
  const sql = (text: string) => database.client.$executeRawUnsafe(text);
  // Test-chosen names and account ids only: nothing here comes from outside.
  const when = Object.entries(where)
    .map(([column, value]) => `NEW."${column}" = '${value}'`)
    .join(" AND ");
  if (testProvider() === "sqlite") {
    await sql(`CREATE TRIGGER test_refuse BEFORE ${on} ON "${table}" WHEN ${when} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    return async () => void (await sql("DROP TRIGGER test_refuse"));
  }
  await sql(
    "CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device'; END $$",
  );
  await sql(`CREATE TRIGGER test_refuse BEFORE ${on} ON "${table}" FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION test_refuse()`);
  return async () => {
    await sql(`DROP TRIGGER test_refuse ON "${table}"`);
    await sql("DROP FUNCTION test_refuse()");
  };
}
