import { loaded, type Loaded } from "../loaded";
import { provisioningStatus } from "./provisioning-overview";
import type { ProvisioningStatus } from "./provisioning-status";

/** The Provisioning card's reading: the wizard's records and the job read live from Graph, or the problem to show. */
export function provisioningCardView(): Promise<Loaded<ProvisioningStatus>> {
  return loaded("Could not read the provisioning job", () => provisioningStatus());
}
