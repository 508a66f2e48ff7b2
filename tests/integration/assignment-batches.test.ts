import { CreateGroupCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  assignmentBatch,
  recentAssignmentBatches,
  sendAssignmentBatches,
  startAssignment,
  startWaitingAssignmentBatches,
} from "@/lib/access/assignment-batches";
import { assignInput } from "@/lib/access/assignment-changes";
import { followAwsOperations } from "@/lib/access/aws-operations";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { createPermissionSetFor } from "@/lib/access/permission-set-changes";
import { permissionSetForm } from "@/lib/access/permission-set-input";
import { auditDetails } from "@/lib/audit/audit-event-columns";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { assignmentsOfPrincipal, createAccountAssignment } from "@/lib/aws/account-assignments";
import { saveAwsConnection } from "@/lib/connections/aws-connection";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import type { SsoAdminState } from "@/simulators/aws/sso-admin/state";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { testProvider, useFreshDatabase } from "../support/databases";

// A permission set given to a group across an organization of hundreds of accounts, as the Assign
// page does it: stored at once, sent in the background account by account within AWS's limit on
// outstanding requests, carried on by the next sender when one stops, and never sent twice.

const ACCOUNTS = 250;
const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-batches" } };
// AWS lets requests through again within a second; the tests need not wait that long.
const quick = { sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, Math.min(ms, 100))) };
let aws: AwsSimulatorEnv;
let permissionSetArn = "";
let accounts: string[] = [];

const group = async (name: string) =>
  (await new IdentitystoreClient({}).send(new CreateGroupCommand({ IdentityStoreId: (await identityCenter()).identityStoreId, DisplayName: name }))).GroupId!;
const order = (principalId: string, accountIds: string[]) =>
  assignInput.parse({ principalType: "GROUP", principalId, permissionSetArn, accountIds: accountIds.join(",") });
const reach = async (groupId: string) => (await assignmentsOfPrincipal(await identityCenter(), "GROUP", groupId)).map((k) => k.accountId).sort();
// The requests AWS accepted to create an assignment for the group: a second send of an account would show as a second one.
const accepted = (groupId: string) =>
  (aws.cloud.world.ssoAdmin.state as SsoAdminState).assignmentOperations.filter((op) => op.kind === "create" && op.PrincipalId === groupId).length;

beforeAll(async () => {
  aws = await startAwsSimulatorEnv({ accounts: ACCOUNTS - 1 });
  await saveAwsConnection({ region: aws.cloud.world.region }, by);
  await chooseIdentityCenterInstance(null, by);
  permissionSetArn = (await createPermissionSetFor(permissionSetForm.parse({ name: "OrgReadOnly", sessionHours: "1" }), by)).permissionSet.arn;
  accounts = [...aws.cloud.world.organization.accounts.keys()];
}, 60_000);

afterAll(async () => {
  await aws?.close();
});

