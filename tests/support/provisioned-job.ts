import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { updateSettings } from "@/lib/settings";
import { assignPrincipals, findPrincipals } from "@/lib/setup/steps/assignments";
import { configureProvisioningJob } from "@/lib/setup/steps/provisioning-job";
import { saveScimCredentials } from "@/lib/setup/steps/scim-credentials";
import { startProvisioning } from "@/lib/setup/steps/start-provisioning";
import type { AwsSimulatorEnv } from "./aws-simulator-env";
import { completeFederation } from "./complete-federation";
import type { EntraTestCloud } from "./entra-test-cloud";

/**
 * Setup as far as a running provisioning job, through the wizard's own steps: federation, the
 * simulated SCIM endpoint and token, the job, Ada assigned, provisioning started. Resolves with the
 * job's id once its first cycle is done.
 */
export async function provisionAda(aws: AwsSimulatorEnv, entra: EntraTestCloud, by: ChangedBy): Promise<string> {
  await completeFederation(aws.cloud, by);
  await updateSettings({ allowLabScimEndpoints: true }, by);
  await saveScimCredentials({ endpoint: aws.cloud.scimBaseUrl, token: aws.cloud.scimToken.token, createdOn: null, expiresOn: null }, by);
  const { jobId } = await configureProvisioningJob(by);
  const ada = (await findPrincipals("Ada")).find((p) => p.type === "User")!;
  await assignPrincipals([{ id: ada.id, type: "User" }], by);
  await startProvisioning(by);
  await entra.engine!.whenIdle(jobId);
  return jobId;
}
