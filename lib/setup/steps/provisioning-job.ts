import type { ChangedBy } from "../../audit/record-audit-event";
import { entraConnection } from "../../connections/entra-connection";
import { db } from "../../db";
import { openGraph } from "../../entra/graph-session";
import { ensureProvisioningJob, saveProvisioningSecrets, validateProvisioningCredentials } from "../../entra/provisioning-job";
import { AppError } from "../../errors";
import { forgetProvisioningJob, refreshProvisioningJobAfterChange } from "../../provisioning/provisioning-job-reading";
import { readSecret } from "../../security/secret-store";
import { completedStep, runStep } from "../step-store";
import { SCIM_TOKEN_PURPOSE } from "./scim-credentials";

/** The saved SCIM endpoint and token, for lib/ only: the token never leaves the server. */
export async function scimSecrets(): Promise<{ baseAddress: string; secretToken: string; fingerprint: string }> {
  const scim = await completedStep("scim-credentials");
  const token = await readSecret(db(), SCIM_TOKEN_PURPOSE);
  if (!token) throw new AppError("NotConfigured", "The SCIM token is missing. Paste it again in the step “SCIM endpoint and token”.");
  return { baseAddress: scim.endpoint, secretToken: token, fingerprint: scim.tokenFingerprint };
}

/** Creates or adopts the app's provisioning job, has Entra test the endpoint and token, and saves them as the job's secrets, scoped to assigned users and groups. */
export async function configureProvisioningJob(by: ChangedBy) {
  const configured = await runStep("provisioning-job", "setup.provisioning-job.configure", by, async () => {
    const app = await completedStep("enterprise-app");
    const { fingerprint, ...secrets } = await scimSecrets();
    const session = openGraph(await entraConnection());
    const { job, created } = await ensureProvisioningJob(session, app.servicePrincipalId);
    await validateProvisioningCredentials(session, app.servicePrincipalId, job.id, secrets);
    // The same write scopes the job to assigned users and groups (SyncAll=false).
    await saveProvisioningSecrets(session, app.servicePrincipalId, secrets);
    const data = { jobId: job.id, created, scopedToAssigned: true, tokenFingerprint: fingerprint };
    return { data, details: { jobId: job.id, created, endpoint: secrets.baseAddress, tokenFingerprint: fingerprint } };
  });
  // What was read of the job before says nothing about the one now configured: read it afresh.
  await forgetProvisioningJob();
  await refreshProvisioningJobAfterChange();
  return configured;
}
