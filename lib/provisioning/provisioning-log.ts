import { listProvisioningLogs, type ProvisioningLogEntry, type ProvisioningLogFilter } from "../entra/provisioning-logs";
import { explainProvisioningError, type Explanation } from "./explain-scim-error";
import { provisioningJobRef } from "./provisioning-job-ref";

// The provisioning log of SSO Bridge's job, each failure with its explanation, for the viewer.

export type ExplainedEntry = ProvisioningLogEntry & { explanation: Explanation | null };

export async function readProvisioningLog(
  filter: ProvisioningLogFilter,
  skipToken: string | null,
): Promise<{ entries: ExplainedEntry[]; nextSkipToken: string | null }> {
  const t = await provisioningJobRef();
  const page = await listProvisioningLogs(t.session, { jobId: t.jobId, skipToken, filter });
  return { entries: page.entries.map((e) => ({ ...e, explanation: explainProvisioningError(e) })), nextSkipToken: page.nextSkipToken };
}
