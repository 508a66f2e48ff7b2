import { requestRefresh } from "../cloud-readings/cloud-reading";
import { db } from "../db";
import { refreshReading } from "../cloud-readings/refresh-reading";
import { isAppError } from "../errors";
import { storedVocabulary } from "../stored-vocabulary";
import { readCycleFailures, storedCycleFailures, type CycleFailures } from "./cycle-failures";
import { provisioningLogReading } from "./log-ingestion";
import { provisioningStatus } from "./provisioning-overview";
import { PROVISIONING_STATES, type LastCycle } from "./provisioning-status";
import { provisioningConfigured } from "./provisioning-job-ref";
import { provisioningJobReading } from "./provisioning-job-reading";

// The provisioning monitor's poll: what Graph says about the job now, and why objects failed in
// its last cycle, kept as a snapshot for the history. Nothing to do until the wizard has a job.

export const PROVISIONING_MONITOR_TASK = "provisioning-monitor";

/** What a poll saw: the card's state, or "unknown" when the job could not be read. */
export const SNAPSHOT_STATES = [...PROVISIONING_STATES, "unknown"] as const;
export type SnapshotState = (typeof SNAPSHOT_STATES)[number];
export const storedSnapshotState = storedVocabulary("ProvisioningSnapshot.state", SNAPSHOT_STATES);

export async function takeProvisioningSnapshot(now = new Date()): Promise<string> {
  if (!(await provisioningConfigured())) return "no provisioning job yet";
  try {
    // The poll refreshes the reading the pages show: one Graph call per period (the scheduler runs
    // the poll on one instance; the reading's lease and single flight join any read under way).
    const s = await provisioningStatus(now, await refreshReading(provisioningJobReading));
    const unread = s.reading?.problem ?? (s.reading?.readAt ? null : "the job has not been read yet");
    if (unread) return await unknown(now, unread);
    const failures = s.lastCycle ? await failuresOf(s.lastCycle) : null;
    await db().provisioningSnapshot.create({
      data: {
        takenAt: now,
        state: s.state,
        jobCode: s.jobCode,
        lastCycleId: s.lastCycle?.id ?? null,
        lastCycleState: s.lastCycle?.state ?? null,
        lastCycleEntitled: s.lastCycle?.entitled ?? null,
        lastCycleExported: s.lastCycle?.exported ?? null,
        lastCycleFailed: s.lastCycle?.failed ?? null,
        lastCycleFailures: failures ? storedCycleFailures.encode(failures) : null,
        lastCycleEndedAt: s.lastCycle?.endedAt ?? null,
        lastCycleBeganAt: s.lastCycle?.beganAt ?? null,
        lastSuccessAt: s.lastSuccessAt,
        quarantineReason: s.quarantineReason,
        consecutiveFailures: s.consecutiveFailures,
        users: s.provisioned?.users ?? null,
        groups: s.provisioned?.groups ?? null,
        problem: s.firstProblem?.message ?? null,
      },
    });
    return `${s.state}${s.firstProblem ? `: ${s.firstProblem.message}` : ""}`;
  } catch (e) {
    // An outage is history too: the snapshot says the job could not be read, and the next poll tries again.
    if (!isAppError(e)) throw e;
    return unknown(now, e.message);
  }
}

async function unknown(now: Date, readError: string): Promise<string> {
  await db().provisioningSnapshot.create({ data: { takenAt: now, state: "unknown", readError } });
  return `could not read the job: ${readError}`;
}

/**
 * Counted in the log kept here, which costs Graph nothing; once the kept log holds the whole cycle
 * the counts are final and later polls of the cycle reuse them. Until then the log's reader is asked
 * to catch up.
 */
async function failuresOf(cycle: LastCycle): Promise<CycleFailures | null> {
  if (!cycle.failed || !cycle.endedAt) return null;
  if (cycle.id) {
    const seen = await db().provisioningSnapshot.findFirst({
      where: { lastCycleId: cycle.id, lastCycleFailures: { not: null } },
      orderBy: { takenAt: "desc" },
      select: { id: true, lastCycleFailures: true },
    });
    const kept = seen?.lastCycleFailures ? storedCycleFailures.decode(seen.lastCycleFailures, seen.id) : null;
    if (kept?.complete) return kept;
  }
  const failures = await readCycleFailures(cycle);
  if (failures.complete) return failures;
  await requestRefresh(provisioningLogReading);
  return failures.groups.length > 0 ? failures : null;
}
