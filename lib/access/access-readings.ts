import { z } from "zod";
import { readOrganizationTree, type OrgUnit } from "../aws/organization-accounts";
import { describePermissionSet, permissionSetArns, type PermissionSetSummary } from "../aws/permission-sets";
import { BUDGETS, spend, type BudgetKey } from "../cloud-readings/budget";
import { defineReading, requestRefresh, storedReading, type ReadingDefinition, type StoredReading } from "../cloud-readings/cloud-reading";
import { readingView } from "../cloud-readings/reading-view";
import { refreshReading, TRIES_AFTER_CHANGE } from "../cloud-readings/refresh-reading";
import { monitorIntervalMs } from "../config";
import { db } from "../db";
import { isAppError } from "../errors";
import { identityCenterInstance } from "../federation/configured-parts";
import { accessConfigured, identityCenter } from "./configured-identity-center";

// What the Access pages show of AWS, kept as readings: the instance's permission sets and the
// organization's tree. Pages show them as stored; the background readers refresh them within the
// budgets of IAM Identity Center and AWS Organizations, and a change made here refreshes them at once.

export const WATCHED_MAX_AGE_MS = 60_000;
const idleMaxAgeMs = () => Math.max(10 * 60_000, monitorIntervalMs());
// A listing page or an organizational unit waits this long for budget before the read gives up.
export const REQUEST_WAIT_MS = 30_000;
// Describing stops after this long, well inside the reading's lease; the rest is described by the next read.
const DESCRIBE_FOR_MS = 40_000;
const DESCRIBE_CONCURRENCY = 4;

export const summarySchema = z.object({
  arn: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  sessionDuration: z.string(),
  relayState: z.string().nullable(),
  createdAt: z.coerce.date().nullable(),
  /** when AWS last described the set; a set changed in the AWS console shows its change once described again */
  describedAt: z.coerce.date(),
});
export type StoredPermissionSetSummary = PermissionSetSummary & { describedAt: Date };

const permissionSetsSchema = z.object({
  instanceArn: z.string(),
  sets: z.array(summarySchema),
  /** listed by AWS but not described yet: a first read of many sets takes several reads' worth of budget */
  undescribed: z.array(z.string()),
});
export type PermissionSetsValue = z.infer<typeof permissionSetsSchema>;

const orgUnitSchema: z.ZodType<OrgUnit> = z.lazy(() =>
  z.object({
    id: z.string(),
    name: z.string(),
    accounts: z.array(z.object({ id: z.string(), name: z.string(), email: z.string().nullable(), status: z.string().nullable() })),
    units: z.array(orgUnitSchema),
  }),
);
const organizationSchema = z.object({ instanceArn: z.string(), root: orgUnitSchema });
export type OrganizationValue = z.infer<typeof organizationSchema>;

export async function identityCenterBudget(): Promise<{ key: BudgetKey; cost: number } | null> {
  if (!(await accessConfigured())) return null;
  return { key: { budget: BUDGETS.awsIdentityCenter, tenant: (await identityCenterInstance()).instanceArn }, cost: 1 };
}

// Organizations throttles per account: the one whose credentials read it, which owns the instance.
async function organizationsBudget(): Promise<{ key: BudgetKey; cost: number } | null> {
  if (!(await accessConfigured())) return null;
  return { key: { budget: BUDGETS.awsOrganizations, tenant: (await identityCenterInstance()).ownerAccountId }, cost: 1 };
}

export const permissionSetsReading = defineReading<PermissionSetsValue>({
  key: "aws.permission-sets",
  label: "the permission sets",
  schema: permissionSetsSchema,
  budget: identityCenterBudget,
  read: () => readPermissionSets(DESCRIBE_FOR_MS),
  watchedMaxAgeMs: WATCHED_MAX_AGE_MS,
  idleMaxAgeMs,
});

export const organizationReading = defineReading<OrganizationValue>({
  key: "aws.organization",
  label: "the organization",
  schema: organizationSchema,
  budget: organizationsBudget,
  read: readOrganization,
  watchedMaxAgeMs: WATCHED_MAX_AGE_MS,
  idleMaxAgeMs,
});

/**
 * Lists the sets (a request per page) and describes only those not known from the last read, plus
 * those last described longer ago than the idle period: with 2,000 sets, a read a minute costs a
 * handful of requests rather than 2,000. Each request past the first spends a token of the budget;
 * describing stops once the budget has had nothing to give for `describeForMs`.
 */
