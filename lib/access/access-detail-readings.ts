import { z } from "zod";
import { assignmentsInAccount, assignmentsOfPrincipal, type AssignmentKey, type PrincipalType } from "../aws/account-assignments";
import { gatedIdentityCenter, type IdentityCenter } from "../aws/identity-center";
import { describePrincipal, groupIdsOfUser, groupMemberIds, type Principal } from "../aws/identity-store-principals";
import { snapshotAge, snapshotGroupMembers, snapshotHasGroup } from "../drift/directory-snapshot";
import { permissionSetUse, readPermissionSet } from "../aws/permission-sets";
import { BUDGETS } from "../cloud-readings/budget";
import { defineReadingFamily, requestFamilyRefresh, type ReadingFamily } from "../cloud-readings/reading-family";
import { refreshReadingStartedAfter } from "../cloud-readings/refresh-reading";
import { AppError, isAppError } from "../errors";
import { errorFields, log } from "../log";
import { afterTheFirstRequest, identityCenterBudget, summarySchema, WATCHED_MAX_AGE_MS } from "./access-readings";
import { identityCenter } from "./configured-identity-center";

// What the account, person and permission set pages show of AWS, kept as reading families: a
// member per account, person or set, read in the background while its page is open, within the
// IAM Identity Center budget (every request of a read spends a token). Names of sets and accounts
// are not kept here: pages take them from the permission sets and organization readings.

const MEMBERS_SHOWN = 25;

const principalSchema = z.object({ type: z.enum(["USER", "GROUP"]), id: z.string(), name: z.string(), detail: z.string().nullable() });
const assignmentKeySchema = z.object({
  accountId: z.string(),
  permissionSetArn: z.string(),
  principalType: z.enum(["USER", "GROUP"]),
  principalId: z.string(),
});

const accountAccessSchema = z.object({
  instanceArn: z.string(),
  entries: z.array(
    z.object({
      key: assignmentKeySchema,
      principal: principalSchema,
      members: z.object({ shown: z.array(principalSchema), total: z.number() }).nullable(),
    }),
  ),
});
export type AccountAccessValue = z.infer<typeof accountAccessSchema>;

const userAccessSchema = z.object({
  instanceArn: z.string(),
  /** null when the identity store has no such user */
  user: principalSchema.nullable(),
  groups: z.array(principalSchema),
  /** the user's own assignments and those of each of its groups */
  assignments: z.array(assignmentKeySchema),
});
export type UserAccessValue = z.infer<typeof userAccessSchema>;

const policyReferenceSchema = z.object({ name: z.string(), path: z.string() });
const permissionSetDetailSchema = z.object({
  instanceArn: z.string(),
  /** null when AWS has no such set */
  permissionSet: summarySchema
    .omit({ describedAt: true })
    .extend({
      managedPolicyArns: z.array(z.string()),
      customerManagedPolicies: z.array(policyReferenceSchema),
      inlinePolicy: z.string().nullable(),
      permissionsBoundary: z.union([z.object({ managedPolicyArn: z.string() }), z.object({ customerManagedPolicy: policyReferenceSchema })]).nullable(),
    })
    .nullable(),
  /** the accounts where someone is assigned it */
  accounts: z.array(z.string()),
});
export type PermissionSetDetailValue = z.infer<typeof permissionSetDetailSchema>;

/** The instance as a reader reaches it: every request after the first spends a token of its budget. */
async function budgetedIdentityCenter(): Promise<IdentityCenter> {
  const t = await identityCenter();
  return gatedIdentityCenter(t, afterTheFirstRequest({ budget: BUDGETS.awsIdentityCenter, tenant: t.instanceArn }));
}

export const accountAccessReadings = defineReadingFamily<AccountAccessValue>({
  prefix: "aws.account-access:",
  label: (accountId) => `who can reach account ${accountId}`,
  schema: accountAccessSchema,
  budget: identityCenterBudget,
  read: readAccountAccess,
  watchedMaxAgeMs: WATCHED_MAX_AGE_MS,
});

export const userAccessReadings = defineReadingFamily<UserAccessValue>({
  prefix: "aws.user-access:",
  label: () => "what this person can reach",
  schema: userAccessSchema,
  budget: identityCenterBudget,
  read: readUserAccess,
  watchedMaxAgeMs: WATCHED_MAX_AGE_MS,
});

export const permissionSetDetailReadings = defineReadingFamily<PermissionSetDetailValue>({
  prefix: "aws.permission-set:",
  label: () => "the permission set",
  schema: permissionSetDetailSchema,
  budget: identityCenterBudget,
  read: readPermissionSetDetail,
  watchedMaxAgeMs: WATCHED_MAX_AGE_MS,
});

