import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEventAlone, type ChangedBy } from "../audit/record-audit-event";
import {
  accountsWithPermissionSet,
  createPermissionSet,
  deletePermissionSet,
  readPermissionSet,
  reprovisionPermissionSet,
  updatePermissionSet,
  type PermissionSet,
  type PermissionSetDefinition,
} from "../aws/permission-sets";
import { AppError, isAppError } from "../errors";
import { identityCenter } from "./configured-identity-center";
import { recordOperation } from "./aws-operations";
import { definitionOf, type PermissionSetForm } from "./permission-set-input";

// Creating, changing and deleting permission sets on a person's behalf: each change is audited
// with what the set granted before and after, and a change to a set already in use is pushed to
// its accounts (AWS leaves the old version in place until then).

/** What a set grants: everything AWS stores for it but its identity and creation time. */
const definition = ({ arn: _arn, createdAt: _createdAt, ...granted }: PermissionSet): PermissionSetDefinition => granted;

export async function createPermissionSetFor(form: PermissionSetForm, by: ChangedBy): Promise<PermissionSet> {
  const t = await identityCenter();
  const after = definitionOf(form);
  try {
    const created = await createPermissionSet(t, after);
    await audit(by, "permission-set.create", created, "success", { after: definition(created) });
    return created;
  } catch (e) {
    if (isAppError(e)) await audit(by, "permission-set.create", { arn: null, name: after.name }, "failure", { after, error: e.message });
    throw e;
  }
}

export type UpdateResult = { permissionSet: PermissionSet; reprovisionedAccounts: number };

export async function updatePermissionSetFor(arn: string, form: PermissionSetForm, by: ChangedBy): Promise<UpdateResult> {
  const t = await identityCenter();
  const current = await readPermissionSet(t, arn);
  const before = definition(current);
  const after = definitionOf(form);
  if (after.name !== before.name)
    throw new AppError("InvalidInput", `AWS does not rename permission sets: create a new one named ${after.name} instead.`, {
      name: "The name cannot change.",
    });
  let updated: PermissionSet;
  try {
    updated = await updatePermissionSet(t, arn, before, after);
  } catch (e) {
    if (!isAppError(e)) throw e;
    // Calls before the failing one took effect: say so, and record what the set now grants.
    const now = await readPermissionSet(t, arn).then(definition, () => null);
    await audit(by, "permission-set.update", current, "failure", { before, after, now, error: e.message });
    throw new AppError(e.code, `${e.message} Changes before this one were saved; the form now shows the permission set as it is in AWS.`);
  }
  const accounts = await accountsWithPermissionSet(t, arn);
  let requestId: string | null = null;
  if (accounts.length > 0) {
    const request = await reprovisionPermissionSet(t, arn, updated.name);
    await recordOperation({ kind: "provision-permission-set", request, permissionSetArn: arn, permissionSetName: updated.name, requestedBy: by.actor.label });
    requestId = request.requestId;
  }
  await audit(by, "permission-set.update", updated, "success", {
    before,
    after: definition(updated),
    reprovision: requestId ? { requestId, accounts: accounts.length } : null,
  });
  return { permissionSet: updated, reprovisionedAccounts: accounts.length };
}

export async function deletePermissionSetFor(arn: string, by: ChangedBy): Promise<{ name: string }> {
  const t = await identityCenter();
  const current = await readPermissionSet(t, arn);
  const accounts = await accountsWithPermissionSet(t, arn);
  if (accounts.length > 0) {
    const message = `${current.name} is still provisioned to ${accounts.length === 1 ? "account" : `${accounts.length} accounts`} ${accounts.slice(0, 5).join(", ")}${accounts.length > 5 ? "…" : ""}. Remove its assignments there first; AWS refuses to delete a permission set in use.`;
    await audit(by, "permission-set.delete", current, "failure", { before: definition(current), error: message });
    throw new AppError("Conflict", message);
  }
  try {
    await deletePermissionSet(t, arn, current.name);
  } catch (e) {
    if (isAppError(e)) await audit(by, "permission-set.delete", current, "failure", { before: definition(current), error: e.message });
    throw e;
  }
  await audit(by, "permission-set.delete", current, "success", { before: definition(current) });
  return { name: current.name };
}

function audit(by: ChangedBy, action: AuditAction, ps: { arn: string | null; name: string }, outcome: "success" | "failure", details: Record<string, unknown>) {
  return recordAuditEventAlone({
    actor: by.actor,
    action,
    target: { type: "permission-set", id: ps.arn, label: ps.name },
    outcome,
    details,
    context: by.context,
  });
}
