import { entraConnection } from "../connections/entra-connection";
import { openGraph, type GraphSession } from "../entra/graph-session";
import { isConfigured, provisioningJob } from "../federation/configured-parts";

// The provisioning job SSO Bridge set up, reached through the Entra connection: where the
// Provisioning page's reads and controls go.

export type ProvisioningJobRef = { session: GraphSession; servicePrincipalId: string; jobId: string };

export async function provisioningJobRef(): Promise<ProvisioningJobRef> {
  const job = await provisioningJob();
  return { session: openGraph(await entraConnection()), ...job };
}

/** Whether the job exists to be watched and controlled: its setup step has finished. */
export async function provisioningConfigured(): Promise<boolean> {
  return isConfigured("provisioningJob");
}
