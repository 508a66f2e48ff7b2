import crypto from "node:crypto";
import { identityCenter } from "../access/configured-identity-center";
import { assignmentRecords } from "../access/aws-operations";
import { permissionSetsReading } from "../access/access-readings";
import { storedReading } from "../cloud-readings/cloud-reading";
import { allAccountAssignments } from "../aws/account-assignments";
import { gatedIdentityCenter } from "../aws/identity-center";
import { readIdentityStore } from "../aws/identity-store-directory";
import { BUDGETS, spend } from "../cloud-readings/budget";
import { entraConnection } from "../connections/entra-connection";
import { queueDeliveries } from "../alerts/deliveries";
import { recordAuditEvent, SYSTEM_ACTOR } from "../audit/record-audit-event";
import { db, isUniqueViolation, type Tx } from "../db";
import { openGraph } from "../entra/graph-session";
import { readProvisioningScope } from "../entra/provisioning-scope";
import { AppError, isAppError } from "../errors";
import { readFederationConfig } from "../federation/federation-config";
import { errorFields, log } from "../log";
import { insertRows } from "../rows-in-chunks";
import { keptKeys, withoutKept } from "./aws-only";
import { saveDirectorySnapshot } from "./directory-snapshot";
import { saveEntraScope, storedEntraScope } from "./entra-scope-snapshot";
import { diffDirectories, type Finding, type FindingKind } from "./diff";
import { withLastAttempts } from "./last-attempt";
import { fingerprint, newDriftAlert, newFindings } from "./new-drift-alert";
import { countsColumn, findingDetails, progressColumn, SCAN_STOPPED_PROBLEM, type ScanProgress } from "./scan-columns";

// A drift scan runs in the background of the instance that started it: both directories read page
// by page within SSO Bridge's budget for each cloud, compared, and the findings saved with the
// scan's completion in one transaction, so a scan is never shown complete with part of its
// findings. One scan runs at a time across instances; one whose server stopped is found by its
// lease running out.

const LEASE_MS = 2 * 60_000;
const RENEW_MS = 20_000;
// A page's progress reaches the database at most this often.
const PROGRESS_EVERY_MS = 1_000;
const BUDGET_WAIT_MS = 5 * 60_000;
const FINGERPRINT_PAGE = 2_000;
// Findings whose fingerprint includes the assignment their details name.
const ASSIGNMENT_KINDS: FindingKind[] = ["assignment-lost", "assignment-orphaned"];

class ScanCancelled extends Error {}
class LeaseLost extends Error {}

const emptyProgress = (): ScanProgress => ({
  phase: "entra",
  entra: { objects: 0, requests: 0 },
  aws: { objects: 0, requests: 0 },
  budgetWaitMs: 0,
});

export type StartedScan = { id: string; started: boolean };

export const DRIFT_SCAN_TASK = "drift-scan";

/** The scheduled scan, once per period across instances: started in the background, unless setup has nothing to compare yet. */
export async function startScheduledDriftScan(): Promise<string> {
  const { enterpriseApp, instance } = await readFederationConfig();
  if (!enterpriseApp || !instance) return "nothing to scan yet: setup has not chosen the instance and the application";
  const { id, started } = await startDriftScan(null);
  return started ? `started drift scan ${id}` : `drift scan ${id} is still running`;
}

/** Starts a scan in the background unless one is running already, whose id it returns then. */
export async function startDriftScan(requestedBy: string | null, opts: { wait?: boolean } = {}): Promise<StartedScan & { done?: Promise<void> }> {
  const { enterpriseApp, instance } = await readFederationConfig();
  if (!enterpriseApp || !instance)
    throw new AppError("NotConfigured", "Finish the setup steps “IAM Identity Center instance” and “Enterprise application” first: a scan compares the two.");
  await releaseStoppedScans();
  const owner = crypto.randomUUID();
  const now = new Date();
  let id: string;
  try {
    ({ id } = await db().driftScan.create({
      data: {
        status: "running",
        runningSlot: "running",
        requestedByLabel: requestedBy,
        leaseOwner: owner,
        leaseUntil: new Date(now.getTime() + LEASE_MS),
        progress: progressColumn.encode(emptyProgress()),
      },
      select: { id: true },
    }));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const running = await db().driftScan.findFirst({ where: { runningSlot: "running" }, select: { id: true } });
    if (!running) return startDriftScan(requestedBy, opts);
    return { id: running.id, started: false };
  }
  const done = runScan(id, owner).catch((e: unknown) => log("error", "a drift scan stopped unexpectedly", { scanId: id, ...errorFields(e) }));
  return { id, started: true, ...(opts.wait ? { done } : {}) };
}

