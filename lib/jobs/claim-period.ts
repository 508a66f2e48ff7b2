import { db, isUniqueViolation, type Db } from "../db";

// Background work runs once per period however many instances share the database: each instance
// tries to insert the period's row, and the database's unique constraint lets exactly one succeed.

export function periodStart(now: Date, periodMs: number): Date {
  return new Date(Math.floor(now.getTime() / periodMs) * periodMs);
}

/** The run's id when this instance won the period, null when another instance has it. */
export async function claimPeriod(task: string, periodMs: number, instanceId: string, now = new Date(), client: Db = db()): Promise<string | null> {
  try {
    const run = await client.taskRun.create({ data: { task, periodStart: periodStart(now, periodMs), instanceId, startedAt: now } });
    return run.id;
  } catch (e) {
    if (isUniqueViolation(e)) return null;
    throw e;
  }
}

export async function finishRun(runId: string, outcome: string, client: Db = db()): Promise<void> {
  await client.taskRun.update({ where: { id: runId }, data: { finishedAt: new Date(), outcome: outcome.slice(0, 1000) } });
}
