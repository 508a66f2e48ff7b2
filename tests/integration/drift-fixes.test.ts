import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { sendAssignmentBatches } from "@/lib/access/assignment-batches";
import { followAwsOperations } from "@/lib/access/aws-operations";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { createPermissionSetFor } from "@/lib/access/permission-set-changes";
import { permissionSetForm } from "@/lib/access/permission-set-input";
import { deliverPending } from "@/lib/alerts/deliveries";
import { addWebhook } from "@/lib/alerts/webhooks";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { keptObjects } from "@/lib/drift/aws-only";
import { recreateLostAssignment } from "@/lib/drift/assignment-fixes";
import { keepInAws, removeFromAws, stopKeeping } from "@/lib/drift/aws-only-fixes";
import { assignmentsInAccount, assignmentsOfPrincipal } from "@/lib/aws/account-assignments";
import { startDriftScan } from "@/lib/drift/drift-scan";
import { scanFindings } from "@/lib/drift/drift-view";
import { readFederationConfig } from "@/lib/federation/federation-config";
import { updateSettings } from "@/lib/settings";
import { ADA_ADMIN, CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { addGroup, assign } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";
import { assignInBackground } from "../support/assign-in-background";
import { provisionAda } from "../support/provisioned-job";

// The fixes for objects only AWS has, against the simulated clouds: removed from the identity
// store (checked first, never more than the limit at once, audited with what went) or kept on
// purpose with a reason, which later scans honour until someone stops keeping it.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-drift-fix" } };
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;

async function scan() {
  const started = await startDriftScan(by.actor.label, { wait: true });
  await started.done;
  const { findings } = await scanFindings(started.id, { page: 1 });
  return { id: started.id, findings, seqOf: (subject: string) => findings.find((f) => f.subject === subject || `${f.subject} in ${f.group}` === subject)!.seq };
}

const store = () => aws.cloud.world.identityStore;

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ synchronization: { intervalMs: 3_600_000 } });
  const jobId = await provisionAda(aws, entra, by);
  // A provisioned group, for memberships added by hand in AWS.
  const directory = entra.directory;
  const sp = directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!;
  const adaInEntra = [...directory.users.values()].find((u) => u.userPrincipalName === ADA_ADMIN.userPrincipalName)!;
  assign(directory, sp, addGroup(directory, "Fix Operators", [adaInEntra.id]));
  await entra.engine!.runCycle(jobId);
}, 60_000);

afterEach(() => {
  delete process.env.SSO_BRIDGE_DRIFT_DELETE_LIMIT;
});

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