/** Asks the running scan to stop; it does at its next page. */
export async function cancelDriftScan(id: string): Promise<boolean> {
  const { count } = await db().driftScan.updateMany({ where: { id, status: "running" }, data: { cancelRequested: true } });
  return count === 1;
}

/** Scans whose lease ran out stopped with their server: they failed, and free the slot. */
async function releaseStoppedScans(now = new Date()): Promise<void> {
  await db().driftScan.updateMany({
    where: { status: "running", leaseUntil: { lt: now } },
    data: { status: "failed", runningSlot: null, finishedAt: now, problem: SCAN_STOPPED_PROBLEM },
  });
}

async function runScan(id: string, owner: string): Promise<void> {
  const progress = emptyProgress();
  const state = { cancelled: false, lost: false, flushedAt: 0 };
  const held = { id, leaseOwner: owner, status: "running" };
  const renew = async () => {
    const { count } = await db().driftScan.updateMany({
      where: held,
      data: { leaseUntil: new Date(Date.now() + LEASE_MS), progress: progressColumn.encode(progress) },
    });
    if (count === 0) state.lost = true;
    const row = await db().driftScan.findUnique({ where: { id }, select: { cancelRequested: true } });
    if (row?.cancelRequested) state.cancelled = true;
    state.flushedAt = Date.now();
  };
  const timer = setInterval(() => void renew().catch(() => undefined), RENEW_MS);
  const checkpoint = async () => {
    if (Date.now() - state.flushedAt >= PROGRESS_EVERY_MS) await renew();
    if (state.lost) throw new LeaseLost();
    if (state.cancelled) throw new ScanCancelled();
  };

  try {
    const { enterpriseApp, instance } = await readFederationConfig();
    if (!enterpriseApp || !instance)
      throw new AppError("NotConfigured", "Setup no longer has an IAM Identity Center instance and an enterprise application to compare.");
    const budgets = {
      entra: { budget: BUDGETS.graphDirectory, tenant: enterpriseApp.servicePrincipalId },
      aws: { budget: BUDGETS.awsIdentityCenter, tenant: instance.instanceArn },
    };
    const budgeted = async (side: "entra" | "aws", requests = 1) => {
      await checkpoint();
      const started = Date.now();
      await spend(budgets[side], requests, BUDGET_WAIT_MS);
      progress.budgetWaitMs += Date.now() - started;
      progress[side].requests += requests;
    };
    const session = openGraph(await entraConnection());
    // Passed on, not kept: the stored scope is garbage once the reading is built from it.
    const reading = await readProvisioningScope(
      session,
      enterpriseApp.servicePrincipalId,
      { beforeRequest: (requests) => budgeted("entra", requests), onObjects: (n) => void (progress.entra.objects += n) },
      await storedEntraScope(enterpriseApp.servicePrincipalId),
    );
    progress.entraChangesOnly = reading.changesOnly;
    const entra = reading.scope;
    progress.phase = "aws";
    const gated = gatedIdentityCenter(await identityCenter(), () => budgeted("aws"));
    const countAws = (n: number) => void (progress.aws.objects += n);
    const aws = await readIdentityStore(gated, countAws);
    const access = {
      assignments: await allAccountAssignments(gated, countAws),
      records: await assignmentRecords(),
      permissionSetNames: await permissionSetNames(instance.instanceArn),
    };
    progress.phase = "comparing";
    await checkpoint();
    // Likewise the findings, once saved.
    await complete(id, owner, progress, await withLastAttempts(withoutKept(diffDirectories(entra, aws, access), await keptKeys())));
    // The Access pages search and expand groups from it; the scan stands without it, and the last one stays.
    await saveDirectorySnapshot(id, instance.identityStoreId, aws).catch((e: unknown) =>
      log("error", "could not keep the directory snapshot of a drift scan", { scanId: id, ...errorFields(e) }),
    );
    // The next scan reads Entra's changes since this one began; without it, the next reads everything.
    await saveEntraScope(id, enterpriseApp.servicePrincipalId, reading).catch((e: unknown) =>
      log("error", "could not keep the Entra scope of a drift scan", { scanId: id, ...errorFields(e) }),
    );
  } catch (e) {
    if (e instanceof LeaseLost) return;
    const cancelled = e instanceof ScanCancelled;
    const problem = cancelled ? null : isAppError(e) ? e.message : unexpected(id, e);
    await db().driftScan.updateMany({
      where: held,
      data: { status: cancelled ? "cancelled" : "failed", runningSlot: null, finishedAt: new Date(), problem, progress: progressColumn.encode(progress) },
    });
  } finally {
    clearInterval(timer);
  }
}

