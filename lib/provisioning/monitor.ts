import { db } from "../db";
import { isAppError } from "../errors";
import { readStoredSteps } from "../setup/step-store";
import { provisioningStatus } from "./provisioning-overview";

// The provisioning monitor's poll: what Graph says about the job now, kept as a snapshot for the
// history. Nothing to do until the wizard has a provisioning job.

export const PROVISIONING_MONITOR_TASK = "provisioning-monitor";

export async function takeProvisioningSnapshot(now = new Date()): Promise<string> {
  if ((await readStoredSteps()).get("provisioning-job")?.status !== "done") return "no provisioning job yet";
  try {
    const s = await provisioningStatus(now);
    await db().provisioningSnapshot.create({
      data: {
        takenAt: now,
        state: s.state,
        jobCode: s.jobCode,
        lastCycleState: s.lastCycle?.state ?? null,
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
    await db().provisioningSnapshot.create({ data: { takenAt: now, state: "unknown", readError: e.message } });
    return `could not read the job: ${e.message}`;
  }
}

export type SnapshotPoint = { takenAt: Date; state: string; lastCycleState: string | null; cycleSeconds: number | null; users: number | null; groups: number | null };

/** The newest snapshots, oldest first: the Provisioning page's history. */
export async function provisioningHistory(limit = 48): Promise<SnapshotPoint[]> {
  const rows = await db().provisioningSnapshot.findMany({ orderBy: { takenAt: "desc" }, take: limit });
  return rows.reverse().map((r) => ({
    takenAt: r.takenAt,
    state: r.state,
    lastCycleState: r.lastCycleState,
    cycleSeconds: r.lastCycleBeganAt && r.lastCycleEndedAt ? Math.max(0, Math.round((r.lastCycleEndedAt.getTime() - r.lastCycleBeganAt.getTime()) / 1000)) : null,
    users: r.users,
    groups: r.groups,
  }));
}
