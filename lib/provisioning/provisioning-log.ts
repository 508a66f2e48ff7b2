import type { ProvisioningLogEntry, ProvisioningLogFilter } from "../entra/provisioning-logs";
import { explainProvisioningError, type Explanation } from "./explain-scim-error";
import { queryLog } from "./log-store";

// The provisioning log of SSO Bridge's job as kept here, each failure with its explanation, for the
// viewer: searched and paged in the database, never in Graph.

export type ExplainedEntry = ProvisioningLogEntry & { explanation: Explanation | null };

export async function readProvisioningLog(
  filter: ProvisioningLogFilter,
  cursor: string | null,
): Promise<{ entries: ExplainedEntry[]; nextCursor: string | null }> {
  const page = await queryLog(filter, cursor);
  return { entries: page.entries.map((e) => ({ ...e, explanation: explainProvisioningError(e) })), nextCursor: page.nextCursor };
}
