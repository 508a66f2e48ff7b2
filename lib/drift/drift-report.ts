import { FINDING_KINDS } from "./diff";
import { findingPages, type ScanView, type ShownFinding } from "./drift-view";
import { FINDING_TITLES } from "./finding-explanations";
import { utcMinutes } from "../utc-time";

// A scan as the command line prints it, for people and for cron: 0 when there is no drift, 1 when
// there is, 2 when the scan could not finish.

export const DRIFT_EXIT = { none: 0, drift: 1, noScan: 2 } as const;
const LISTED = 20;

export type DriftReport = { lines: string[]; json: unknown; exitCode: number };

/** Every finding of a scan. */
export async function allFindings(scanId: string): Promise<ShownFinding[]> {
  const all: ShownFinding[] = [];
  for await (const page of findingPages(scanId)) all.push(...page);
  return all;
}

export function progressLine(scan: ScanView): string {
  const p = scan.progress;
  return `scanning (${p.phase}): Entra ${p.entra.objects} objects in ${p.entra.requests} requests${p.entraChangesOnly ? " (changes since the last scan)" : ""}, AWS ${p.aws.objects} objects in ${p.aws.requests} requests, ${Math.round(p.budgetWaitMs / 1000)} s waiting for the request budget`;
}

export function driftReport(scan: ScanView, findings: ShownFinding[]): DriftReport {
  if (scan.status !== "complete") {
    const why = scan.status === "cancelled" ? "it was cancelled" : (scan.problem ?? "it failed");
    return {
      lines: [`drift scan ${scan.id} started ${utcMinutes(scan.startedAt)} UTC did not finish: ${why}`],
      json: { scan: { id: scan.id, status: scan.status, startedAt: scan.startedAt, problem: scan.problem } },
      exitCode: DRIFT_EXIT.noScan,
    };
  }
  const when = utcMinutes(scan.finishedAt ?? scan.startedAt);
  const lines =
    scan.total === 0
      ? [`no drift (scan of ${when} UTC): AWS holds everyone and every group in scope as Entra would provision them, and nothing else`]
      : [
          `${scan.total} ${scan.total === 1 ? "finding" : "findings"} (scan of ${when} UTC):`,
          ...FINDING_KINDS.filter((k) => scan.counts[k]).map((k) => `  ${String(scan.counts[k]).padStart(6)}  ${FINDING_TITLES[k]}`),
          "",
          ...findings.slice(0, LISTED).map((f) => `${FINDING_TITLES[f.kind]}: ${f.subject}${f.group ? ` in ${f.group}` : ""}. ${f.reason} Fix: ${f.fix}`),
          ...(findings.length > LISTED ? [`… and ${findings.length - LISTED} more: see the Drift page, or --json`] : []),
        ];
  return {
    lines,
    json: {
      scan: {
        id: scan.id,
        status: scan.status,
        startedAt: scan.startedAt,
        finishedAt: scan.finishedAt,
        requestedBy: scan.requestedBy,
        progress: scan.progress,
      },
      counts: scan.counts,
      findings: findings.map(({ seq: _seq, ...f }) => f),
    },
    exitCode: scan.total === 0 ? DRIFT_EXIT.none : DRIFT_EXIT.drift,
  };
}
