import { storedReading, type StoredReading } from "../cloud-readings/cloud-reading";
import { AppError } from "../errors";
import { isConfigured, provisioningJob, scimTokenExpiry } from "../federation/configured-parts";
import { setupProgress } from "../setup/setup-progress";
import { provisioningJobReading, type ProvisioningJobReadingValue } from "./provisioning-job-reading";
import { evaluateProvisioning, type ProvisioningStatus } from "./provisioning-status";

/** How current the job behind the status is: null while there is no job to read. */
export type JobReadingState = {
  /** when Entra last reported the job; null before the first read of this job */
  readAt: Date | null;
  /** why the last attempt did not refresh it (throttled, Graph down), shown next to what is kept */
  problem: string | null;
  /** a refresh is asked for or under way */
  refreshing: boolean;
};

export type ProvisioningOverview = ProvisioningStatus & { reading: JobReadingState | null };

/**
 * The provisioning status from how far setup has come, the job as last read from Graph (kept by
 * the readers, never read here) and the SCIM token's expiry. `stored` is the reading the caller
 * already holds, e.g. the page's, which also noted that someone is watching.
 */
export async function provisioningStatus(now = new Date(), stored?: StoredReading<ProvisioningJobReadingValue>): Promise<ProvisioningOverview> {
  const [progress, tokenExpiresAt, configured] = await Promise.all([setupProgress("provisioning"), scimTokenExpiry(), isConfigured("provisioningJob")]);
  if (!configured) return { ...evaluateProvisioning({ ...progress, job: undefined, tokenExpiresAt, now }), reading: null };
  const [reading, ref] = await Promise.all([stored ?? storedReading(provisioningJobReading, now), provisioningJob()]);
  // A value read for another job than the configured one says nothing about this one.
  const value = reading.value && reading.value.servicePrincipalId === ref.servicePrincipalId && reading.value.jobId === ref.jobId ? reading.value : null;
  return {
    ...evaluateProvisioning({ ...progress, job: value ? value.job : undefined, tokenExpiresAt, now }),
    reading: { readAt: value ? reading.readAt : null, problem: reading.problem, refreshing: reading.refreshing },
  };
}

/**
 * The status only when the job's last read succeeded, for what must not act on a state it could not
 * confirm (the alerts): otherwise the reason, as the error Graph's answer would have been.
 */
export async function confirmedProvisioningStatus(now = new Date()): Promise<ProvisioningOverview> {
  const status = await provisioningStatus(now);
  if (status.reading?.problem) throw new AppError("Unavailable", status.reading.problem);
  if (status.reading && !status.reading.readAt) throw new AppError("Unavailable", "The provisioning job has not been read yet.");
  return status;
}

/**
 * The status with the job read from Graph now, for the status command: it runs in its own process,
 * maybe with no server keeping the reading fresh, and answers for the moment it is run.
 */
export async function provisioningStatusNow(now = new Date()): Promise<ProvisioningStatus> {
  const [progress, tokenExpiresAt, configured] = await Promise.all([setupProgress("provisioning"), scimTokenExpiry(), isConfigured("provisioningJob")]);
  const job = configured ? (await provisioningJobReading.read()).job : undefined;
  return evaluateProvisioning({ ...progress, job, tokenExpiresAt, now });
}
