import { readingView } from "../cloud-readings/reading-view";
import { loaded, type Loaded } from "../loaded";
import { provisioningJobReading } from "./provisioning-job-reading";
import { provisioningStatus, type ProvisioningOverview } from "./provisioning-overview";

/**
 * The Provisioning card: the wizard's records and the job as last read from Graph, with how old that
 * read is and why the last attempt failed if it did. Never a cloud call: looking at the card keeps
 * the readers refreshing it every few seconds.
 */
export function provisioningCardView(now = new Date()): Promise<Loaded<ProvisioningOverview>> {
  return loaded("Could not show the provisioning job", async () => provisioningStatus(now, await readingView(provisioningJobReading, now)));
}
