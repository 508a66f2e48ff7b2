import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEvent, type ChangedBy } from "../audit/record-audit-event";
import { db, isUniqueViolation, readSharedOutsideTransaction, type Tx } from "../db";
import { serialiseAuditedChange } from "../db-dialect";
import { AppError, isAppError } from "../errors";
import { clearFederationParts, saveFederationPart } from "../federation/federation-config";
import { errorFields, log } from "../log";
import { storedVocabulary } from "../stored-vocabulary";
import { establishedPart, partsEstablishedBy } from "./established-parts";
import { stepDataColumn, stepOutcomeKey, type StepData } from "./step-data";
import { STEP_IDS, STEPS, stepIndex, type StepId } from "./step-definitions";

// The wizard's memory. Every step writes here before and after its work, so a closed browser or a
// restarted server finds the wizard where it was, and a failed rerun keeps what the step had.

export const STORED_STATUSES = ["not-started", "done", "failed"] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];

const storedStatus = storedVocabulary("SetupStep.status", STORED_STATUSES);
const storedStepId = storedVocabulary("SetupStep.id", STEP_IDS);

export type StoredStep = {
  id: StepId;
  status: StoredStatus;
  /** what the step produced last, kept when it has to run again; null before it produced anything */
  data: StepData<StepId> | null;
  problem: string | null;
  running: { since: Date; byLabel: string | null } | null;
  updatedAt: Date;
  updatedByLabel: string | null;
};

// A run still marked as running after this long was cut short by a server stop.
export const RUN_EXPIRES_AFTER_MS = 10 * 60_000;

/** The wizard's steps as stored. Outside a transaction, shared like readFederationConfig. */
export function readStoredSteps(tx?: Tx): Promise<Map<StepId, StoredStep>> {
  return readSharedOutsideTransaction(tx, "setup-steps", ["SetupStep"], readSteps);
}

async function readSteps(tx: Tx): Promise<Map<StepId, StoredStep>> {
  const rows = await tx.setupStep.findMany();
  const steps = new Map<StepId, StoredStep>();
  for (const row of rows) {
    const id = storedStepId.read(row.id);
    steps.set(id, {
      id,
      status: storedStatus.read(row.status),
      data: stepDataColumn(id).decode(row.data, id),
      problem: row.problem,
      running: row.runningSince ? { since: row.runningSince, byLabel: row.runningByLabel } : null,
      updatedAt: row.updatedAt,
      updatedByLabel: row.updatedByLabel,
    });
  }
  return steps;
}

/** A finished step's result among the stored steps; null unless it is done. */
export function doneStepData<S extends StepId>(steps: Map<StepId, StoredStep>, id: S): StepData<S> | null {
  const step = steps.get(id);
  // Each row's data was read with its own step's schema.
  return step?.status === "done" ? (step.data as StepData<S> | null) : null;
}

/** A finished step's result, for the steps after it. */
export async function completedStep<S extends StepId>(id: S, tx: Tx = db()): Promise<StepData<S>> {
  const row = await tx.setupStep.findUnique({ where: { id } });
  const data = row && storedStatus.read(row.status) === "done" ? stepDataColumn(id).decode(row.data, id) : null;
  if (!data) throw new AppError("Conflict", `Finish the step “${STEPS[id].title}” first.`);
  return data;
}

async function requireEarlierSteps(id: StepId): Promise<void> {
  for (const earlier of STEP_IDS.slice(0, stepIndex(id))) await completedStep(earlier);
}

export type StepOutcome<S extends StepId> = {
  data: StepData<S>;
  details?: Record<string, unknown>;
  /** SSO Bridge's own writes that belong to the step's result (a secret), made with it or not at all */
  alsoInTransaction?: (tx: Tx) => Promise<void>;
};
export type StepWork<S extends StepId> = () => Promise<StepOutcome<S>>;

/**
 * Runs one step: claims it (one run at a time), does the work, then saves the result with its
 * audit event in one transaction. A failure is saved as the step's problem, audited, and thrown
 * on for the caller to show; a finished step stays finished and keeps its result.
 */
export async function runStep<S extends StepId>(id: S, action: AuditAction, by: ChangedBy, work: StepWork<S>): Promise<StepData<S>> {
  await claimStep(id, by);
  let outcome: StepOutcome<S>;
  try {
    await requireEarlierSteps(id);
    outcome = await work();
    await saveSuccess(id, action, by, outcome, { laterStepsBuiltOnIt: true });
  } catch (e) {
    throw await saveFailure(id, action, by, e);
  }
  return outcome.data;
}

/**
 * Changes what a finished step holds in place: claimed and audited like a run, but later steps are
 * left as they are. For a change made everywhere the step's result was used, so that what later
 * steps built still stands (a rotated SCIM token, saved as the provisioning job's secret as well).
 */
export async function reviseFinishedStep<S extends StepId>(
  id: S,
  action: AuditAction,
  by: ChangedBy,
  work: (current: StepData<S>) => Promise<StepOutcome<S>>,
): Promise<StepData<S>> {
  await claimStep(id, by);
  let outcome: StepOutcome<S>;
  try {
    outcome = await work(await completedStep(id));
    await saveSuccess(id, action, by, outcome, { laterStepsBuiltOnIt: false });
  } catch (e) {
    throw await saveFailure(id, action, by, e);
  }
  return outcome.data;
}