export const ACCESS_DETAIL_FAMILIES: ReadingFamily<unknown>[] = [accountAccessReadings, userAccessReadings, permissionSetDetailReadings];

async function readAccountAccess(accountId: string): Promise<AccountAccessValue> {
  const t = await budgetedIdentityCenter();
  const keys = await assignmentsInAccount(t, accountId);
  const principals = await principalsOf(
    t,
    keys.map((k) => ({ type: k.principalType, id: k.principalId })),
  );
  // A group's members come from the directory snapshot the last drift scan kept, when it holds the group: no group is read live then.
  const snapshot = await snapshotAge();
  const entries: AccountAccessValue["entries"] = [];
  for (const key of keys) {
    let members: AccountAccessValue["entries"][number]["members"] = null;
    if (key.principalType === "GROUP")
      members =
        snapshot && (await snapshotHasGroup(key.principalId))
          ? await snapshotGroupMembers(key.principalId, MEMBERS_SHOWN)
          : await liveGroupMembers(t, key.principalId);
    entries.push({ key, principal: principals.get(key.principalId)!, members });
  }
  return { instanceArn: t.instanceArn, entries };
}

async function liveGroupMembers(t: IdentityCenter, groupId: string): Promise<{ shown: Principal[]; total: number }> {
  const ids = await groupMemberIds(t, groupId);
  const shown = await principalsOf(
    t,
    ids.slice(0, MEMBERS_SHOWN).map((id) => ({ type: "USER" as const, id })),
  );
  return { shown: [...shown.values()], total: ids.length };
}

async function readUserAccess(userId: string): Promise<UserAccessValue> {
  const t = await budgetedIdentityCenter();
  let user: Principal;
  try {
    user = await describePrincipal(t, "USER", userId);
  } catch (e) {
    if (isAppError(e) && e.code === "NotFound") return { instanceArn: t.instanceArn, user: null, groups: [], assignments: [] };
    throw e;
  }
  const groupIds = await groupIdsOfUser(t, userId);
  const groups = await principalsOf(
    t,
    groupIds.map((id) => ({ type: "GROUP" as const, id })),
  );
  const assignments = [await assignmentsOfPrincipal(t, "USER", userId)];
  for (const id of groupIds) assignments.push(await assignmentsOfPrincipal(t, "GROUP", id));
  return { instanceArn: t.instanceArn, user, groups: [...groups.values()], assignments: assignments.flat() };
}

async function readPermissionSetDetail(arn: string): Promise<PermissionSetDetailValue> {
  const t = await budgetedIdentityCenter();
  try {
    const permissionSet = await readPermissionSet(t, arn);
    const { assigned } = await permissionSetUse(t, arn);
    return { instanceArn: t.instanceArn, permissionSet, accounts: assigned };
  } catch (e) {
    if (isAppError(e) && e.code === "NotFound") return { instanceArn: t.instanceArn, permissionSet: null, accounts: [] };
    throw e;
  }
}

/** Principals by id; one removed from the identity store since is named as such rather than failing the read. */
async function principalsOf(t: IdentityCenter, refs: { type: PrincipalType; id: string }[]): Promise<Map<string, Principal>> {
  const out = new Map<string, Principal>();
  for (const ref of refs) {
    if (out.has(ref.id)) continue;
    try {
      out.set(ref.id, await describePrincipal(t, ref.type, ref.id));
    } catch (e) {
      if (!(e instanceof AppError && e.code === "NotFound")) throw e;
      out.set(ref.id, { type: ref.type, id: ref.id, name: `${ref.type === "GROUP" ? "group" : "user"} no longer in AWS (${ref.id})`, detail: null });
    }
  }
  return out;
}

/**
 * After assignments changed here (sent, or ended in AWS): the accounts' and sets' pages are read
 * again, and every person's, since a group's change reaches each of its members. Only pages open
 * now are read; others are read when next opened.
 */
export async function refreshAccessDetailsAfterAssignment(keys: Pick<AssignmentKey, "accountId" | "permissionSetArn">[]): Promise<void> {
  try {
    await requestFamilyRefresh(accountAccessReadings, [...new Set(keys.map((k) => k.accountId))]);
    await requestFamilyRefresh(permissionSetDetailReadings, [...new Set(keys.map((k) => k.permissionSetArn))]);
    await requestFamilyRefresh(userAccessReadings, "all");
  } catch (e) {
    // The change stands; its pages show it at their next periodic read.
    log("warn", "could not ask for the access pages to be read again after an assignment changed", errorFields(e));
  }
}

/** After a change to a permission set made here: its page is read again before the change returns, so the form shows it. */
export async function refreshPermissionSetDetailAfterChange(arn: string, changedAt: Date): Promise<void> {
  await refreshReadingStartedAfter(permissionSetDetailReadings.member(arn), changedAt);
}
