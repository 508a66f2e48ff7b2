import type { AlertSnapshot } from "../alerts/webhook-payload";
import { FINDING_KINDS, type Finding, type FindingKind } from "./diff";
import { FINDING_TITLES, WORST_FIRST } from "./finding-explanations";

// Drift that appears is announced once: a scan's findings that the previous complete scan did not
// have go out through the webhooks as one alert. A finding still there on the next scan is not new,
// so each finding is announced once however many scans see it. The first scan has nothing to
// compare with and announces nothing: whoever ran it has its findings in front of them.

// A stored finding's kind is read as it was written: a kind no longer known simply matches nothing.
type Fingerprinted = Pick<Finding, "entraId" | "awsId" | "group" | "detail"> & { kind: string };

/** What identifies a finding from one scan to the next; an assignment finding also by the assignment it names. */
export const fingerprint = (f: Fingerprinted) =>
  [f.kind, f.entraId ?? "", f.awsId ?? "", f.group ?? "", f.kind.startsWith("assignment-") ? (f.detail ?? "") : ""].join("\u0000");

/** The findings whose fingerprints the previous scan's (`seen`) do not hold. */
export function newFindings(findings: Finding[], seen: ReadonlySet<string>): Finding[] {
  return findings.filter((f) => !seen.has(fingerprint(f)));
}

// Access that should be gone is the one finding that cannot wait for someone to look.
const CRITICAL: ReadonlySet<FindingKind> = new Set(["user-disabled-active"]);
const EXAMPLES = 3;

/** The alert a webhook receives for the new findings of scan `scanId`; null when there are none. */
export function newDriftAlert(scanId: string, fresh: Finding[], now: Date): AlertSnapshot | null {
  if (fresh.length === 0) return null;
  const counts = new Map<FindingKind, number>();
  for (const f of fresh) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  const kinds = FINDING_KINDS.filter((k) => counts.has(k))
    .map((k) => `${FINDING_TITLES[k]}: ${counts.get(k)}`)
    .join("; ");
  const worst = [...fresh].sort((a, b) => WORST_FIRST.indexOf(a.kind) - WORST_FIRST.indexOf(b.kind)).slice(0, EXAMPLES);
  const examples = worst.map((f) => `${f.subject}${f.group ? ` in ${f.group}` : ""} (${FINDING_TITLES[f.kind]})`).join("; ");
  const more = fresh.length > EXAMPLES ? `; and ${fresh.length - EXAMPLES} more` : "";
  return {
    key: `drift-new:${scanId}`,
    severity: fresh.some((f) => CRITICAL.has(f.kind)) ? "critical" : "warning",
    message: `A drift scan found ${fresh.length} new ${fresh.length === 1 ? "difference" : "differences"} between Entra and AWS (${kinds}). ${fresh.length > EXAMPLES ? "The most serious" : fresh.length === 1 ? "It is" : "They are"}: ${examples}${more}. The Drift page has each one's reason and fix.`,
    firstSeenAt: now,
  };
}
