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
