import crypto from "node:crypto";
import type { GraphGroup, GraphUser } from "../directory";
import { targetMatches, toScimGroup, toScimUser, userFingerprint, userModifiedProperties } from "./aws-template";
import type { ProvisioningAction, ProvisioningErrorInformation, ProvisioningResult, ProvisioningStep } from "./provisioning-logs";
import { ScimRequestError, type ScimClient, type ScimPatchOperation, type ScimUser } from "./scim-client";

// How the provisioning service handles one user or group against the target: match, decide,
// export, and describe what happened as provisioning steps. What it remembers between cycles (its
// "connector data store") decides whether an export is redundant and which members to remove.

export type KnownUser = { targetId: string; fingerprint: string; active: boolean; userName: string };
/** members: target user ids known to be in the target group; null when not known (found, not created) */
export type KnownGroup = { targetId: string; displayName: string; members: Set<string> | null };
export type ConnectorState = { users: Map<string, KnownUser>; groups: Map<string, KnownGroup> };

export function emptyConnectorState(): ConnectorState {
  return { users: new Map(), groups: new Map() };
}

export type ObjectOutcome = {
  changeId: string;
  action: ProvisioningAction;
  status: ProvisioningResult;
  error: ProvisioningErrorInformation | null;
  steps: ProvisioningStep[];
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  source: { id: string; displayName: string; type: "User" | "Group" };
  target: { id: string; displayName: string; type: "User" | "Group" };
  startTime: string;
  endTime: string;
  /** counts toward countExported */
  exported: boolean;
};

/** AWS allows at most 100 membership changes per PatchGroup request. */
export const MEMBER_CHUNK = 100;

const SOURCE = "Azure Active Directory";
const TARGET = "customappsso";

/** The error the provisioning logs show for a SCIM answer, with the endpoint's own detail in the reason. */
export function scimErrorInformation(err: ScimRequestError): ProvisioningErrorInformation {
  const codes: Record<number, string> = {
    0: "SystemForCrossDomainIdentityManagementServiceUnavailable",
    400: "SystemForCrossDomainIdentityManagementBadRequest",
    401: "SystemForCrossDomainIdentityManagementInvalidCredentials",
    403: "SystemForCrossDomainIdentityManagementInvalidCredentials",
    404: "SystemForCrossDomainIdentityManagementResourceNotFound",
    409: "SystemForCrossDomainIdentityManagementEntryConflict",
    429: "SystemForCrossDomainIdentityManagementThrottled",
  };
  const code =
    codes[err.status] ??
    (err.status >= 500 ? "SystemForCrossDomainIdentityManagementServiceFailure" : "SystemForCrossDomainIdentityManagementUnexpectedResponse");
  const statusText = err.status === 0 ? "no response" : `${err.status}`;
  return {
    errorCode: code,
    reason: `StatusCode: ${statusText} Message: Processing of the HTTP request resulted in an exception. Operation: ${err.method} ${err.url} Web Response: ${err.responseText || err.detail}. Detail: ${err.detail}`,
    additionalDetails: err.responseText || null,
    errorCategory: err.status >= 500 || err.status === 0 || err.status === 429 ? "failure" : "nonServiceFailure",
    recommendedAction:
      err.status === 400
        ? "Make sure the user has every attribute AWS IAM Identity Center requires (given name, family name, display name, user name) and no unsupported characters."
        : err.status === 409
          ? "An object with the same unique name already exists in the target. Remove or rename the conflicting object, or take this one out of the provisioning scope."
          : err.isConnectionFailure
            ? "Check the tenant URL and the secret token, then test the connection."
            : null,
  };
}

class OutcomeBuilder {
  readonly changeId = crypto.randomUUID();
  readonly startTime = new Date().toISOString();
  readonly steps: ProvisioningStep[] = [];
  target: ObjectOutcome["target"];

  constructor(
    readonly source: ObjectOutcome["source"],
    readonly modifiedProperties: ObjectOutcome["modifiedProperties"],
  ) {
    this.target = { id: "", displayName: "", type: source.type };
  }

  step(
    name: string,
    type: ProvisioningStep["provisioningStepType"],
    status: ProvisioningResult,
    description: string,
    details: Record<string, string> = {},
  ): void {
    this.steps.push({ name, provisioningStepType: type, status, description, details });
  }

  done(action: ProvisioningAction, status: ProvisioningResult, exported: boolean, error: ProvisioningErrorInformation | null = null): ObjectOutcome {
    return {
      changeId: this.changeId,
      action,
      status,
      error,
      steps: this.steps,
      modifiedProperties: this.modifiedProperties,
      source: this.source,
      target: this.target,
      startTime: this.startTime,
      endTime: new Date().toISOString(),
      exported,
    };
  }