describe(`assignments in many accounts on ${testProvider()}`, () => {
  it("stores the order at once and sends every one of hundreds of accounts in the background, each audited", async () => {
    expect(accounts).toHaveLength(ACCOUNTS);
    const readers = await group("All readers");
    const started = await startAssignment(order(readers, accounts), by);
    expect(started).toMatchObject({ accounts: ACCOUNTS, principal: "All readers", permissionSet: "OrgReadOnly" });
    const waiting = (await assignmentBatch(started.id))!;
    expect(waiting).toMatchObject({ sent: false, counts: { PENDING: ACCOUNTS } });

    // AWS allows ten requests in progress at once: the sender waits for some to end rather than giving up.
    expect(await sendAssignmentBatches(quick)).toBe(`${ACCOUNTS} accounts sent in 1 batch`);
    expect(accepted(readers)).toBe(ACCOUNTS);
    while ((await followAwsOperations()) !== "no request in progress") await quick.sleep(100);

    const done = (await assignmentBatch(started.id))!;
    expect(done.sent).toBe(true);
    expect(done.counts).toMatchObject({ SUCCEEDED: ACCOUNTS, FAILED: 0, NOT_SENT: 0, PENDING: 0, SENDING: 0 });
    expect(await reach(readers)).toEqual([...accounts].sort());
    expect(
      await database.client.auditEvent.count({ where: { action: "assignment.create", actorLabel: "Olivia Operator", details: { contains: readers } } }),
    ).toBe(ACCOUNTS);
    expect((await recentAssignmentBatches())[0]!.id).toBe(started.id);
    expect(await sendAssignmentBatches(quick)).toBe("no assignment to send");
  }, 180_000);

  it("carries on after a sender stopped mid-batch: the account it was sending is asked about, not sent again", async () => {
    const auditors = await group("Auditors");
    const some = accounts.slice(0, 6);
    const started = await startAssignment(order(auditors, some), by);
    // The stopped sender: it had sent the first two accounts and the third reached AWS, but it
    // stopped before recording AWS's answer; its lease has run out.
    const t = await identityCenter();
    const at = (position: number) => ({ batchId_position: { batchId: started.id, position } });
    for (const position of [0, 1, 2])
      await createAccountAssignment(t, { accountId: some[position]!, permissionSetArn, principalType: "GROUP", principalId: auditors });
    for (const position of [0, 1]) await database.client.assignmentBatchAccount.update({ where: at(position), data: { status: "SUCCEEDED" } });
    await database.client.assignmentBatchAccount.update({ where: at(2), data: { status: "SENDING", sendingAt: new Date(Date.now() - 1_000) } });
    await database.client.assignmentBatch.update({
      where: { id: started.id },
      data: { leaseOwner: "stopped-server", leaseUntil: new Date(Date.now() + 60_000) },
    });
    // While the lease holds, nobody else sends.
    expect(await sendAssignmentBatches(quick)).toBe("no assignment to send");
    await database.client.assignmentBatch.update({ where: { id: started.id }, data: { leaseUntil: new Date(Date.now() - 1) } });

    await sendAssignmentBatches(quick);
    expect(accepted(auditors)).toBe(6);
    const done = (await assignmentBatch(started.id))!;
    expect(done.counts.SUCCEEDED + done.counts.IN_PROGRESS).toBe(6);
    const [resumed] = await database.client.auditEvent.findMany({ where: { action: "assignment.create", targetId: some[2], details: { contains: auditors } } });
    expect(auditDetails.decode(resumed!.details).answerLost).toMatch(/answer was lost \(SSO Bridge stopped before recording it\); SSO Bridge found/);
    expect(await reach(auditors)).toEqual([...some].sort());
  }, 60_000);

  it("sends each account once when two instances start sending the same batch together", async () => {
    const pair = await group("Pairs");
    const some = accounts.slice(10, 30);
    const started = await startAssignment(order(pair, some), by);
    await Promise.all([sendAssignmentBatches(quick), sendAssignmentBatches(quick)]);
    expect(accepted(pair)).toBe(some.length);
    expect((await assignmentBatch(started.id))!.sent).toBe(true);
    expect(await database.client.auditEvent.count({ where: { action: "assignment.create", details: { contains: pair } } })).toBe(some.length);
  }, 60_000);

  it("starts a sender from the background task and returns at once, so other tasks never wait for a long batch", async () => {
    const background = await group("Background");
    const started = await startAssignment(order(background, accounts.slice(50, 53)), by);
    expect(await startWaitingAssignmentBatches()).toBe("sending 1 batch in the background");
    expect((await assignmentBatch(started.id))!.sent).toBe(false);
    await expect.poll(async () => (await assignmentBatch(started.id))!.sent, { timeout: 30_000 }).toBe(true);
    expect((await assignmentBatch(started.id))!.counts.NOT_SENT).toBe(0);
    expect(await startWaitingAssignmentBatches()).toBe("no assignment to send");
  }, 60_000);

  it("marks the accounts left as not sent, saying why, once AWS is no longer connected", async () => {
    const late = await group("Late");
    const started = await startAssignment(order(late, accounts.slice(40, 43)), by);
    await database.client.connection.delete({ where: { kind: "aws" } });
    expect(await sendAssignmentBatches(quick)).toBe("0 accounts sent in 1 batch");
    const batch = (await assignmentBatch(started.id))!;
    expect(batch).toMatchObject({ sent: true, counts: { NOT_SENT: 3 } });
    expect(batch.accounts[0]!.reason).toMatch(/^Not sent: Connect SSO Bridge to AWS first/);
    expect(await sendAssignmentBatches(quick)).toBe("no assignment to send");
  });
});
