import crypto from "node:crypto";
import { isAppError } from "../errors";
import { errorFields, log } from "../log";
import { claimPeriod, finishRun } from "./claim-period";

// Runs each task once per period across all instances. A task's failure is recorded and logged;
// it never stops the scheduler, and the next period tries again.

export type Task = { name: string; periodMs: number; run: (now: Date) => Promise<string | void> };
export type Scheduler = { instanceId: string; tick(now?: Date): Promise<void>; stop(): void };

export function startScheduler(tasks: Task[], opts: { tickMs?: number; instanceId?: string } = {}): Scheduler {
  const instanceId = opts.instanceId ?? `${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  let running = false;
  const tick = async (now = new Date()) => {
    if (running) return;
    running = true;
    try {
      for (const task of tasks) await runIfClaimed(task, instanceId, now);
    } finally {
      running = false;
    }
  };
  const tickMs = opts.tickMs ?? Math.max(1_000, Math.min(...tasks.map((t) => t.periodMs)) / 4);
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  // The first check happens at start, not a quarter period later.
  if (opts.tickMs === undefined) setImmediate(() => void tick());
  return { instanceId, tick, stop: () => clearInterval(timer) };
}

async function runIfClaimed(task: Task, instanceId: string, now: Date): Promise<void> {
  let runId: string | null;
  try {
    runId = await claimPeriod(task.name, task.periodMs, instanceId, now);
  } catch (e) {
    log("warn", `background task ${task.name}: could not claim its period`, errorFields(e));
    return;
  }
  if (!runId) return;
  let outcome: string;
  try {
    outcome = (await task.run(now)) ?? "success";
  } catch (e) {
    outcome = isAppError(e) ? e.message : "failed on an unexpected error; see the server log";
    if (!isAppError(e)) log("error", `background task ${task.name} failed`, errorFields(e));
  }
  await finishRun(runId, outcome).catch((e: unknown) => log("warn", `background task ${task.name}: could not record its outcome`, errorFields(e)));
}