  /** A refused export: recorded on the object, unless the target refused us altogether. */
  failed(action: ProvisioningAction, stepName: string, description: string, err: unknown): ObjectOutcome {
    if (!(err instanceof ScimRequestError) || err.isConnectionFailure) throw err;
    this.step(stepName, "export", "failure", description, { ReportableIdentifier: this.source.displayName, StatusCode: String(err.status) });
    return this.done(action, "failure", false, scimErrorInformation(err));
  }
}

/**
 * A user the scope includes: create, update, re-enable or disable (accountEnabled false). A cycle
 * skips a user whose mapped values are what it sent last; on demand (`onDemand`) the user is matched
 * in the target afresh and compared with what the target holds, so a change made there is put right.
 */
export async function syncUser(
  client: ScimClient,
  state: ConnectorState,
  user: GraphUser,
  scopeDetails: Record<string, string>,
  opts: { onDemand?: boolean } = {},
): Promise<ObjectOutcome> {
  const desired = toScimUser(user, user.accountEnabled);
  const b = new OutcomeBuilder({ id: user.id, displayName: user.userPrincipalName, type: "User" }, userModifiedProperties(user, !user.accountEnabled));
  b.step("EntryImport", "import", "success", `Retrieved User '${user.userPrincipalName}' from ${SOURCE}`, {
    objectId: user.id,
    userPrincipalName: user.userPrincipalName,
  });
  b.step("EntrySynchronizationScoping", "scoping", "success", "Determine if User in scope by evaluating against each scoping filter", scopeDetails);

  const known = state.users.get(user.id);
  const fingerprint = userFingerprint(desired);
  const redundant = (targetId: string) => {
    b.target = { id: targetId, displayName: user.userPrincipalName, type: "User" };
    b.step(
      "EntrySynchronizationSkip",
      "export",
      "skipped",
      `The state of the user in both the source and target systems already match. No change to the User '${user.userPrincipalName}' currently needs to be made.`,
      { SkipReason: "RedundantExport" },
    );
    return b.done("other", "skipped", false);
  };
  if (!opts.onDemand && known && known.fingerprint === fingerprint) return redundant(known.targetId);

  let targetId = opts.onDemand ? undefined : known?.targetId;
  let target: ScimUser | undefined;
  try {
    if (!targetId) target = await client.findUserByUserName(user.userPrincipalName);
  } catch (err) {
    return b.failed("other", "EntryImportByMatching", `Failed to look up User '${user.userPrincipalName}' in ${TARGET}`, err);
  }
  targetId ??= target?.id;
  b.step(
    "EntryImport",
    "matching",
    "success",
    targetId ? `Retrieved '${user.userPrincipalName}' from ${TARGET}` : `No matching User '${user.userPrincipalName}' was found in ${TARGET}`,
    targetId ? { id: targetId } : {},
  );
  if (opts.onDemand && target?.id && targetMatches(desired, target)) {
    state.users.set(user.id, { targetId: target.id, fingerprint, active: desired.active, userName: user.userPrincipalName });
    return redundant(target.id);
  }

  if (!targetId) {
    if (!user.accountEnabled) {
      b.step(
        "EntrySynchronizationSkip",
        "export",
        "skipped",
        `User '${user.userPrincipalName}' is disabled in ${SOURCE} and does not exist in ${TARGET}; it will not be created.`,
        { SkipReason: "NotEffectivelyEntitled" },
      );
      return b.done("other", "skipped", false);
    }
    try {
      const created = await client.createUser(desired);
      const id = created.id ?? "";
      state.users.set(user.id, { targetId: id, fingerprint, active: true, userName: user.userPrincipalName });
      b.target = { id, displayName: user.userPrincipalName, type: "User" };
      b.step("EntryExportAdd", "export", "success", `User '${user.userPrincipalName}' was created in ${TARGET}`, {
        ReportableIdentifier: user.userPrincipalName,
      });
      return b.done("create", "success", true);
    } catch (err) {
      return b.failed("create", "EntryExportAdd", `Failed to create User '${user.userPrincipalName}' in ${TARGET}`, err);
    }
  }

  const action: ProvisioningAction = !desired.active && (known?.active ?? true) ? "disable" : "update";
  try {
    await client.replaceUser(targetId, desired);
  } catch (err) {
    if (err instanceof ScimRequestError && err.status === 404 && known) {
      // Deleted in the target behind our back: forget it and create it afresh next time round.
      state.users.delete(user.id);
    }
    return b.failed(action, "EntryExportUpdate", `Failed to update User '${user.userPrincipalName}' in ${TARGET}`, err);
  }
  state.users.set(user.id, { targetId, fingerprint, active: desired.active, userName: user.userPrincipalName });
  b.target = { id: targetId, displayName: user.userPrincipalName, type: "User" };
  b.step(
    action === "disable" ? "EntryExportUpdateSoftDelete" : "EntryExportUpdate",
    "export",
    "success",
    `User '${user.userPrincipalName}' was ${action === "disable" ? "disabled" : "updated"} in ${TARGET}`,
    { ReportableIdentifier: user.userPrincipalName },
  );
  return b.done(action, "success", true);
}

