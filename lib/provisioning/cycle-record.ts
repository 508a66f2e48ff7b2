import { db } from "../db";
import type { ProvisioningJob } from "../entra/provisioning-job";
import { errorFields, log } from "../log";

// Every provisioning cycle Entra reported, kept once from whichever read of the job saw it first:
// the monitor polls every few minutes, but the pages' readers read the job every few seconds while
// someone watches, and cycles often run in between. The history draws from what is kept here.

/** The key of a run: Graph's activityIdentifier, or its end and state when Graph gave none. */
const keyOf = (id: string | null, endedAt: Date, state: string) => id ?? `${endedAt.toISOString()} ${state}`;

/** Keeps the job's last cycle when it has ended and is not kept yet. A failure to keep it is logged, never the read's failure. */
export async function keepLastCycle(job: ProvisioningJob | null): Promise<void> {
  const e = job?.status.lastExecution;
  if (!e?.timeEnded) return;
  const key = keyOf(e.activityIdentifier, e.timeEnded, e.state);
  try {
    if (await db().provisioningCycle.findUnique({ where: { key }, select: { key: true } })) return;
    await db().provisioningCycle.create({
      data: { key, state: e.state, beganAt: e.timeBegan, endedAt: e.timeEnded, entitled: e.countEntitled, exported: e.countExported, failed: e.countEscrowed },
    });
  } catch (e) {
    // Another instance kept it between the two statements, or the database refused: the next read tries again.
    if ((e as { code?: string }).code === "P2002") return;
    log("warn", "could not keep a provisioning cycle for the history", { key, ...errorFields(e) });
  }
}
