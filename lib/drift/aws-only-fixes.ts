import { identityCenter } from "../access/configured-identity-center";
import { recordInAuditLog } from "../access/accepted-change";
import { removeAssignment } from "../access/assignment-changes";
import type { AssignmentKey } from "../aws/account-assignments";
import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import type { IdentityCenter } from "../aws/identity-center";
import { removeStoreObject, type Removal, type StoreObject } from "../aws/identity-store-removals";
import { describePrincipal } from "../aws/identity-store-principals";
import { driftDeleteLimit } from "../config";
import { db, type Tx } from "../db";
import { serialiseAuditedChange } from "../db-dialect";
import { AppError, isAppError } from "../errors";
import { AWS_ONLY_KINDS, awsObjectKey } from "./aws-only";
import type { AssignmentRef } from "./assignment-drift";
import { openFindings } from "./open-findings";
import type { Resolution } from "./scan-columns";

// The fixes for objects only AWS has, from the findings of the latest complete scan: remove them
// from the identity store, or keep them on purpose (later scans leave them out). A removal is
// checked against AWS first, so an object that changed since the scan is left alone, and it never
// deletes more than SSO Bridge's limit in one go, in the spirit of Entra's accidental-deletion
// threshold. Every removal and every decision to keep is audited with what the object was.

type Target = {
  seq: number;
  kind: "user" | "group" | "membership" | "assignment";
  key: string;
  subject: string;
  group: string | null;
  awsId: string;
  groupId: string | null;
  assignment: AssignmentRef | null;
  detail: string | null;
};

export type RemovalOutcome = {
  removed: string[];
  /** already gone from AWS when the removal came to them */
  gone: string[];
  /** changed in AWS since the scan, so left alone */
  changed: string[];
  /** AWS refused or could not be reached: the reason per object */
  failed: { subject: string; problem: string }[];
};

/**
 * Removes the objects the findings name from the AWS identity store; `seqs` are findings of the
 * latest complete scan. The findings are claimed first, so a second click or a second person acts
 * on none of them, and a scan's removals never add up to more than the limit.
 */
export async function removeFromAws(scanId: string, seqs: number[], by: ChangedBy): Promise<RemovalOutcome> {
  const limit = driftDeleteLimit();
  if (seqs.length > limit)
    throw new AppError(
      "InvalidInput",
      `That removes ${seqs.length} objects from AWS; SSO Bridge removes at most ${limit} per scan (SSO_BRIDGE_DRIFT_DELETE_LIMIT), so a mistaken selection cannot empty the directory. Choose fewer, or raise the limit.`,
    );
  const targets = await fixableTargets(scanId, seqs);
  await claimFindings(scanId, targets, "removed", by, limit);
  const t = await identityCenter();
  const outcome: RemovalOutcome = { removed: [], gone: [], changed: [], failed: [] };
  const release = (target: Target) => releaseFinding(scanId, target.seq);
  for (const target of targets) {
    const name = label(target);
    let result: Removal | { as: "removed"; before: null };
    try {
      result = target.kind === "assignment" ? await removeOrphanedAssignment(t, target, by) : await removeStoreObject(t, storeObject(target), name);
    } catch (e) {
      await release(target);
      if (!isAppError(e)) throw e;
      outcome.failed.push({ subject: name, problem: e.message });
      // An assignment's removal audits its own failure.
      if (target.kind !== "assignment") await recordInAuditLog(removalEvent(by, target, "failure", { error: e.message, scanId }));
      continue;
    }
    if (result.as === "changed") {
      await release(target);
      outcome.changed.push(name);
      continue;
    }
    outcome[result.as].push(name);
    // AWS has acted: the audit event comes first and, should the database refuse it, goes to the server log in full.
    if (result.as === "removed" && target.kind !== "assignment")
      await recordInAuditLog(removalEvent(by, target, "success", { scanId, before: result.before, after: null }));
    if (result.as === "gone") await markResolved(db(), scanId, target, "gone", by);
  }
  return outcome;
}

/** An assignment to a principal AWS no longer has, removed the way the Access pages remove one (which audits it); left alone if the principal is back. */
async function removeOrphanedAssignment(t: IdentityCenter, target: Target, by: ChangedBy): Promise<{ as: "removed" | "changed"; before: null }> {
  const key = assignmentKey(target);
  const principal = await describePrincipal(t, key.principalType, key.principalId).catch((e: unknown) => {
    if (isAppError(e) && e.code === "NotFound") return null;
    throw e;
  });
  if (principal) return { as: "changed", before: null };
  await removeAssignment(key, by);
  return { as: "removed", before: null };
}

/** Gives a claimed finding back: what was to fix it did not happen. */
export async function releaseFinding(scanId: string, seq: number): Promise<void> {
  await db().driftFinding.update({ where: { scanId_seq: { scanId, seq } }, data: { resolution: null, resolvedByLabel: null, resolvedAt: null } });
}

/**
 * Marks the findings as dealt with, all or none: under the audited-change lock, only findings no
 * one has dealt with, and (for removals) never past the scan's limit.
 */
