import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEventAlone, type AuditInput, type ChangedBy } from "../audit/record-audit-event";
import type { AsyncRequest } from "../aws/async-request";
import type { IdentityCenter } from "../aws/identity-center";
import {
  accountsWithPermissionSet,
  createPermissionSet,
  deletePermissionSet,
  permissionSetUse,
  readPermissionSet,
  reprovisionPermissionSet,
  updatePermissionSet,
  type PermissionSet,
  type PermissionSetDefinition,
  type SavedPermissionSet,
} from "../aws/permission-sets";
import { forgetReading } from "../cloud-readings/cloud-reading";
import { AppError, isAppError } from "../errors";
import { errorFields, log } from "../log";
import { permissionSetDetailReadings, refreshPermissionSetDetailAfterChange } from "./access-detail-readings";
import { refreshPermissionSetsAfterChange } from "./access-readings";
import { recordAcceptedChange } from "./accepted-change";
import { identityCenter } from "./configured-identity-center";
import { definitionOf, type PermissionSetForm } from "./permission-set-input";

// Creating, changing and deleting permission sets on a person's behalf: each change is audited
// with what the set granted before and after, and a change to a set already in use is pushed to
// its accounts (AWS leaves the old version in place until then). Once AWS has accepted a change it
// is reported and audited as done; what failed after it (reading the set back, pushing it to its
// accounts, recording it) is said alongside, never instead.

/** What a set grants: everything AWS stores for it but its identity and creation time. */
const definition = ({ arn: _arn, createdAt: _createdAt, ...granted }: PermissionSet): PermissionSetDefinition => granted;

/** A change AWS accepted, and what the person should know went wrong after it (usually nothing). */
export type SavedResult = { permissionSet: PermissionSet; problems: string[] };
export type UpdateResult = SavedResult & { reprovisionedAccounts: number };

export async function createPermissionSetFor(form: PermissionSetForm, by: ChangedBy): Promise<SavedResult> {
  const t = await identityCenter();
  const after = definitionOf(form);
  let saved: SavedPermissionSet;
  try {
    saved = await createPermissionSet(t, after);
  } catch (e) {
    if (!isAppError(e)) throw e;
    await audit(by, "permission-set.create", { arn: null, name: after.name }, "failure", { after, error: e.message });
    // A lost answer is settled inside the create, so a conflict here is a name already in use.
    if (e.code === "Conflict") {
      throw new AppError(
        "Conflict",
        `A permission set named ${after.name} already exists in this IAM Identity Center instance. Choose another name, or open ${after.name} on the Access page to change it.`,
        { name: "This name is taken." },
      );
    }
    throw e;
  }
  const recorded = await recordAcceptedChange(
    event(by, "permission-set.create", saved.permissionSet, "success", {
      after: definition(saved.permissionSet),
      ...readBack(saved),
      ...(saved.answerLost ? { answerLost: saved.answerLost } : {}),
    }),
  );
  const refreshed = await refreshedReadings({ kind: "create" });
  return { permissionSet: saved.permissionSet, problems: [saved.unreadable, recorded.problem, refreshed].filter((p) => p !== null) };
}

export async function updatePermissionSetFor(arn: string, form: PermissionSetForm, by: ChangedBy): Promise<UpdateResult> {
  const t = await identityCenter();
  const current = await readPermissionSet(t, arn);
  const before = definition(current);
  const after = definitionOf(form);
  if (after.name !== before.name)
    throw new AppError("InvalidInput", `AWS does not rename permission sets: create a new one named ${after.name} instead.`, {
      name: "The name cannot change.",
    });
  let saved: SavedPermissionSet;
  const changedAt = new Date();
  try {
    saved = await updatePermissionSet(t, current, after);
  } catch (e) {
    if (!isAppError(e)) throw e;
    // Calls before the failing one took effect: say so, and record what the set now grants.
    const now = await readPermissionSet(t, arn).then(definition, () => null);
    await audit(by, "permission-set.update", current, "failure", { before, after, now, error: e.message });
    await refreshedReadings({ kind: "update", arn, at: changedAt });
    throw new AppError(e.code, `${e.message} Changes before this one were saved; the form now shows the permission set as it is in AWS.`);
  }
  const problems = saved.unreadable ? [saved.unreadable] : [];
  const { request, accounts, reprovision } = await pushToAccounts(t, arn, current.name);
  if (reprovision && "error" in reprovision)
    problems.push(`The accounts where it is assigned still have the previous version: ${reprovision.error} Save again to push it to them.`);
  const recorded = await recordAcceptedChange(
    event(by, "permission-set.update", saved.permissionSet, "success", { before, after: definition(saved.permissionSet), ...readBack(saved), reprovision }),
    request ? { kind: "provision-permission-set", request, permissionSetArn: arn, permissionSetName: current.name, requestedBy: by.actor.label } : undefined,
  );
  if (recorded.problem) problems.push(recorded.problem);
  const refreshed = await refreshedReadings({ kind: "update", arn, at: changedAt });
  if (refreshed) problems.push(refreshed);
  return { permissionSet: saved.permissionSet, reprovisionedAccounts: request ? accounts : 0, problems };
}

