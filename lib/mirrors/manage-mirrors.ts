import { createHash } from "node:crypto";
import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import { entraConnection } from "../connections/entra-connection";
import type { AuditAction } from "../audit/audit-actions";
import { db, type Tx } from "../db";
import { appAssignmentsOf, assignToApp } from "../entra/app-assignments";
import { readGroup } from "../entra/group-nesting";
import { createSecurityGroup, deleteGroup, findGroupByNickname } from "../entra/group-writes";
import { openGraph } from "../entra/graph-session";
import { AppError } from "../errors";
import { readFederationConfig } from "../federation/federation-config";
import type { HandEditPolicy } from "./mirror-plan";
import { startMirrorRun } from "./mirror-run";
import { storedMirrors, storedMirrorState, swapColumn, type StoredMirror } from "./mirror-store";

// Mirroring a nested group, and what an operator decides about a mirror afterwards. SSO Bridge
// creates the mirror in Entra as a security group it alone changes, assigns it to the enterprise
// app so Entra provisions its people, and starts a run that fills it.

/** What a mirror is called in Entra and, once provisioned, in AWS. */
export const MIRROR_SUFFIX = " (AWS)";
// Entra's limits on a group's displayName and description.
const MAX_NAME = 256;
const MAX_DESCRIPTION = 1024;
export const DEFAULT_REMOVAL_GUARD_PERCENT = 10;

export function mirrorNameFor(sourceName: string): string {
  const room = MAX_NAME - MIRROR_SUFFIX.length;
  const base = sourceName.trim() || "Unnamed group";
  return `${base.length > room ? `${base.slice(0, room - 1)}…` : base}${MIRROR_SUFFIX}`;
}

/** A mail nickname unique to the source, so a mirror whose id SSO Bridge failed to record is found again, never created twice. */
export function mirrorNicknameFor(sourceGroupId: string): string {
  return `ssobridge-mirror-${createHash("sha256").update(sourceGroupId).digest("hex").slice(0, 24)}`;
}

export function mirrorDescriptionFor(sourceName: string): string {
  const text = `Managed by SSO Bridge: everyone in “${sourceName}” and in the groups nested in it, as direct members, so that Entra provisions them to AWS IAM Identity Center. Changes made here by hand are reported and undone.`;
  return text.length > MAX_DESCRIPTION ? `${text.slice(0, MAX_DESCRIPTION - 1)}…` : text;
}

export type MirrorCreated = { mirrorId: string; mirrorGroupId: string; runId: string | null; swapWaiting: boolean };

/**
 * Mirrors a group: the mirror group made (or found again) in Entra and assigned to the enterprise
 * app. With `swapAssignment`, an assigned source hands its place to the mirror once the mirror is in
 * AWS with the source's AWS access, so AWS then holds the people once.
 */
export async function mirrorGroup(sourceGroupId: string, by: ChangedBy, opts: { swapAssignment?: boolean; startRun?: boolean } = {}): Promise<MirrorCreated> {
  const { enterpriseApp } = await readFederationConfig();
  if (!enterpriseApp) throw new AppError("NotConfigured", "Finish the setup step “Enterprise application” first: a mirror is assigned to it.");
  if (await db().mirror.findFirst({ where: { mirrorGroupId: sourceGroupId } }))
    throw new AppError("InvalidInput", "That group is a mirror SSO Bridge made: its members are flat already.");
  const existing = await db().mirror.findUnique({ where: { sourceGroupId } });
  if (existing && storedMirrorState.read(existing.state) === "active" && existing.mirrorGroupId)
    throw new AppError("Conflict", `“${existing.sourceName}” is mirrored already, as “${existing.mirrorName}”.`);

  const session = openGraph(await entraConnection());
  const source = await readGroup(session, sourceGroupId);
  if (!source) throw new AppError("NotFound", "Entra has no group with that id: it may have been deleted. Choose the group again.");
  const mirrorName = mirrorNameFor(source.displayName);
  const mailNickname = mirrorNicknameFor(sourceGroupId);
  // Recorded before Entra is asked, so a failure part way is resumed by mirroring the group again.
  const row = existing
    ? await db().mirror.update({ where: { id: existing.id }, data: { sourceName: source.displayName, mirrorName } })
    : await db().mirror.create({
        data: { sourceGroupId, sourceName: source.displayName, mailNickname, mirrorName, state: "active", createdByLabel: by.actor.label },
      });
  const reusable = existing && storedMirrorState.read(existing.state) !== "mirror-deleted" ? existing.mirrorGroupId : null;
  const mirrorGroupId =
    reusable ??
    (await findGroupByNickname(session, row.mailNickname)) ??
    (await createSecurityGroup(session, { displayName: mirrorName, mailNickname: row.mailNickname, description: mirrorDescriptionFor(source.displayName) }));
  await assignToApp(session, enterpriseApp.servicePrincipalId, { id: mirrorGroupId, type: "Group" });
  // The source leaves the application only once the mirror is in AWS with the source's AWS access (mirror-swaps.ts).
  const swapWaiting =
    opts.swapAssignment === true && (await appAssignmentsOf(session, enterpriseApp.servicePrincipalId, { id: sourceGroupId, type: "Group" })).length > 0;
  await db().$transaction(async (tx) => {
    await tx.mirror.update({
      where: { id: row.id },
      data: {
        mirrorGroupId,
        state: "active",
        // A mirror made again starts afresh: its first run adds everyone and reports no hand edits.
        lastSyncAt: null,
        lastSyncOutcome: "Created; its first run adds the members.",
        heldRemovals: null,
        removalsConfirmed: false,
        members: "[]",
        unsettled: null,
        ...(swapWaiting
          ? { swap: swapColumn.encode({ state: "waiting", requestedBy: { id: by.actor.id, label: by.actor.label }, carried: [], problem: null }) }
          : {}),
      },
    });
    await recordAuditEvent(tx, {
      actor: by.actor,
      context: by.context,
      action: "mirror.create",
      target: { type: "mirror", id: row.id, label: mirrorName },
      outcome: "success",
      details: { source: { id: sourceGroupId, name: source.displayName }, mirrorGroupId, assignedToApp: true, swapWaiting },
    });
  });
  // Many mirrors made at once (a script) can share one run afterwards.
  const runId = opts.startRun === false ? null : (await startMirrorRun(by.actor.label)).id;
  return { mirrorId: row.id, mirrorGroupId, runId, swapWaiting };
}

