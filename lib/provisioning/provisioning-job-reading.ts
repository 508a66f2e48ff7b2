import { z } from "zod";
import { BUDGETS } from "../cloud-readings/budget";
import { defineReading, forgetReading, requestRefresh, type StoredReading } from "../cloud-readings/cloud-reading";
import { refreshReading } from "../cloud-readings/refresh-reading";
import { monitorIntervalMs } from "../config";
import { entraConnection } from "../connections/entra-connection";
import { AppError } from "../errors";
import { getProvisioningJob, type ExecutionSummary, type JobStatus, type ProvisioningJob } from "../entra/provisioning-job";
import { errorFields, log } from "../log";
import { keepLastCycle } from "./cycle-record";
import { provisioningConfigured, provisioningJobRef } from "./provisioning-job-ref";

// The provisioning job as Entra last reported it, kept for the overview card, the Provisioning page
// and the monitor: pages show what is kept, the readers refresh it within the Graph directory budget
// of the connection's tenant, and a change made here refreshes it at once.

/** What a read found, with the job it asked about: a value read for another job (setup ran again) is not this job's. */
export type ProvisioningJobReadingValue = { servicePrincipalId: string; jobId: string; job: ProvisioningJob | null };

// The column holds JSON, where dates are ISO strings: read back, they become dates again.
const date = z.coerce.date();
const execution: z.ZodType<ExecutionSummary> = z.object({
  activityIdentifier: z.string().nullable(),
  state: z.string(),
  timeBegan: date.nullable(),
  timeEnded: date.nullable(),
  countEntitled: z.number().nullable(),
  countExported: z.number().nullable(),
  countEscrowed: z.number().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
const status: z.ZodType<JobStatus> = z.object({
  code: z.string(),
  lastExecution: execution.nullable(),
  lastSuccessfulExecution: execution.nullable(),
  quarantine: z.object({ reason: z.string(), since: date, nextAttempt: date.nullable(), error: z.string().nullable() }).nullable(),
  countSuccessiveCompleteFailures: z.number(),
  steadyStateFirstAchievedTime: date.nullable(),
  synchronizedEntryCountByType: z.array(z.object({ key: z.string(), value: z.number() })),
  troubleshootingUrl: z.string().nullable(),
});
const job: z.ZodType<ProvisioningJob> = z.object({
  id: z.string(),
  templateId: z.string(),
  scheduleInterval: z.string().nullable(),
  state: z.string(),
  status,
});

// While someone has the card on screen a job control's effect or a cycle's end shows within seconds;
// a read costs one request of the directory budget's thousands.
const WATCHED_MAX_AGE_MS = 5_000;
// A person waits for Check now: for budget or another instance's read no longer than this.
const CHECK_WAIT_MS = 10_000;

export const provisioningJobReading = defineReading<ProvisioningJobReadingValue>({
  key: "entra-provisioning-job",
  label: "the provisioning job",
  schema: z.object({ servicePrincipalId: z.string(), jobId: z.string(), job: job.nullable() }),
  budget: async () => {
    if (!(await provisioningConfigured())) return null;
    return { key: { budget: BUDGETS.graphDirectory, tenant: (await entraConnection()).tenantId }, cost: 1 };
  },
  read: async () => {
    const ref = await provisioningJobRef();
    const job = await getProvisioningJob(ref.session, ref.servicePrincipalId, ref.jobId);
    await keepLastCycle(job);
    return { servicePrincipalId: ref.servicePrincipalId, jobId: ref.jobId, job };
  },
  watchedMaxAgeMs: WATCHED_MAX_AGE_MS,
  idleMaxAgeMs: () => monitorIntervalMs(),
});

/**
 * Check now: one read of Graph however many ask at once, served by a value read in the last two
 * seconds. When the read fails the card keeps the last state with the reason; the person who asked
 * is also told why.
 */
export async function checkProvisioningJobNow(): Promise<StoredReading<ProvisioningJobReadingValue>> {
  const reading = await refreshReading(provisioningJobReading, { freshEnoughMs: 2_000, waitMs: CHECK_WAIT_MS });
  if (reading.problem) throw new AppError("Unavailable", `Entra could not be asked just now: ${reading.problem}`);
  return reading;
}

/**
 * After a change made through SSO Bridge: the next render shows the job as Entra now reports it.
 * The change itself has happened and is audited by then, so a failure here is logged, not thrown:
 * the request stays asked for and the readers catch up.
 */
export async function refreshProvisioningJobAfterChange(): Promise<void> {
  try {
    await requestRefresh(provisioningJobReading);
    await refreshReading(provisioningJobReading);
  } catch (e) {
    log("warn", "could not refresh the provisioning job after a change", errorFields(e));
  }
}

/** The job was configured anew or its configuration reset: what was read of the previous one would mislead. */
export async function forgetProvisioningJob(): Promise<void> {
  await forgetReading(provisioningJobReading);
}

/** After a setup change that may have sent the job's step back to run again. */
export async function forgetProvisioningJobUnlessConfigured(): Promise<void> {
  if (!(await provisioningConfigured())) await forgetProvisioningJob();
}
