import type { ProvisioningLogEntry } from "../entra/provisioning-logs";
import { explainProvisioningError } from "../provisioning/explain-scim-error";
import { latestEntriesFor } from "../provisioning/log-store";
import { utcMinutes } from "../utc-time";
import type { Finding } from "./diff";

// Why a user in scope is missing in AWS, when no preflight rule says: Entra's own last attempt at
// it, from the provisioning log SSO Bridge keeps. A refusal says what AWS refused; a skip says why
// Entra did not send it.

/** The cause a log entry gives a missing user; null when the last attempt neither failed nor was skipped. */
export function lastAttemptCause(entry: ProvisioningLogEntry): Pick<Finding, "cause" | "detail"> | null {
  const when = `${utcMinutes(entry.activityDateTime)} UTC`;
  if (entry.status === "failure" || entry.status === "warning") {
    const why = explainProvisioningError(entry)?.summary ?? entry.errorReason ?? entry.errorCode ?? "no reason given";
    return { cause: "last-attempt-failed", detail: `${when}: ${why}` };
  }
  if (entry.status === "skipped") {
    const step = entry.steps.find((s) => s.status.toLowerCase() === "skipped");
    return { cause: "last-attempt-skipped", detail: `${when}: ${step?.description ?? entry.errorReason ?? "no reason given"}` };
  }
  return null;
}

/** The scan's findings, each missing user without a known cause given its last attempt's. */
export async function withLastAttempts(findings: Finding[]): Promise<Finding[]> {
  const unexplained = findings.filter((f) => f.kind === "user-missing" && f.cause === null && f.entraId);
  if (unexplained.length === 0) return findings;
  const latest = await latestEntriesFor(unexplained.map((f) => f.entraId!));
  return findings.map((f) => {
    const entry = f.kind === "user-missing" && f.cause === null && f.entraId ? latest.get(f.entraId) : undefined;
    const cause = entry ? lastAttemptCause(entry) : null;
    return cause ? { ...f, ...cause } : f;
  });
}