/** Asks the next run to make the removals the guard held, and starts it. */
export async function confirmHeldRemovals(mirrorId: string, by: ChangedBy): Promise<{ runId: string }> {
  const mirror = await activeMirror(mirrorId);
  if (!mirror.heldRemovals) throw new AppError("Conflict", "No removals are held for this mirror any more.");
  await changeMirror(mirror, by, "mirror.removals.confirm", { held: mirror.heldRemovals }, async (tx) => {
    await tx.mirror.update({ where: { id: mirrorId }, data: { removalsConfirmed: true } });
  });
  return { runId: (await startMirrorRun(by.actor.label)).id };
}

export async function updateMirrorSettings(
  mirrorId: string,
  settings: { handEdits: HandEditPolicy; removalGuardPercent: number },
  by: ChangedBy,
): Promise<void> {
  const percent = settings.removalGuardPercent;
  if (!Number.isInteger(percent) || percent < 1 || percent > 100)
    throw new AppError("InvalidInput", "The removal guard is a whole percentage from 1 to 100.", { removalGuardPercent: "From 1 to 100" });
  const mirror = await activeMirror(mirrorId);
  const before = { handEdits: mirror.handEdits, removalGuardPercent: mirror.removalGuardPercent };
  await changeMirror(mirror, by, "mirror.settings.update", { before, after: settings }, async (tx) => {
    await tx.mirror.update({ where: { id: mirrorId }, data: settings });
  });
}

/** Stops leaving one hand edit: the next run puts that person in or out of the mirror as its source says. */
export async function clearMirrorException(mirrorId: string, userId: string, by: ChangedBy): Promise<void> {
  const mirror = await activeMirror(mirrorId);
  await changeMirror(mirror, by, "mirror.exception.clear", { userId }, async (tx) => {
    const { count } = await tx.mirrorException.deleteMany({ where: { mirrorId, userId } });
    if (count === 0) throw new AppError("Conflict", "That hand edit is not left any more.");
    // The next run plans the mirror again, so the person is put right then.
    await tx.mirror.update({ where: { id: mirrorId }, data: { lastSyncAt: null } });
  });
}

/**
 * Turns a mirror off: SSO Bridge stops maintaining it and leaves the group as it is, or, with
 * `deleteGroup`, deletes the group in Entra (which removes it from the app, and Entra's next
 * cycle from AWS).
 */
export async function turnMirrorOff(mirrorId: string, by: ChangedBy, opts: { deleteGroup?: boolean } = {}): Promise<void> {
  const row = await db().mirror.findUnique({ where: { id: mirrorId } });
  if (!row) throw new AppError("NotFound", "No such mirror.");
  let deleted = false;
  if (opts.deleteGroup && row.mirrorGroupId) deleted = (await deleteGroup(openGraph(await entraConnection()), row.mirrorGroupId)).deleted;
  const details = { source: row.sourceName, mirrorGroupId: row.mirrorGroupId, ...(opts.deleteGroup ? { groupDeleted: deleted } : {}) };
  await changeMirror(row, by, opts.deleteGroup ? "mirror.delete" : "mirror.off", details, async (tx) => {
    await tx.mirror.update({
      where: { id: mirrorId },
      data: {
        state: "off",
        heldRemovals: null,
        removalsConfirmed: false,
        // A swap still waiting is dropped: the source stays assigned.
        ...(row.swap !== null && swapColumn.decode(row.swap, row.id).state === "waiting" ? { swap: null } : {}),
        ...(opts.deleteGroup ? { mirrorGroupId: null, members: "[]", unsettled: null } : {}),
      },
    });
  });
}

/** An operator's change to a mirror and its audit event, in one transaction. */
async function changeMirror(
  mirror: { id: string; mirrorName: string },
  by: ChangedBy,
  action: AuditAction,
  details: Record<string, unknown>,
  change: (tx: Tx) => Promise<void>,
): Promise<void> {
  await db().$transaction(async (tx) => {
    await change(tx);
    await recordAuditEvent(tx, {
      actor: by.actor,
      context: by.context,
      action,
      target: { type: "mirror", id: mirror.id, label: mirror.mirrorName },
      outcome: "success",
      details,
    });
  });
}

async function activeMirror(mirrorId: string): Promise<StoredMirror> {
  const [found] = await storedMirrors({ id: mirrorId, state: "active" });
  if (!found) throw new AppError("NotFound", "No such mirror, or it is turned off.");
  return found;
}
