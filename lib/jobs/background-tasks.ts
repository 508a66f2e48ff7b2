import { ACCESS_DETAIL_FAMILIES } from "../access/access-detail-readings";
import { organizationReading, permissionSetsReading } from "../access/access-readings";
import { ASSIGNMENT_BATCHES_TASK, startWaitingAssignmentBatches } from "../access/assignment-batches";
import { AWS_OPERATIONS_TASK, followAwsOperations } from "../access/aws-operations";
import { ALERTS_TASK, runAlerts } from "../alerts/evaluate-alerts";
import { AUDIT_ANCHOR_TASK, anchorAuditChainTask } from "../audit/anchor-chain";
import { archiveOldEvents, AUDIT_RETENTION_TASK } from "../audit/retention";
import { config } from "../config";
import { DRIFT_SCAN_TASK, startScheduledDriftScan } from "../drift/drift-scan";
import { MIRROR_SYNC_TASK, startScheduledMirrorRun } from "../mirrors/mirror-run";
import { provisioningLogReading } from "../provisioning/log-ingestion";
import { PROVISIONING_MONITOR_TASK, takeProvisioningSnapshot } from "../provisioning/monitor";
import { provisioningJobReading } from "../provisioning/provisioning-job-reading";
import type { ReadingDefinition } from "../cloud-readings/cloud-reading";
import { startReaders, type Readers } from "../cloud-readings/readers";
import { startScheduler, type Scheduler } from "./scheduler";

let scheduler: Scheduler | undefined;
let readers: Readers | undefined;

/** What the background readers keep fresh for the pages, each within its cloud's budget. */
export const READINGS: ReadingDefinition<unknown>[] = [provisioningJobReading, provisioningLogReading, permissionSetsReading, organizationReading];
const AWS_OPERATIONS_PERIOD_MS = 60_000;
// A batch whose sender stopped (a restart) waits for its lease to run out, then for this.
const ASSIGNMENT_BATCHES_PERIOD_MS = 30_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Starts this instance's share of the background work; the database decides who runs each period. */
export function startBackgroundTasks(): Scheduler {
  const periodMs = config().monitorIntervalMs;
  // Each tick runs them in this order: the snapshot first, then the alerts for the same period.
  scheduler ??= startScheduler([
    { name: PROVISIONING_MONITOR_TASK, periodMs, run: takeProvisioningSnapshot },
    { name: ALERTS_TASK, periodMs, run: runAlerts },
    // AWS settles assignments in seconds to minutes: follow them more often than the monitor polls.
    { name: AWS_OPERATIONS_TASK, periodMs: Math.min(periodMs, AWS_OPERATIONS_PERIOD_MS), run: followAwsOperations },
    // Assignments in many accounts, sent in the background; the request that stores one starts it at once.
    { name: ASSIGNMENT_BATCHES_TASK, periodMs: Math.min(periodMs, ASSIGNMENT_BATCHES_PERIOD_MS), run: startWaitingAssignmentBatches },
    { name: AUDIT_RETENTION_TASK, periodMs: DAY_MS, run: archiveOldEvents },
    // Starts the scan and returns: a scan of a large directory takes minutes and must not hold up the other tasks.
    { name: DRIFT_SCAN_TASK, periodMs: config().driftScanIntervalMs, run: startScheduledDriftScan },
    // Starts the run and returns, like the drift scan: following the changes to nested groups takes a while at scale.
    { name: MIRROR_SYNC_TASK, periodMs: config().mirrorIntervalMs, run: () => startScheduledMirrorRun() },
    // The chain's head, signed outside the database: truncating the history past it is caught.
    { name: AUDIT_ANCHOR_TASK, periodMs: HOUR_MS, run: anchorAuditChainTask },
  ]);
  readers ??= startReaders(READINGS, scheduler.instanceId, { families: ACCESS_DETAIL_FAMILIES });
  return scheduler;
}