/** The permission sets' names as the Access pages' reader last listed them: the scan asks AWS for none. */
async function permissionSetNames(instanceArn: string): Promise<Map<string, string>> {
  const sets = (await storedReading(permissionSetsReading)).value;
  return new Map(sets?.instanceArn === instanceArn ? sets.sets.map((s) => [s.arn, s.name]) : []);
}

async function complete(id: string, owner: string, progress: ScanProgress, findings: Finding[]): Promise<void> {
  const counts: Record<string, number> = {};
  for (const f of findings) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  await db().$transaction(
    async (tx) => {
      const previous = await tx.driftScan.findFirst({ where: { status: "complete" }, orderBy: { startedAt: "desc" }, select: { id: true } });
      await insertRows(tx, "DriftFinding", ["scanId", "seq", "kind", "subject", "groupName", "entraId", "awsId", "cause", "details"], findings, (f, seq) => [
        id,
        seq,
        f.kind,
        f.subject,
        f.group,
        f.entraId,
        f.awsId,
        f.cause,
        findingDetails.encode({ differences: f.differences, duplicateOf: f.duplicateOf, detail: f.detail, groupId: f.groupId, assignment: f.assignment }),
      ]);
      const { count } = await tx.driftScan.updateMany({
        // A cancel asked for before the findings are saved wins over them.
        where: { id, leaseOwner: owner, status: "running", cancelRequested: false },
        data: {
          status: "complete",
          runningSlot: null,
          finishedAt: new Date(),
          counts: countsColumn.encode(counts),
          progress: progressColumn.encode({ ...progress, phase: "done" }),
        },
      });
      // Cancelled or taken over meanwhile: none of it is kept.
      if (count === 0) {
        const row = await tx.driftScan.findUnique({ where: { id }, select: { leaseOwner: true, cancelRequested: true } });
        throw row?.leaseOwner === owner && row.cancelRequested ? new ScanCancelled() : new LeaseLost();
      }
      // With the completion, so a scan announces its new findings exactly once.
      if (previous) await announceNewDrift(tx, id, newFindings(findings, await fingerprintsOf(tx, previous.id)));
    },
    { timeout: 120_000 },
  );
}

/**
 * A scan's findings as fingerprints, read a page at a time: a large scan's findings whole would cost
 * the memory of another scan. Only assignment findings' details are read, for the assignment they name.
 */
async function fingerprintsOf(tx: Tx, scanId: string): Promise<Set<string>> {
  const seen = new Set<string>();
  for (const assignments of [false, true]) {
    const kind = assignments ? { in: ASSIGNMENT_KINDS } : { notIn: ASSIGNMENT_KINDS };
    for (let after = -1; ;) {
      const page = await tx.driftFinding.findMany({
        where: { scanId, kind, seq: { gt: after } },
        orderBy: { seq: "asc" },
        take: FINGERPRINT_PAGE,
        select: { seq: true, kind: true, entraId: true, awsId: true, groupName: true, details: assignments },
      });
      if (page.length === 0) break;
      for (const f of page) {
        const detail = f.details === undefined ? null : findingDetails.decode(f.details, `${scanId}#${f.seq}`).detail;
        seen.add(fingerprint({ kind: f.kind, entraId: f.entraId, awsId: f.awsId, group: f.groupName, detail }));
      }
      after = page[page.length - 1]!.seq;
    }
  }
  return seen;
}

async function announceNewDrift(tx: Tx, scanId: string, fresh: Finding[]): Promise<void> {
  const now = new Date();
  const alert = newDriftAlert(scanId, fresh, now);
  if (!alert) return;
  const webhooks = await queueDeliveries(tx, { event: "fired", alert }, now);
  await recordAuditEvent(tx, {
    actor: SYSTEM_ACTOR,
    action: "alert.fire",
    target: { type: "alert", id: alert.key, label: alert.message },
    outcome: "success",
    details: { severity: alert.severity, webhooks, scanId, newFindings: fresh.length },
  });
}

function unexpected(id: string, e: unknown): string {
  log("error", "a drift scan failed", { scanId: id, ...errorFields(e) });
  return `Something went wrong on the server (scan ${id}). Run it again; if it persists, check the server log.`;
}