export async function claimFindings(scanId: string, targets: { seq: number }[], as: Resolution, by: ChangedBy, removalLimit?: number, tx?: Tx): Promise<void> {
  const claim = async (tx: Tx) => {
    await serialiseAuditedChange(tx);
    if (removalLimit !== undefined) {
      const done = await tx.driftFinding.count({ where: { scanId, resolution: "removed" } });
      if (done + targets.length > removalLimit)
        throw new AppError(
          "InvalidInput",
          `This scan's findings have had ${done} removals from AWS already, and SSO Bridge removes at most ${removalLimit} per scan (SSO_BRIDGE_DRIFT_DELETE_LIMIT). Scan again to remove more: a new scan reads both sides afresh.`,
        );
    }
    const { count } = await tx.driftFinding.updateMany({
      where: { scanId, seq: { in: targets.map((t) => t.seq) }, resolution: null },
      data: { resolution: as, resolvedByLabel: by.actor.label, resolvedAt: new Date() },
    });
    if (count !== targets.length) throw new AppError("Conflict", "Someone dealt with some of these findings a moment ago. Reload the page.");
  };
  if (tx) await claim(tx);
  else await db().$transaction(claim);
}

/** Keeps the objects the findings name as they are in AWS, with the reason; later scans leave them out. */
export async function keepInAws(scanId: string, seqs: number[], reason: string, by: ChangedBy): Promise<number> {
  const targets = await fixableTargets(scanId, seqs);
  await db().$transaction(async (tx) => {
    await claimFindings(scanId, targets, "kept", by, undefined, tx);
    for (const target of targets) {
      await tx.driftKept.upsert({
        where: { objectKey: target.key },
        create: { objectKey: target.key, label: label(target), reason, keptByLabel: by.actor.label },
        update: { reason, keptByLabel: by.actor.label, keptAt: new Date() },
      });
    }
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: "drift.keep",
      target: { type: "aws-objects", label: targets.map(label).join(", ").slice(0, 500) },
      outcome: "success",
      details: { scanId, reason, objects: targets.map((t) => ({ key: t.key, label: label(t) })) },
      context: by.context,
    });
  });
  return targets.length;
}

/** Lets drift scans report a kept object again. */
export async function stopKeeping(objectKey: string, by: ChangedBy): Promise<void> {
  await db().$transaction(async (tx) => {
    const kept = await tx.driftKept.findUnique({ where: { objectKey } });
    if (!kept) throw new AppError("NotFound", "That object is no longer kept: someone stopped keeping it already.");
    await tx.driftKept.delete({ where: { objectKey } });
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: "drift.keep.stop",
      target: { type: "aws-object", id: objectKey, label: kept.label },
      outcome: "success",
      details: { before: { reason: kept.reason, keptBy: kept.keptByLabel, keptAt: kept.keptAt.toISOString() }, after: null },
      context: by.context,
    });
  });
}

async function fixableTargets(scanId: string, seqs: number[]): Promise<Target[]> {
  const rows = await openFindings(scanId, seqs);
  return rows.map((r) => {
    const key = AWS_ONLY_KINDS.has(r.kind) ? awsObjectKey(r) : null;
    if (!key || !r.awsId) throw new AppError("InvalidInput", `“${r.subject}” is not an object only AWS has; only those can be removed or kept here.`);
    const kind =
      r.kind === "user-only-in-aws" ? "user" : r.kind === "group-only-in-aws" ? "group" : r.kind === "member-only-in-aws" ? "membership" : "assignment";
    return { seq: r.seq, kind, key, subject: r.subject, group: r.group, awsId: r.awsId, groupId: r.groupId, assignment: r.assignment, detail: r.detail };
  });
}

const label = (t: Target) =>
  t.kind === "membership" ? `${t.subject} in ${t.group ?? t.groupId}` : t.kind === "assignment" ? `${t.detail} for ${t.subject}` : t.subject;

const assignmentKey = (t: Target): AssignmentKey => ({
  accountId: t.assignment!.accountId,
  permissionSetArn: t.assignment!.permissionSetArn,
  principalType: t.assignment!.principalType,
  principalId: t.assignment!.formerPrincipalId,
});

function storeObject(t: Target): StoreObject {
  if (t.kind === "user") return { kind: "user", userId: t.awsId, userName: t.subject };
  if (t.kind === "group") return { kind: "group", groupId: t.awsId, displayName: t.subject };
  // Assignments are removed through the Access pages' path before this is reached.
  return { kind: "membership", groupId: t.groupId!, userId: t.awsId };
}

function removalEvent(by: ChangedBy, target: Target, outcome: "success" | "failure", details: Record<string, unknown>) {
  return {
    actor: by.actor,
    action: "drift.remove" as const,
    target: { type: `aws-${target.kind}`, id: target.key, label: label(target) },
    outcome,
    details: { findingKind: target.kind, ...details },
    context: by.context,
  };
}

function markResolved(tx: Tx, scanId: string, target: { seq: number }, as: Resolution, by: ChangedBy) {
  return tx.driftFinding.update({
    where: { scanId_seq: { scanId, seq: target.seq } },
    data: { resolution: as, resolvedByLabel: by.actor.label, resolvedAt: new Date() },
  });
}
