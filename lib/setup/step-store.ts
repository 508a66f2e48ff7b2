import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import { db, type Tx } from "../db";
import { lockAuditChain } from "../db-dialect";
import { AppError, isAppError } from "../errors";
import { errorFields, log } from "../log";
import { stepData, stepOutcomeKey, type StepData } from "./step-data";
import { STEP_IDS, STEPS, stepIndex, type StepId } from "./steps";

// The wizard's memory. Every step writes here before and after its work, so a closed browser or a
// restarted server finds the wizard where it was, and a failed rerun keeps what the step had.

export type StoredStatus = "not-started" | "in-progress" | "done" | "failed";

export type StoredStep = {
  id: StepId;
  status: StoredStatus;
  data: unknown;
  problem: string | null;
  updatedAt: Date;
  updatedByLabel: string | null;
};

export async function readStoredSteps(tx: Tx = db()): Promise<Map<StepId, StoredStep>> {
  const rows = await tx.setupStep.findMany();
  const steps = new Map<StepId, StoredStep>();
  for (const row of rows) {
    const id = row.id as StepId;
    if (!STEP_IDS.includes(id)) continue;
    const parsed = stepData[id].safeParse(JSON.parse(row.data));
    steps.set(id, {
      id,
      status: row.status as StoredStatus,
      data: parsed.success ? parsed.data : null,
      problem: row.problem,
      updatedAt: row.updatedAt,
      updatedByLabel: row.updatedByLabel,
    });
  }
  return steps;
}

/** A finished step's result, for the steps after it. */
export async function completedStep<S extends StepId>(id: S, tx: Tx = db()): Promise<StepData<S>> {
  const row = await tx.setupStep.findUnique({ where: { id } });
  const parsed = row?.status === "done" ? stepData[id].safeParse(JSON.parse(row.data)) : null;
  if (!parsed?.success) throw new AppError("Conflict", `Finish the step “${STEPS[id].title}” first.`);
  return parsed.data as StepData<S>;
}

async function requireEarlierSteps(id: StepId): Promise<void> {
  for (const earlier of STEP_IDS.slice(0, stepIndex(id))) await completedStep(earlier);
}

export type StepWork<S extends StepId> = () => Promise<{ data: StepData<S>; details?: Record<string, unknown> }>;

/**
 * Runs one step: marks it in progress, does the work, then saves the result with its audit event
 * in one transaction. A failure is saved as the step's problem, audited, and thrown on for the
 * caller to show; the step's earlier result stays.
 */
export async function runStep<S extends StepId>(id: S, action: string, by: ChangedBy, work: StepWork<S>): Promise<StepData<S>> {
  await requireEarlierSteps(id);
  const wasDone = (await db().setupStep.findUnique({ where: { id }, select: { status: true } }))?.status === "done";
  await db().setupStep.upsert({
    where: { id },
    create: { id, status: "in-progress", updatedById: by.actor.id, updatedByLabel: by.actor.label },
    update: { status: "in-progress", problem: null, updatedById: by.actor.id, updatedByLabel: by.actor.label },
  });
  let outcome: Awaited<ReturnType<StepWork<S>>>;
  try {
    outcome = await work();
  } catch (e) {
    throw await saveFailure(id, action, by, e, wasDone);
  }
  await db().$transaction(async (tx) => {
    await lockAuditChain(tx);
    const before = await tx.setupStep.findUnique({ where: { id } });
    const previous = before ? stepData[id].safeParse(JSON.parse(before.data)) : null;
    const changed = !previous?.success || stepOutcomeKey(id, previous.data as StepData<S>) !== stepOutcomeKey(id, outcome.data);
    await tx.setupStep.update({
      where: { id },
      data: { status: "done", data: JSON.stringify(outcome.data), problem: null, updatedById: by.actor.id, updatedByLabel: by.actor.label },
    });
    const reset = changed ? await resetLaterSteps(tx, id) : [];
    await recordAuditEvent(tx, {
      actor: by.actor,
      action,
      target: { type: "setup-step", id, label: STEPS[id].title },
      outcome: "success",
      details: { ...outcome.details, ...(reset.length ? { stepsToRunAgain: reset } : {}) },
      context: by.context,
    });
  });
  return outcome.data;
}

// Later steps were built on what just changed; they keep their data for reference but must run again.
async function resetLaterSteps(tx: Tx, id: StepId): Promise<string[]> {
  const later = STEP_IDS.slice(stepIndex(id) + 1);
  const done = await tx.setupStep.findMany({ where: { id: { in: [...later] }, status: "done" }, select: { id: true } });
  if (done.length === 0) return [];
  await tx.setupStep.updateMany({
    where: { id: { in: done.map((d) => d.id) } },
    data: { status: "not-started", problem: `Run this step again: “${STEPS[id].title}” changed.` },
  });
  return done.map((d) => STEPS[d.id as StepId].title);
}

// A failed rerun of a finished step leaves it finished: what it did before still stands.
async function saveFailure(id: StepId, action: string, by: ChangedBy, e: unknown, wasDone: boolean): Promise<AppError> {
  const error = isAppError(e)
    ? e
    : new AppError("Unavailable", `The step stopped on an unexpected error (reference ${by.context.requestId ?? "none"}). Try again; if it persists, check the server log.`);
  if (!isAppError(e)) log("error", `setup step ${id} failed`, { requestId: by.context.requestId, ...errorFields(e) });
  await db().$transaction(async (tx) => {
    await lockAuditChain(tx);
    await tx.setupStep.update({
      where: { id },
      data: { status: wasDone ? "done" : "failed", problem: wasDone ? `The last attempt failed: ${error.message}` : error.message, updatedById: by.actor.id, updatedByLabel: by.actor.label },
    });
    await recordAuditEvent(tx, {
      actor: by.actor,
      action,
      target: { type: "setup-step", id, label: STEPS[id].title },
      outcome: "failure",
      details: { problem: error.message, code: error.code },
      context: by.context,
    });
  });
  return error;
}