export async function readPermissionSets(describeForMs: number): Promise<PermissionSetsValue> {
  const t = await identityCenter();
  const key: BudgetKey = { budget: BUDGETS.awsIdentityCenter, tenant: t.instanceArn };
  const before = (await storedReading(permissionSetsReading)).value;
  const known = new Map(before?.instanceArn === t.instanceArn ? before.sets.map((s) => [s.arn, s]) : []);
  const arns = await permissionSetArns(t, () => spend(key, 1, REQUEST_WAIT_MS));

  const staleBefore = Date.now() - idleMaxAgeMs();
  const unknown = arns.filter((arn) => !known.has(arn));
  const stale = arns
    .filter((arn) => (known.get(arn)?.describedAt.getTime() ?? Infinity) <= staleBefore)
    .sort((a, b) => known.get(a)!.describedAt.getTime() - known.get(b)!.describedAt.getTime());
  const described = new Map<string, StoredPermissionSetSummary>();
  const gone = new Set<string>();
  let outOfBudget = false;
  // A describe that fails ends the read: the other workers take no further set.
  let failed = false;
  const deadline = Date.now() + describeForMs;
  const queue = [...unknown, ...stale];
  const worker = async () => {
    for (let arn = queue.shift(); arn !== undefined && !outOfBudget && !failed; arn = queue.shift()) {
      try {
        await spend(key, 1, Math.max(0, deadline - Date.now()));
      } catch (e) {
        // SSO Bridge's own share is spent for now: keep what is described, and the next read goes on.
        if (isAppError(e) && e.code === "Throttled") outOfBudget = true;
        else failed = true;
        if (failed) throw e;
        return;
      }
      try {
        described.set(arn, { ...(await describePermissionSet(t, arn)), describedAt: new Date() });
      } catch (e) {
        // Deleted between the listing and its describe.
        if (isAppError(e) && e.code === "NotFound") gone.add(arn);
        else {
          failed = true;
          throw e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: DESCRIBE_CONCURRENCY }, worker));

  const present = arns.filter((arn) => !gone.has(arn));
  const sets = present.flatMap((arn) => described.get(arn) ?? known.get(arn) ?? []).sort((a, b) => a.name.localeCompare(b.name));
  const undescribed = present.filter((arn) => !described.has(arn) && !known.has(arn));
  // The rest at the readers' next turn, as budget allows.
  if (outOfBudget) await requestRefresh(permissionSetsReading);
  return { instanceArn: t.instanceArn, sets, undescribed };
}

async function readOrganization(): Promise<OrganizationValue> {
  const t = await identityCenter();
  const key: BudgetKey = { budget: BUDGETS.awsOrganizations, tenant: t.ownerAccountId };
  const root = await readOrganizationTree(t, afterTheFirstRequest(key));
  return { instanceArn: t.instanceArn, root };
}

/** The first request of a read is paid for by the reading's budget; each further one spends a token, waiting for it. */
export function afterTheFirstRequest(key: BudgetKey): () => Promise<void> {
  let first = true;
  return async () => {
    if (first) first = false;
    else await spend(key, 1, REQUEST_WAIT_MS);
  };
}

/**
 * The reading as kept, for the instance setup chose now. A value read of another instance is not
 * shown; nor is an empty reading left waiting for the idle period: both ask the readers for a read
 * (a row in the database, never a cloud call).
 */
async function currentReading<T extends { instanceArn: string }>(reading: StoredReading<T>, def: ReadingDefinition<T>): Promise<StoredReading<T>> {
  const { instanceArn } = await identityCenterInstance();
  const value = reading.value?.instanceArn === instanceArn ? reading.value : null;
  if (value === null && !reading.refreshing && !reading.problem) {
    await requestRefresh(def);
    return { ...reading, value, readAt: null, refreshing: true };
  }
  return value === reading.value ? reading : { ...reading, value, readAt: null };
}

/** The reading as kept for a page, noting that the page is open so the readers keep it fresh: never a call to AWS. */
export async function watchedReading<T extends { instanceArn: string }>(def: ReadingDefinition<T>): Promise<StoredReading<T>> {
  return currentReading(await readingView(def), def);
}

/**
 * After a change to a permission set made here: the set is described again (its summary may have
 * changed) and the list read at once, so the next render shows the change. A read already under way
 * (here or on another instance) is joined, and it may store the summary from before the change:
 * the set is then marked and read again until a describe made after the change is kept.
 */
export async function refreshPermissionSetsAfterChange(changedArn: string | null): Promise<void> {
  const changedAt = new Date();
  for (let tries = 0; tries < TRIES_AFTER_CHANGE; tries++) {
    if (changedArn) await describeAgain(changedArn);
    await requestRefresh(permissionSetsReading);
    const kept = await refreshReading(permissionSetsReading);
    const set = kept.value?.sets.find((s) => s.arn === changedArn);
    if (!changedArn || kept.problem || !set || set.describedAt >= changedAt) return;
  }
}

/**
 * Marks one stored summary as due for a describe. Should a read store its value meanwhile, that
 * value stands: the set is then described again at the idle period.
 */
async function describeAgain(arn: string): Promise<void> {
  const row = await db().cloudReading.findUnique({ where: { key: permissionSetsReading.key }, select: { value: true } });
  if (!row?.value) return;
  const value = permissionSetsReading.value.decode(row.value);
  if (!value.sets.some((s) => s.arn === arn)) return;
  const sets = value.sets.map((s) => (s.arn === arn ? { ...s, describedAt: new Date(0) } : s));
  await db().cloudReading.updateMany({
    where: { key: permissionSetsReading.key, value: row.value },
    data: { value: permissionSetsReading.value.encode({ ...value, sets }) },
  });
}
