import { AppError } from "../errors";
import { db } from "../db";
import type { Finding } from "./diff";
import { findingDetails, storedFindingKind } from "./scan-columns";

// What a fix from the Drift page may act on: findings of the latest complete scan, not dealt with
// yet. An older scan's findings may no longer hold, and a partial scan has none.

// Past this, what a scan saw may no longer hold: fixes wait for a new scan.
const FIX_MAX_AGE_MS = 24 * 3_600_000;

export type OpenFinding = Omit<Finding, "cause" | "differences"> & { seq: number };

export async function openFindings(scanId: string, seqs: number[]): Promise<OpenFinding[]> {
  if (seqs.length === 0) throw new AppError("InvalidInput", "Choose at least one finding.");
  const latest = await db().driftScan.findFirst({ where: { status: "complete" }, orderBy: { startedAt: "desc" }, select: { id: true, finishedAt: true } });
  if (latest?.id !== scanId) throw new AppError("Conflict", "A newer scan has replaced these findings. Fix them from the findings shown now.");
  if (!latest.finishedAt || Date.now() - latest.finishedAt.getTime() > FIX_MAX_AGE_MS)
    throw new AppError(
      "Conflict",
      "These findings are more than a day old: scan again before fixing anything, so that the fix acts on what both sides hold now.",
    );
  const wanted = [...new Set(seqs)];
  const rows = await db().driftFinding.findMany({ where: { scanId, seq: { in: wanted } }, orderBy: { seq: "asc" } });
  if (rows.length !== wanted.length) throw new AppError("NotFound", "Some of those findings are not in the latest scan. Reload the page.");
  return rows.map((r) => {
    if (r.resolution !== null)
      throw new AppError("Conflict", `“${r.subject}” was ${r.resolution} already${r.resolvedByLabel ? ` by ${r.resolvedByLabel}` : ""}.`);
    const details = findingDetails.decode(r.details, `${r.scanId}#${r.seq}`);
    return {
      seq: r.seq,
      kind: storedFindingKind.read(r.kind),
      subject: r.subject,
      group: r.groupName,
      groupId: details.groupId,
      entraId: r.entraId,
      awsId: r.awsId,
      duplicateOf: details.duplicateOf,
      detail: details.detail,
      assignment: details.assignment,
    };
  });
}