/** Asks AWS to bring the accounts using the set to its new version; a failure here leaves the saved change standing. */
async function pushToAccounts(
  t: IdentityCenter,
  arn: string,
  name: string,
): Promise<{ request: AsyncRequest | null; accounts: number; reprovision: { requestId: string; accounts: number } | { error: string } | null }> {
  try {
    const accounts = (await accountsWithPermissionSet(t, arn)).length;
    if (accounts === 0) return { request: null, accounts, reprovision: null };
    const request = await reprovisionPermissionSet(t, arn, name);
    return { request, accounts, reprovision: { requestId: request.requestId, accounts } };
  } catch (e) {
    if (!isAppError(e)) log("error", "pushing a saved permission set to its accounts failed", { permissionSetArn: arn, ...errorFields(e) });
    const error = isAppError(e) ? e.message : "An unexpected error occurred; the server log has it.";
    return { request: null, accounts: 0, reprovision: { error } };
  }
}

export async function deletePermissionSetFor(arn: string, by: ChangedBy): Promise<{ name: string }> {
  const t = await identityCenter();
  const current = await readPermissionSet(t, arn);
  const { provisioned, assigned } = await permissionSetUse(t, arn);
  if (assigned.length > 0) {
    const message = `${current.name} is assigned in ${assigned.length === 1 ? "account" : `${assigned.length} accounts`} ${list(assigned)}. Remove its assignments there first; AWS refuses to delete a permission set in use.`;
    await audit(by, "permission-set.delete", current, "failure", { before: definition(current), error: message });
    throw new AppError("Conflict", message);
  }
  try {
    await deletePermissionSet(t, arn, current.name);
  } catch (e) {
    if (!isAppError(e)) throw e;
    // Nobody is assigned, yet AWS may still be removing the set from an account whose last assignment just went.
    const message =
      e.code === "Conflict" && provisioned.length > 0
        ? `${e.message} Nobody is assigned ${current.name} any more, but it is still provisioned to ${provisioned.length === 1 ? "account" : `${provisioned.length} accounts`} ${list(provisioned)}: AWS removes it there shortly after the last assignment goes. Try again in a minute; if AWS still refuses, remove the permission set from those accounts in the IAM Identity Center console.`
        : e.message;
    await audit(by, "permission-set.delete", current, "failure", { before: definition(current), provisionedTo: provisioned, error: message });
    throw new AppError(e.code, message);
  }
  await recordAcceptedChange(event(by, "permission-set.delete", current, "success", { before: definition(current), provisionedTo: provisioned }));
  await refreshedReadings({ kind: "delete", arn });
  return { name: current.name };
}

type Change = { kind: "create" } | { kind: "update"; arn: string; at: Date } | { kind: "delete"; arn: string };

/**
 * Reads the list, and the changed set's page, again so the next page shows the change. A failure to
 * read them leaves the change standing: they keep their last read, with the reason, until the
 * readers' next read.
 */
async function refreshedReadings(change: Change): Promise<string | null> {
  try {
    await refreshPermissionSetsAfterChange(change.kind === "update" ? change.arn : null);
    if (change.kind === "update") await refreshPermissionSetDetailAfterChange(change.arn, change.at);
    if (change.kind === "delete") await forgetReading(permissionSetDetailReadings.member(change.arn));
    return null;
  } catch (e) {
    log("error", "reading the permission sets after a change failed", errorFields(e));
    return "The permission sets could not be read again; the Access pages show the change at their next read.";
  }
}

const list = (accounts: string[]) => `${accounts.slice(0, 5).join(", ")}${accounts.length > 5 ? "…" : ""}`;

/** The audit detail that says the set could not be read back, so "after" is what was sent. */
const readBack = (saved: SavedPermissionSet) => (saved.unreadable ? { readBack: saved.unreadable } : {});

function event(
  by: ChangedBy,
  action: AuditAction,
  ps: { arn: string | null; name: string },
  outcome: "success" | "failure",
  details: Record<string, unknown>,
): AuditInput {
  return { actor: by.actor, action, target: { type: "permission-set", id: ps.arn, label: ps.name }, outcome, details, context: by.context };
}

function audit(by: ChangedBy, action: AuditAction, ps: { arn: string | null; name: string }, outcome: "success" | "failure", details: Record<string, unknown>) {
  return recordAuditEventAlone(event(by, action, ps, outcome, details));
}