describe("fixing objects only AWS has", () => {
  it("removes a user, a group and a membership made by hand, audits each with what it was, and the next scan no longer finds them", async () => {
    const stray = store().createUser({ UserName: "stray.user", DisplayName: "Stray User" });
    const group = store().createGroup({ DisplayName: "Hand-made group" });
    const operators = store().findGroupByDisplayName("Fix Operators")!;
    const ada = store().findUserByUserName(ADA_ADMIN.userPrincipalName)!;
    const helper = store().createUser({ UserName: "helper.by.hand" });
    store().addMember(operators.GroupId, helper.UserId);
    const first = await scan();
    expect(first.findings.map((f) => [f.kind, f.subject, f.group])).toEqual([
      ["user-only-in-aws", "helper.by.hand", null],
      ["user-only-in-aws", "stray.user", null],
      ["group-only-in-aws", "Hand-made group", null],
      ["member-only-in-aws", "helper.by.hand", "Fix Operators"],
    ]);
    const outcome = await removeFromAws(
      first.id,
      [first.seqOf("stray.user"), first.seqOf("Hand-made group"), first.seqOf("helper.by.hand in Fix Operators")],
      by,
    );
    expect(outcome).toEqual({ removed: ["stray.user", "Hand-made group", "helper.by.hand in Fix Operators"], gone: [], changed: [], failed: [] });
    expect(store().users.has(stray.UserId)).toBe(false);
    expect(store().groups.has(group.GroupId)).toBe(false);
    expect(store().findMembership(operators.GroupId, helper.UserId)).toBeFalsy();
    // The provisioned member stays: only the membership named went.
    expect(store().findMembership(operators.GroupId, ada.UserId)).toBeTruthy();

    const shown = (await scanFindings(first.id)).findings;
    expect(shown.find((f) => f.subject === "stray.user")!.resolution).toMatchObject({ as: "removed", by: "Olivia Operator" });
    expect(shown.find((f) => f.kind === "user-only-in-aws" && f.subject === "helper.by.hand")!.resolution).toBeNull();
    const events = await database.client.auditEvent.findMany({ where: { action: "drift.remove" }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => [e.targetType, e.targetLabel, e.outcome])).toEqual([
      ["aws-user", "stray.user", "success"],
      ["aws-group", "Hand-made group", "success"],
      ["aws-membership", "helper.by.hand in Fix Operators", "success"],
    ]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ before: { userName: "stray.user", displayName: "Stray User", externalIds: [] }, after: null });

    expect((await scan()).findings.map((f) => [f.kind, f.subject])).toEqual([["user-only-in-aws", "helper.by.hand"]]);
    store().deleteUser(helper.UserId);
  });

  it("leaves alone an object that changed in AWS since the scan, reports one already gone, and refuses other findings and older scans", async () => {
    const renamed = store().createUser({ UserName: "renamed.later" });
    const deleted = store().createUser({ UserName: "deleted.later" });
    const ada = store().findUserByUserName(ADA_ADMIN.userPrincipalName)!;
    const title = ada.Title;
    store().updateUser(ada.UserId, { Title: "Queen of Engines" });
    const found = await scan();
    store().updateUser(renamed.UserId, { UserName: "renamed.now" });
    store().deleteUser(deleted.UserId);
    const outcome = await removeFromAws(found.id, [found.seqOf("renamed.later"), found.seqOf("deleted.later")], by);
    expect(outcome).toEqual({ removed: [], gone: ["deleted.later"], changed: ["renamed.later"], failed: [] });
    expect(store().users.has(renamed.UserId)).toBe(true);
    // Only objects only AWS has can be removed here: Ada's changed title is Entra's to fix.
    await expect(removeFromAws(found.id, [found.seqOf(ADA_ADMIN.userPrincipalName)], by)).rejects.toThrow(/not an object only AWS has/);

    await scan();
    await expect(removeFromAws(found.id, [found.seqOf("renamed.later")], by)).rejects.toThrow(/A newer scan has replaced these findings/);
    store().deleteUser(renamed.UserId);
    store().updateUser(ada.UserId, { Title: title });
  });
  it("refuses a removal larger than the limit, and removes nothing of it", async () => {
    process.env.SSO_BRIDGE_DRIFT_DELETE_LIMIT = "2";
    const made = ["bulk.one", "bulk.two", "bulk.three"].map((name) => store().createUser({ UserName: name }));
    const found = await scan();
    const seqs = ["bulk.one", "bulk.two", "bulk.three"].map(found.seqOf);
    await expect(removeFromAws(found.id, seqs, by)).rejects.toThrow(/at most 2 per scan \(SSO_BRIDGE_DRIFT_DELETE_LIMIT\)/);
    expect(made.every((u) => store().users.has(u.UserId))).toBe(true);
    expect((await removeFromAws(found.id, seqs.slice(0, 2), by)).removed).toEqual(["bulk.one", "bulk.two"]);
    // A finding dealt with once is not dealt with again, and one scan's removals stop at the limit.
    await expect(removeFromAws(found.id, seqs.slice(0, 1), by)).rejects.toThrow(/was removed already by Olivia Operator/);
    await expect(removeFromAws(found.id, seqs.slice(2), by)).rejects.toThrow(/had 2 removals from AWS already.*Scan again to remove more/);
    expect(store().users.has(made[2]!.UserId)).toBe(true);
    // Two people at once: one of them acts, the other is told.
    const again = await scan();
    const both = await Promise.allSettled([removeFromAws(again.id, [again.seqOf("bulk.three")], by), removeFromAws(again.id, [again.seqOf("bulk.three")], by)]);
    expect(both.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("keeps a user on purpose: later scans leave it out until someone stops keeping it, each decision audited", async () => {
    store().createUser({ UserName: "break.glass" });
    const found = await scan();
    expect(await keepInAws(found.id, [found.seqOf("break.glass")], "Emergency access for the platform team", by)).toBe(1);
    expect(await keptObjects()).toMatchObject([{ label: "break.glass", reason: "Emergency access for the platform team", keptBy: "Olivia Operator" }]);
    expect((await scan()).findings.map((f) => f.subject)).not.toContain("break.glass");

    const [kept] = await keptObjects();
    await stopKeeping(kept!.objectKey, by);
    await expect(stopKeeping(kept!.objectKey, by)).rejects.toThrow(/no longer kept/);
    expect((await scan()).findings.map((f) => f.subject)).toContain("break.glass");
    const events = await database.client.auditEvent.findMany({ where: { action: { in: ["drift.keep", "drift.keep.stop"] } }, orderBy: { occurredAt: "asc" } });
    expect(events.map((e) => [e.action, e.targetLabel])).toEqual([
      ["drift.keep", "break.glass"],
      ["drift.keep.stop", "break.glass"],
    ]);
    expect(JSON.parse(events[0]!.details)).toMatchObject({ reason: "Emergency access for the platform team" });
  });

  it("announces drift through the webhooks once per finding: a new one is sent, one seen before is not", async () => {
    const received: { event: string; alert: { key: string; severity: string; message: string } }[] = [];
    const receiver = http.createServer((req, res) => {
      let text = "";
      req.on("data", (c: Buffer) => (text += c.toString()));
      req.on("end", () => {
        received.push(JSON.parse(text) as (typeof received)[number]);
        res.writeHead(200).end("ok");
      });
    });
    await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      await updateSettings({ allowLabWebhooks: true }, by);
      await addWebhook({ name: "Ops", url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/drift`, format: "generic" }, by);
      await scan();
      const before = await database.client.webhookDelivery.count();
      const newcomer = store().createUser({ UserName: "new.by.hand" });
      const found = await scan();
      expect(await database.client.webhookDelivery.count()).toBe(before + 1);
      await deliverPending();
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ event: "fired", alert: { key: `drift-new:${found.id}`, severity: "warning" } });
      expect(received[0]!.alert.message).toBe(
        "A drift scan found 1 new difference between Entra and AWS (User only in AWS: 1). It is: new.by.hand (User only in AWS). The Drift page has each one's reason and fix.",
      );
      const [event] = await database.client.auditEvent.findMany({ where: { action: "alert.fire", targetId: `drift-new:${found.id}` } });
      expect(JSON.parse(event!.details)).toMatchObject({ scanId: found.id, newFindings: 1, webhooks: 1 });

      // Still there on the next scan: not new, not sent again.
      await scan();
      expect(await database.client.webhookDelivery.count()).toBe(before + 1);
      store().deleteUser(newcomer.UserId);
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });

  it("finds the AWS access a recreated user lost and assignments to principals AWS no longer has, recreates the one and removes the others", async () => {
    const permissionSetArn = (
      await createPermissionSetFor(
        permissionSetForm.parse({ name: "DriftReaders", sessionHours: "1", managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
        by,
      )
    ).permissionSet.arn;
    const [first, second] = [...aws.cloud.world.organization.accounts.keys()].sort();
    const rita = store().createUser({ UserName: "rita.recreated", DisplayName: "Rita Recreated" });
    const gone = store().createGroup({ DisplayName: "Gone group" });
    await assignInBackground({ principalType: "USER", principalId: rita.UserId, permissionSetArn, accountIds: [first!] }, by);
    await assignInBackground({ principalType: "GROUP", principalId: gone.GroupId, permissionSetArn, accountIds: [second!] }, by);
    await followAwsOperations();
    // Deleted and created again: a new id under the same name, without the access.
    store().deleteUser(rita.UserId);
    store().deleteGroup(gone.GroupId);
    const again = store().createUser({ UserName: "rita.recreated", DisplayName: "Rita Recreated" });

    const found = await scan();
    const about = (kind: string) => found.findings.filter((f) => f.kind === kind).map((f) => [f.subject, f.awsId, f.detail]);
    expect(about("assignment-lost")).toEqual([["rita.recreated", again.UserId, `DriftReaders in account ${first}`]]);
    expect(about("assignment-orphaned")).toEqual([
      ["Gone group", gone.GroupId, `DriftReaders in account ${second}`],
      ["Rita Recreated", rita.UserId, `DriftReaders in account ${first}`],
    ]);
    const lost = found.findings.find((f) => f.kind === "assignment-lost")!;
    expect(lost.reason).toContain("AWS access follows the id, not the name");

    expect(await recreateLostAssignment(found.id, lost.seq, by)).toEqual({ principal: "Rita Recreated", permissionSet: "DriftReaders" });
    await sendAssignmentBatches();
    expect(await assignmentsOfPrincipal(await identityCenter(), "USER", again.UserId)).toEqual([
      { accountId: first, permissionSetArn, principalType: "USER", principalId: again.UserId },
    ]);
    const orphans = found.findings.filter((f) => f.kind === "assignment-orphaned").map((f) => f.seq);
    expect((await removeFromAws(found.id, orphans, by)).removed).toEqual([
      `DriftReaders in account ${second} for Gone group`,
      `DriftReaders in account ${first} for Rita Recreated`,
    ]);
    // AWS removes them in the background.
    const t = await identityCenter();
    await expect
      .poll(async () => [...(await assignmentsInAccount(t, first!)), ...(await assignmentsInAccount(t, second!))].map((a) => a.principalId), {
        timeout: 10_000,
      })
      .toEqual([again.UserId]);
    const deleted = await database.client.auditEvent.findMany({ where: { action: "assignment.delete", outcome: "success" } });
    expect(deleted).toHaveLength(2);

    const next = await scan();
    expect(next.findings.filter((f) => f.kind.startsWith("assignment-"))).toEqual([]);
    store().deleteUser(again.UserId);
  });
});
