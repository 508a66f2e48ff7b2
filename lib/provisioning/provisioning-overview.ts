import { getProvisioningJob } from "../entra/provisioning-job";
import { scimTokenExpiry } from "../federation/configured-parts";
import { setupProgress } from "../setup/setup-progress";
import { provisioningConfigured, provisioningJobRef } from "./provisioning-job-ref";
import { evaluateProvisioning, type ProvisioningStatus } from "./provisioning-status";

/** The provisioning status now: how far setup has come, the configured job read live from Graph, and the SCIM token's expiry. */
export async function provisioningStatus(now = new Date()): Promise<ProvisioningStatus> {
  const progress = await setupProgress("provisioning");
  const job = (await provisioningConfigured()) ? await provisioningJobRef() : null;
  const live = job ? await getProvisioningJob(job.session, job.servicePrincipalId, job.jobId) : undefined;
  return evaluateProvisioning({ ...progress, job: live, tokenExpiresAt: await scimTokenExpiry(), now });
}
