import type { AuditAction } from "../audit/audit-actions";
import { recordAuditEventAlone, type ChangedBy } from "../audit/record-audit-event";
import { provisionOnDemand, type OnDemandResult } from "../entra/provision-on-demand";
import { pauseProvisioningJob, restartProvisioningJob, startProvisioningJob, type ResetScope } from "../entra/provisioning-job";
import { AppError, isAppError } from "../errors";
import { errorFields, log } from "../log";
import { provisioningJobRef, type ProvisioningJobRef } from "./provisioning-job-ref";
import { refreshProvisioningJobAfterChange } from "./provisioning-job-reading";

// Pausing, resuming and restarting the provisioning job, and provisioning one user on demand. The
// change happens in Entra, so each attempt is audited on its own, succeeded or failed, and the job
// is read again at once so the card shows its effect.

export const RESET_SCOPES: readonly ResetScope[] = ["QuarantineState", "Watermark", "Escrows", "ForceDeletes", "Full"];

export async function pauseProvisioning(by: ChangedBy): Promise<{ jobId: string }> {
  return controlJob("provisioning.pause", by, {}, async (t) => {
    await pauseProvisioningJob(t.session, t.servicePrincipalId, t.jobId);
    return { data: { jobId: t.jobId } };
  });
}

/** Graph's start also resumes a paused job, from where it stopped. */
export async function resumeProvisioning(by: ChangedBy): Promise<{ jobId: string }> {
  return controlJob("provisioning.resume", by, {}, async (t) => {
    await startProvisioningJob(t.session, t.servicePrincipalId, t.jobId);
    return { data: { jobId: t.jobId } };
  });
}

export async function restartProvisioning(resetScope: ResetScope[], by: ChangedBy): Promise<{ jobId: string; resetScope: ResetScope[] }> {
  const scopes = [...new Set(resetScope)];
  const [first, ...rest] = scopes;
  if (!first) throw new AppError("InvalidInput", "Choose what the restart resets.");
  return controlJob("provisioning.restart", by, { resetScope: scopes }, async (t) => {
    await restartProvisioningJob(t.session, t.servicePrincipalId, t.jobId, [first, ...rest]);
    return { data: { jobId: t.jobId, resetScope: scopes } };
  });
}

/** A refused or failed push is still an answer: it is returned with its steps, and audited as a failure. */
export async function provisionUserOnDemand(userId: string, by: ChangedBy): Promise<OnDemandResult> {
  return controlJob("provisioning.on-demand", by, { userId }, async (t) => {
    const result = await provisionOnDemand(t.session, t.servicePrincipalId, t.jobId, { id: userId });
    const failed = result.steps.find((s) => s.status.toLowerCase() === "failure");
    return {
      data: result,
      failed: result.outcome === "failure",
      details: { outcome: result.outcome, ...(failed ? { failedStep: failed.name, problem: failed.description } : {}) },
    };
  });
}

type Done<T> = { data: T; failed?: boolean; details?: Record<string, unknown> };

async function controlJob<T>(
  action: AuditAction,
  by: ChangedBy,
  details: Record<string, unknown>,
  work: (job: ProvisioningJobRef) => Promise<Done<T>>,
): Promise<T> {
  let jobId: string | null = null;
  let done: Done<T>;
  try {
    const job = await provisioningJobRef();
    jobId = job.jobId;
    done = await work(job);
  } catch (e) {
    await audit(action, by, jobId, "failure", { ...details, ...failureDetails(e, by) });
    throw e;
  }
  await audit(action, by, jobId, done.failed ? "failure" : "success", { ...details, ...done.details });
  // The next render of the card shows what Entra reports after the change, not the state before it.
  await refreshProvisioningJobAfterChange();
  return done.data;
}

function failureDetails(e: unknown, by: ChangedBy): Record<string, unknown> {
  if (isAppError(e)) return { problem: e.message, code: e.code };
  log("error", "a provisioning job control failed", { requestId: by.context.requestId, ...errorFields(e) });
  return { problem: `unexpected error (reference ${by.context.requestId ?? "none"})` };
}

// The original error is what the person sees, even if recording the attempt fails.
async function audit(
  action: AuditAction,
  by: ChangedBy,
  jobId: string | null,
  outcome: "success" | "failure",
  details: Record<string, unknown>,
): Promise<void> {
  try {
    await recordAuditEventAlone({ actor: by.actor, action, target: { type: "provisioning-job", id: jobId }, outcome, details, context: by.context });
  } catch (e) {
    if (outcome === "success") throw e;
    log("error", `could not record the failure of ${action}`, { requestId: by.context.requestId, ...errorFields(e) });
  }
}
