import { entraConnection } from "../connections/entra-connection";
import { db } from "../db";
import { openGraph, type GraphSession } from "../entra/graph-session";
import { completedStep } from "../setup/step-store";

// The provisioning job SSO Bridge set up, as the finished wizard steps recorded it: where the
// Provisioning page's reads and controls go.

export type ProvisioningJobRef = { session: GraphSession; servicePrincipalId: string; jobId: string };

export async function provisioningJobRef(): Promise<ProvisioningJobRef> {
  const app = await completedStep("enterprise-app");
  const job = await completedStep("provisioning-job");
  return { session: openGraph(await entraConnection()), servicePrincipalId: app.servicePrincipalId, jobId: job.jobId };
}

/** Whether the job exists to be watched and controlled: its setup step has finished. */
export async function provisioningConfigured(): Promise<boolean> {
  const row = await db().setupStep.findUnique({ where: { id: "provisioning-job" }, select: { status: true } });
  return row?.status === "done";
}
