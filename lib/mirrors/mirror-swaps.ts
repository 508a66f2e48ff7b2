import { assignInAccount, settle, type AssignOutcome, type Sent } from "../access/assignment-changes";
import { identityCenter } from "../access/configured-identity-center";
import { accountsById } from "../access/organization";
import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import { assignmentsOfPrincipal } from "../aws/account-assignments";
import type { IdentityCenter } from "../aws/identity-center";
import { findGroupByDisplayName } from "../aws/identity-store-principals";
import { permissionSetNames } from "../aws/permission-sets";
import { db } from "../db";
import { appAssignmentsOf, removeAppAssignment } from "../entra/app-assignments";
import type { GraphSession } from "../entra/graph-session";
import { isAppError } from "../errors";
import { errorFields, log } from "../log";
import { storedMirrors, swapColumn, type MirrorSwap, type StoredMirror } from "./mirror-store";

// A mirror takes its source's place in the enterprise application only once the mirror is in AWS.
// Entra's next cycle after the source leaves the application removes the source group from AWS,
// with the account assignments it holds there; so the swap waits until provisioning has brought
// the mirror group to AWS, gives it every account assignment the source group holds, and removes
// the source from the application only when all of them are in place. Until then both groups are
// assigned and AWS has both. Each run of the mirrors tries the swaps still waiting.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Finishes the swaps whose mirrors have reached AWS; a swap that cannot finish yet says why and waits for the next run. */
export async function finishWaitingSwaps(session: GraphSession, servicePrincipalId: string, runId: string): Promise<void> {
  // Read every run: only the rows with a swap asked for, not every mirror.
  const waiting = (await storedMirrors({ state: "active", swapAsked: true })).filter((m) => m.swap?.state === "waiting" && m.mirrorGroupId && m.lastSyncAt);
  if (waiting.length === 0) return;
  let t: IdentityCenter;
  try {
    t = await identityCenter();
  } catch (e) {
    if (!isAppError(e)) throw e;
    for (const m of waiting) await saveSwap(m, { problem: `Waiting for the AWS connection, to move the source's AWS access first: ${e.message}` });
    return;
  }
  for (const m of waiting) {
    try {
      await finishSwap(session, t, servicePrincipalId, runId, m);
    } catch (e) {
      if (!isAppError(e)) log("error", "a mirror's swap failed on an unexpected error", { mirrorId: m.id, ...errorFields(e) });
      await saveSwap(m, { problem: isAppError(e) ? e.message : "The swap failed on an unexpected error; see the server log. The next run tries again." });
    }
  }
}

async function finishSwap(session: GraphSession, t: IdentityCenter, servicePrincipalId: string, runId: string, m: StoredMirror): Promise<void> {
  const swap = m.swap as MirrorSwap;
  const mirrorInAws = await findGroupByDisplayName(t, m.mirrorName);
  if (!mirrorInAws) {
    if (swap.problem !== null) await saveSwap(m, { problem: null });
    return;
  }
  const by: ChangedBy = { actor: { type: "person", ...swap.requestedBy }, context: { requestId: `mirror-run:${runId}` } };
  const sourceInAws = await findGroupByDisplayName(t, m.sourceName);
  const held = sourceInAws ? await assignmentsOfPrincipal(t, "GROUP", sourceInAws) : [];
  const names = await permissionSetNames(t, [...new Set(held.map((k) => k.permissionSetArn))]);
  const accounts = held.length > 0 ? await accountsById(t) : new Map<string, { name: string }>();
  const outcomes: AssignOutcome[] = [];
  const sent: Sent[] = [];
  const carried: MirrorSwap["carried"] = [];
  for (const k of held) {
    const permissionSetName = names.get(k.permissionSetArn) ?? k.permissionSetArn;
    const account = { id: k.accountId, name: accounts.get(k.accountId)?.name ?? k.accountId };
    const principal = { type: "GROUP" as const, id: mirrorInAws, name: m.mirrorName };
    const done = await assignInAccount(t, { principal, permissionSetArn: k.permissionSetArn, permissionSetName }, account, by, { sleep });
    if (done.halt) return saveSwap(m, { problem: done.halt });
    outcomes.push(done.outcome);
    if (done.sent) sent.push(done.sent);
    carried.push({ accountId: account.id, accountName: account.name, permissionSet: permissionSetName });
  }
  const missing = (await settle(t, outcomes, sent, sleep)).filter((o) => o.status !== "SUCCEEDED");
  if (missing.length > 0) {
    const first = missing[0] as AssignOutcome;
    return saveSwap(m, {
      problem: `${missing.length} of the source's ${held.length} AWS account assignments are not yet the mirror's (${first.accountName}: ${(first.reason ?? first.status.toLowerCase().replace("_", " ")).replace(/\.$/, "")}). The source stays assigned until they are; the next run tries again.`,
    });
  }
  let removed = 0;
  for (const assignmentId of await appAssignmentsOf(session, servicePrincipalId, { id: m.sourceGroupId, type: "Group" }))
    if ((await removeAppAssignment(session, servicePrincipalId, assignmentId)).removed) removed++;
  await db().$transaction(async (tx) => {
    await tx.mirror.updateMany({ where: { id: m.id }, data: { swap: swapColumn.encode({ ...swap, state: "done", carried, problem: null }) } });
    await recordAuditEvent(tx, {
      ...by,
      action: "mirror.swap",
      target: { type: "mirror", id: m.id, label: m.mirrorName },
      outcome: "success",
      details: { runId, source: { id: m.sourceGroupId, name: m.sourceName }, awsAccessCarried: carried, sourceAssignmentRemoved: removed > 0 },
    });
  });
}

async function saveSwap(m: StoredMirror, change: Partial<MirrorSwap>): Promise<void> {
  await db().mirror.updateMany({ where: { id: m.id }, data: { swap: swapColumn.encode({ ...(m.swap as MirrorSwap), ...change }) } });
}
