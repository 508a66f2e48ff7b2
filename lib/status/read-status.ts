import { isAppError } from "../errors";
import { provisioningStatusNow } from "../provisioning/provisioning-overview";
import { federationStatus, type FederationStatus } from "../setup/federation-status";
import type { ProvisioningReading } from "./status-report";

/**
 * Federation and provisioning as the overview cards read them. As on the Provisioning card, a job
 * Graph cannot report on (no connection, throttled, refused) is "unknown"; any other error is a
 * fault, not a state, and propagates.
 */
export async function readStatus(now = new Date()): Promise<{ federation: FederationStatus; provisioning: ProvisioningReading }> {
  const federation = await federationStatus(now);
  const provisioning = await provisioningStatusNow(now).catch((e: unknown): ProvisioningReading => {
    if (!isAppError(e)) throw e;
    return { state: "unknown", errorCode: e.code, firstProblem: { message: `Could not read the provisioning job: ${e.message}`, href: "/provisioning" } };
  });
  return { federation, provisioning };
}