/** Within a revision's transaction: changes what another finished step holds, e.g. the token fingerprint the job step recorded. */
export async function reviseStepData<S extends StepId>(tx: Tx, id: S, change: (data: StepData<S>) => StepData<S>): Promise<void> {
  const data = await completedStep(id, tx);
  await tx.setupStep.update({ where: { id }, data: { data: stepDataColumn(id).encode(change(data)) } });
}

async function claimStep(id: StepId, by: ChangedBy): Promise<void> {
  const now = new Date();
  const claim = { runningSince: now, runningByLabel: by.actor.label };
  try {
    await db().setupStep.create({ data: { id, status: "not-started", ...claim, updatedById: by.actor.id, updatedByLabel: by.actor.label } });
    return;
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const free = { OR: [{ runningSince: null }, { runningSince: { lt: new Date(now.getTime() - RUN_EXPIRES_AFTER_MS) } }] };
  const { count } = await db().setupStep.updateMany({ where: { id, ...free }, data: claim });
  if (count === 0) {
    const running = await db().setupStep.findUnique({ where: { id }, select: { runningByLabel: true, runningSince: true } });
    throw new AppError(
      "Conflict",
      `${running?.runningByLabel ?? "Someone"} is running “${STEPS[id].title}” right now (since ${running?.runningSince?.toISOString().slice(11, 19) ?? "a moment ago"} UTC). Wait for it to finish, then reload the page.`,
    );
  }
}

async function saveSuccess<S extends StepId>(
  id: S,
  action: AuditAction,
  by: ChangedBy,
  outcome: StepOutcome<S>,
  opts: { laterStepsBuiltOnIt: boolean },
): Promise<void> {
  await db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    await outcome.alsoInTransaction?.(tx);
    const before = await tx.setupStep.findUnique({ where: { id } });
    // Compared with what the step last produced, finished or not: an unchanged result leaves later steps alone.
    const previous = before ? stepDataColumn(id).decode(before.data, id) : null;
    const changed = opts.laterStepsBuiltOnIt && (!previous || stepOutcomeKey(id, previous) !== stepOutcomeKey(id, outcome.data));
    await tx.setupStep.update({
      where: { id },
      data: {
        status: "done",
        data: stepDataColumn(id).encode(outcome.data),
        problem: null,
        runningSince: null,
        runningByLabel: null,
        updatedById: by.actor.id,
        updatedByLabel: by.actor.label,
      },
    });
    const established = establishedPart(id, outcome.data);
    if (established) await saveFederationPart(tx, established);
    const reset = changed ? await resetLaterSteps(tx, id, `“${STEPS[id].title}” changed`) : [];
    await recordAuditEvent(tx, {
      actor: by.actor,
      action,
      target: { type: "setup-step", id, label: STEPS[id].title },
      outcome: "success",
      details: { ...outcome.details, ...(reset.length ? { stepsToRunAgain: reset } : {}) },
      context: by.context,
    });
  });
}

// Later steps were built on what just changed; they keep their data for reference but must run
// again, and what they established is no longer configured.
async function resetLaterSteps(tx: Tx, id: StepId, reason: string): Promise<string[]> {
  return resetSteps(tx, STEP_IDS.slice(stepIndex(id) + 1), reason);
}

/** Sends `from` and every step after it back to "run again", e.g. when a connection they used changed. */
export async function resetStepsFrom(tx: Tx, from: StepId, reason: string): Promise<string[]> {
  return resetSteps(tx, STEP_IDS.slice(stepIndex(from)), reason);
}

async function resetSteps(tx: Tx, ids: StepId[], reason: string): Promise<string[]> {
  const done = await tx.setupStep.findMany({ where: { id: { in: ids }, status: "done" }, select: { id: true } });
  if (done.length === 0) return [];
  await tx.setupStep.updateMany({ where: { id: { in: done.map((d) => d.id) } }, data: { status: "not-started", problem: `Run this step again: ${reason}.` } });
  await clearFederationParts(tx, partsEstablishedBy(done.map((d) => storedStepId.read(d.id))));
  return STEP_IDS.filter((id) => done.some((d) => d.id === id)).map((id) => STEPS[id].title);
}

// A failed rerun of a finished step leaves it finished: what it did before still stands. The
// original error is what the person sees, even if recording it fails too.
async function saveFailure(id: StepId, action: AuditAction, by: ChangedBy, e: unknown): Promise<AppError> {
  const error = isAppError(e)
    ? e
    : new AppError(
        "Unavailable",
        `The step stopped on an unexpected error (reference ${by.context.requestId ?? "none"}). Try again; if it persists, check the server log.`,
      );
  if (!isAppError(e)) log("error", `setup step ${id} failed`, { requestId: by.context.requestId, ...errorFields(e) });
  try {
    await db().$transaction(async (tx) => {
      await serialiseAuditedChange(tx);
      const row = await tx.setupStep.findUniqueOrThrow({ where: { id }, select: { status: true } });
      const wasDone = storedStatus.read(row.status) === "done";
      await tx.setupStep.update({
        where: { id },
        data: {
          status: wasDone ? "done" : "failed",
          problem: wasDone ? `The last attempt failed: ${error.message}` : error.message,
          runningSince: null,
          runningByLabel: null,
          updatedById: by.actor.id,
          updatedByLabel: by.actor.label,
        },
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
  } catch (recording) {
    log("error", `could not record the failure of setup step ${id}`, { requestId: by.context.requestId, ...errorFields(recording) });
  }
  return error;
}
