import { entraConnection } from "../connections/entra-connection";
import { getProvisioningJob } from "../entra/provisioning-job";
import { openGraph } from "../entra/graph-session";
import { stepData } from "../setup/step-data";
import { readStoredSteps } from "../setup/step-store";
import { PROVISIONING_STEP_IDS, STEPS } from "../setup/steps";
import { evaluateProvisioning, type ProvisioningStatus } from "./provisioning-status";

/** The provisioning status now: the wizard's records plus the job read live from Graph. */
export async function provisioningStatus(now = new Date()): Promise<ProvisioningStatus> {
  const steps = await readStoredSteps();
  const done = PROVISIONING_STEP_IDS.filter((id) => steps.get(id)?.status === "done");
  const next = PROVISIONING_STEP_IDS.find((id) => steps.get(id)?.status !== "done");
  const app = stepData["enterprise-app"].safeParse(steps.get("enterprise-app")?.data);
  const job = stepData["provisioning-job"].safeParse(steps.get("provisioning-job")?.status === "done" ? steps.get("provisioning-job")?.data : null);
  const scim = stepData["scim-credentials"].safeParse(steps.get("scim-credentials")?.status === "done" ? steps.get("scim-credentials")?.data : null);
  const live = app.success && job.success ? await getProvisioningJob(openGraph(await entraConnection()), app.data.servicePrincipalId, job.data.jobId) : undefined;
  return evaluateProvisioning({
    stepsDone: done.length,
    stepsTotal: PROVISIONING_STEP_IDS.length,
    nextStep: next ? { title: STEPS[next].title, href: `/setup#${next}` } : null,
    job: live,
    tokenExpiresAt: scim.success ? new Date(scim.data.tokenExpiresAt) : null,
    now,
  });
}
