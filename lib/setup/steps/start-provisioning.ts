import type { ChangedBy } from "../../audit/record-audit-event";
import { entraConnection } from "../../connections/entra-connection";
import { openGraph } from "../../entra/graph-session";
import { startProvisioningJob } from "../../entra/provisioning-job";
import { refreshProvisioningJobAfterChange } from "../../provisioning/provisioning-job-reading";
import { completedStep, runStep } from "../step-store";

export async function startProvisioning(by: ChangedBy) {
  const started = await runStep("start-provisioning", "setup.provisioning.start", by, async () => {
    const app = await completedStep("enterprise-app");
    const job = await completedStep("provisioning-job");
    await startProvisioningJob(openGraph(await entraConnection()), app.servicePrincipalId, job.jobId);
    const data = { startedAt: new Date().toISOString(), jobId: job.jobId };
    return { data, details: { jobId: job.jobId } };
  });
  // The Provisioning card shows the started job on the next render.
  await refreshProvisioningJobAfterChange();
  return started;
}