/** A user Entra provisioned earlier that left the scope: disabled while it still exists in the
 * directory (unassigned), deleted once it is gone from the directory. */
export async function deprovisionUser(
  client: ScimClient,
  state: ConnectorState,
  sourceId: string,
  user: GraphUser | undefined,
): Promise<ObjectOutcome | undefined> {
  const known = state.users.get(sourceId);
  if (!known) return undefined;
  if (user && !known.active) return undefined;
  const b = new OutcomeBuilder(
    { id: sourceId, displayName: known.userName, type: "User" },
    user ? userModifiedProperties(user, true) : [{ displayName: "objectId", oldValue: null, newValue: sourceId }],
  );
  b.target = { id: known.targetId, displayName: known.userName, type: "User" };
  b.step("EntryImport", "import", "success", `Received User '${known.userName}' change of type (${user ? "Update" : "Delete"}) from ${SOURCE}`);
  b.step("EntrySynchronizationScoping", "scoping", "success", "Determine if User in scope by evaluating against each scoping filter", {
    Assigned: "False",
    IsEffectivelyEntitledForProvisioning: "False",
  });
  if (user) {
    try {
      await client.patchUser(known.targetId, [{ op: "replace", path: "active", value: false }]);
    } catch (err) {
      return b.failed("disable", "EntryExportUpdateSoftDelete", `Failed to disable User '${known.userName}' in ${TARGET}`, err);
    }
    state.users.set(sourceId, { ...known, active: false, fingerprint: "" });
    b.step("EntryExportUpdateSoftDelete", "export", "success", `User '${known.userName}' was disabled in ${TARGET} because it is no longer assigned`, {
      ReportableIdentifier: known.userName,
    });
    return b.done("disable", "success", true);
  }
  try {
    await client.deleteUser(known.targetId);
  } catch (err) {
    if (!(err instanceof ScimRequestError && err.status === 404))
      return b.failed("delete", "EntryExportDelete", `Failed to delete User '${known.userName}' in ${TARGET}`, err);
  }
  state.users.delete(sourceId);
  for (const g of state.groups.values()) g.members?.delete(known.targetId);
  b.step("EntryExportDelete", "export", "success", `User '${known.userName}' was deleted in ${TARGET}`, { ReportableIdentifier: known.userName });
  return b.done("delete", "success", true);
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Adds members in chunks; when the target's membership is unknown an "already a member" conflict
 * is expected, so such a chunk is replayed one member at a time and duplicates are ignored. */
async function addMembers(client: ScimClient, groupTargetId: string, userTargetIds: string[], membershipKnown: boolean): Promise<void> {
  for (const chunk of chunks(userTargetIds, MEMBER_CHUNK)) {
    try {
      await client.patchGroup(groupTargetId, [{ op: "add", path: "members", value: chunk.map((value) => ({ value })) }]);
    } catch (err) {
      if (membershipKnown || !(err instanceof ScimRequestError && err.status === 409)) throw err;
      for (const value of chunk) {
        try {
          await client.patchGroup(groupTargetId, [{ op: "add", path: "members", value: [{ value }] }]);
        } catch (e) {
          if (!(e instanceof ScimRequestError && e.status === 409)) throw e;
        }
      }
    }
  }
}

/** An assigned group: matched by displayName, created without members, then members added and
 * removed by PATCH. Only direct members that are users and already exist in the target count. */
export async function syncGroup(client: ScimClient, state: ConnectorState, group: GraphGroup, memberSourceIds: string[]): Promise<ObjectOutcome> {
  const b = new OutcomeBuilder({ id: group.id, displayName: group.displayName, type: "Group" }, [
    { displayName: "objectId", oldValue: null, newValue: group.id },
    { displayName: "displayName", oldValue: null, newValue: group.displayName },
  ]);
  b.step("EntryImport", "import", "success", `Retrieved Group '${group.displayName}' from ${SOURCE}`, { objectId: group.id, displayName: group.displayName });
  b.step("EntrySynchronizationScoping", "scoping", "success", "Determine if Group in scope by evaluating against each scoping filter", {
    Assigned: "True",
    IsEffectivelyEntitledForProvisioning: "True",
  });

  let known = state.groups.get(group.id);
  let created = false;
  let renamed = false;
  try {
    if (!known) {
      const found = await client.findGroupByDisplayName(group.displayName);
      b.step(
        "EntryImport",
        "matching",
        "success",
        found ? `Retrieved '${group.displayName}' from ${TARGET}` : `No matching Group '${group.displayName}' was found in ${TARGET}`,
      );
      if (found?.id) {
        known = { targetId: found.id, displayName: found.displayName, members: null };
      } else {
        const made = await client.createGroup(toScimGroup(group));
        known = { targetId: made.id ?? "", displayName: group.displayName, members: new Set() };
        created = true;
        b.step("EntryExportAdd", "export", "success", `Group '${group.displayName}' was created in ${TARGET}`, { ReportableIdentifier: group.displayName });
      }
      state.groups.set(group.id, known);
    }
    b.target = { id: known.targetId, displayName: group.displayName, type: "Group" };
    if (known.displayName !== group.displayName) {
      await client.patchGroup(known.targetId, [{ op: "replace", path: "displayName", value: group.displayName }]);
      known.displayName = group.displayName;
      renamed = true;
    }
  } catch (err) {
    return b.failed(
      created ? "create" : known ? "update" : "create",
      created || !known ? "EntryExportAdd" : "EntryExportUpdate",
      `Failed to provision Group '${group.displayName}' in ${TARGET}`,
      err,
    );
  }

  const desired = new Set(memberSourceIds.map((id) => state.users.get(id)?.targetId).filter((id): id is string => !!id));
  const membershipKnown = known.members !== null;
  const current = known.members ?? new Set<string>();
  const toAdd = [...desired].filter((id) => !current.has(id));
  const toRemove = membershipKnown ? [...current].filter((id) => !desired.has(id)) : [];
  try {
    await addMembers(client, known.targetId, toAdd, membershipKnown);
    for (const chunk of chunks(toRemove, MEMBER_CHUNK)) {
      const ops: ScimPatchOperation[] = chunk.map((id) => ({ op: "remove", path: `members[value eq "${id}"]` }));
      await client.patchGroup(known.targetId, ops);
    }
  } catch (err) {
    // Membership is uncertain after a partial failure: re-add everything next cycle.
    known.members = null;
    return b.failed(created ? "create" : "update", "EntryExportUpdate", `Failed to update the members of Group '${group.displayName}' in ${TARGET}`, err);
  }
  known.members = desired;
  const skippedMembers = memberSourceIds.length - desired.size;
  if (toAdd.length || toRemove.length) {
    b.modifiedProperties.push({ displayName: "members", oldValue: null, newValue: `added ${toAdd.length}, removed ${toRemove.length}` });
    b.step(
      "EntryExportUpdate",
      "export",
      "success",
      `Group '${group.displayName}' members were updated in ${TARGET}: ${toAdd.length} added, ${toRemove.length} removed`,
      {
        ReportableIdentifier: group.displayName,
        MembersAdded: String(toAdd.length),
        MembersRemoved: String(toRemove.length),
        MembersNotProvisioned: String(skippedMembers),
      },
    );
  }
  if (created) return b.done("create", "success", true);
  if (renamed || toAdd.length || toRemove.length) return b.done("update", "success", true);
  b.step(
    "EntrySynchronizationSkip",
    "export",
    "skipped",
    `The state of the group in both the source and target systems already match. No change to the Group '${group.displayName}' currently needs to be made.`,
    { SkipReason: "RedundantExport" },
  );
  return b.done("other", "skipped", false);
}

/** A group Entra provisioned that is no longer assigned or no longer exists: deleted in the target. */
export async function deprovisionGroup(
  client: ScimClient,
  state: ConnectorState,
  sourceId: string,
  group: GraphGroup | undefined,
): Promise<ObjectOutcome | undefined> {
  const known = state.groups.get(sourceId);
  if (!known) return undefined;
  const b = new OutcomeBuilder({ id: sourceId, displayName: group?.displayName ?? known.displayName, type: "Group" }, [
    { displayName: "objectId", oldValue: null, newValue: sourceId },
  ]);
  b.target = { id: known.targetId, displayName: known.displayName, type: "Group" };
  b.step("EntryImport", "import", "success", `Received Group '${known.displayName}' change of type (${group ? "Update" : "Delete"}) from ${SOURCE}`);
  b.step("EntrySynchronizationScoping", "scoping", "success", "Determine if Group in scope by evaluating against each scoping filter", {
    Assigned: "False",
    IsEffectivelyEntitledForProvisioning: "False",
  });
  try {
    await client.deleteGroup(known.targetId);
  } catch (err) {
    if (!(err instanceof ScimRequestError && err.status === 404))
      return b.failed("delete", "EntryExportDelete", `Failed to delete Group '${known.displayName}' in ${TARGET}`, err);
  }
  state.groups.delete(sourceId);
  b.step("EntryExportDelete", "export", "success", `Group '${known.displayName}' was deleted in ${TARGET}`, { ReportableIdentifier: known.displayName });
  return b.done("delete", "success", true);
}
