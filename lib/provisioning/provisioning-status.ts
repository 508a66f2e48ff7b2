import type { ProvisioningJob } from "../entra/provisioning-job";
import { diagnoseCycleError, JOB_CONTROLS_HREF, readableEntraError, ROTATE_TOKEN_HREF, type CycleDiagnosis } from "./cycle-diagnosis";

// What the Provisioning card says, from the wizard's progress, the job as Graph reports it and the
// SCIM token's expiry. A pure evaluation, so the card, the page and the status command agree.

export const PROVISIONING_STATES = ["not-configured", "in-progress", "healthy", "degraded", "broken"] as const;
export type ProvisioningState = (typeof PROVISIONING_STATES)[number];

export type ProvisioningStatus = {
  state: ProvisioningState;
  jobCode: string | null;
  lastCycle: LastCycle | null;
  lastSuccessAt: Date | null;
  quarantineReason: string | null;
  consecutiveFailures: number | null;
  provisioned: { users: number; groups: number } | null;
  /** `rejected`: AWS refused the token in the last cycle, whatever its expiry date says */
  token: { expiresAt: Date; daysLeft: number; rejected: boolean } | null;
  firstProblem: { message: string; href: string } | null;
};

/** The job's last run: `exported` objects were written to AWS, `failed` ones were not (Graph's escrows). */
export type LastCycle = {
  id: string | null;
  state: string;
  beganAt: Date | null;
  endedAt: Date | null;
  /** why the cycle failed in a few words, when SSO Bridge can tell; otherwise `error` says it */
  reason: string | null;
  /** Entra's reason, readable; null when the cycle did not fail */
  error: string | null;
  entitled: number | null;
  exported: number | null;
  failed: number | null;
};

export type ProvisioningFacts = {
  stepsDone: number;
  stepsTotal: number;
  nextStep: { title: string; href: string } | null;
  /** undefined: not read (no job yet); null: the job no longer exists */
  job: ProvisioningJob | null | undefined;
  tokenExpiresAt: Date | null;
  now: Date;
};

export const TOKEN_WARNING_DAYS = 30;
const DAY_MS = 86_400_000;

export function evaluateProvisioning(f: ProvisioningFacts): ProvisioningStatus {
  const s = f.job?.status;
  const failure = failureOf(f.job);
  const token = f.tokenExpiresAt
    ? {
        expiresAt: f.tokenExpiresAt,
        daysLeft: Math.floor((f.tokenExpiresAt.getTime() - f.now.getTime()) / DAY_MS),
        rejected: failure?.cause === "token-rejected",
      }
    : null;
  const base = {
    jobCode: s?.code ?? null,
    lastCycle: lastCycle(f.job),
    lastSuccessAt: s?.lastSuccessfulExecution?.timeEnded ?? null,
    quarantineReason: s?.quarantine ? (s.quarantine.error ?? s.quarantine.reason) : null,
    consecutiveFailures: s?.countSuccessiveCompleteFailures ?? null,
    provisioned: counts(f.job),
    token,
  };
  if (f.stepsDone < f.stepsTotal || !f.job) {
    if (f.job === null)
      return {
        ...base,
        state: "broken",
        firstProblem: {
          message: "The provisioning job no longer exists in Entra. Run the step “Entra provisioning job” again.",
          href: "/setup#provisioning-job",
        },
      };
    return {
      ...base,
      state: f.stepsDone === 0 ? "not-configured" : "in-progress",
      firstProblem: f.nextStep ? { message: `Next step: ${f.nextStep.title}.`, href: f.nextStep.href } : null,
    };
  }
  const problems = problemsOf(f.job, token, failure);
  const broken = problems.find((p) => p.severity === "broken");
  const degraded = problems.find((p) => p.severity === "degraded");
  const first = broken ?? degraded;
  return { ...base, state: broken ? "broken" : degraded ? "degraded" : "healthy", firstProblem: first ? { message: first.message, href: first.href } : null };
}

type Problem = { severity: "broken" | "degraded"; message: string; href: string };

/** What stopped the job's last cycle, or keeps it in quarantine; null when neither. */
function failureOf(job: ProvisioningJob | null | undefined): CycleDiagnosis | null {
  const s = job?.status;
  if (s?.quarantine) return diagnoseCycleError(s.lastExecution?.error ?? (s.quarantine.error ? { code: "", message: s.quarantine.error } : null));
  if (s?.lastExecution?.state === "Failed") return diagnoseCycleError(s.lastExecution.error);
  return null;
}

function problemsOf(job: ProvisioningJob, token: ProvisioningStatus["token"], failure: CycleDiagnosis | null): Problem[] {
  const problems: Problem[] = [];
  const s = job.status;
  if (token && token.daysLeft < 0) {
    problems.push({
      severity: "broken",
      message: `The SCIM token expired on ${day(token.expiresAt)}: AWS refuses every change. Generate a new token in the AWS console and rotate it in.`,
      href: ROTATE_TOKEN_HREF,
    });
  }
  if (failure) {
    problems.push({
      severity: "broken",
      message:
        s.code === "Quarantine"
          ? `Entra quarantined the job. ${failure.cause === "other" ? `${failure.message.replace(/\.$/, "")}. Fix the cause, then restart the job (Job controls on the Provisioning page).` : failure.message}`
          : `The last cycle failed. ${failure.message.replace(/\.?$/, ".")}`,
      href: failure.href,
    });
  }
  if (s.code === "Paused" || s.code === "NotRun") {
    problems.push({
      severity: "degraded",
      message: s.code === "Paused" ? "The job is paused: changes in Entra do not reach AWS." : "The job has not run yet.",
      href: JOB_CONTROLS_HREF,
    });
  }
  if (s.lastExecution?.state === "EntryLevelErrors") {
    const failed = s.lastExecution.countEscrowed;
    const which = failed ? `${failed} ${failed === 1 ? "user or group" : "users or groups"}` : "Some users or groups";
    problems.push({
      severity: "degraded",
      message: `${which} failed in the last cycle; the provisioning log says which and why.`,
      href: "/provisioning?outcome=failure#log",
    });
  }
  if (token && !token.rejected && token.daysLeft >= 0 && token.daysLeft <= TOKEN_WARNING_DAYS) {
    problems.push({
      severity: "degraded",
      message: `The SCIM token expires in ${token.daysLeft} days (${day(token.expiresAt)}). Generate a new one in the AWS console and rotate it in before then.`,
      href: ROTATE_TOKEN_HREF,
    });
  }
  return problems;
}

function lastCycle(job: ProvisioningJob | null | undefined): LastCycle | null {
  const e = job?.status.lastExecution;
  const failure = e?.error ? diagnoseCycleError(e.error) : null;
  return e
    ? {
        id: e.activityIdentifier,
        state: e.state,
        beganAt: e.timeBegan,
        endedAt: e.timeEnded,
        reason: failure?.reason ?? null,
        error: e.error ? readableEntraError(e.error) : null,
        entitled: e.countEntitled,
        exported: e.countExported,
        failed: e.countEscrowed,
      }
    : null;
}

function counts(job: ProvisioningJob | null | undefined): ProvisioningStatus["provisioned"] {
  if (!job) return null;
  const sum = (word: string) => job.status.synchronizedEntryCountByType.filter((c) => c.key.toLowerCase().includes(word)).reduce((n, c) => n + c.value, 0);
  return { users: sum("user"), groups: sum("group") };
}

const day = (d: Date) => d.toISOString().slice(0, 10);
