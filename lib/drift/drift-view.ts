import { db } from "../db";
import type { Finding, FindingKind } from "./diff";
import { explain, WORST_FIRST, type Explanation } from "./finding-explanations";
import { REFUSING_RULES } from "./preflight";
import {
  countsColumn,
  findingDetails,
  progressColumn,
  storedFindingCause,
  storedFindingKind,
  SCAN_STOPPED_PROBLEM,
  storedResolution,
  storedScanStatus,
  type Resolution,
  type ScanProgress,
  type ScanStatus,
} from "./scan-columns";

// What the Drift page and the command line show of the scans: the one running with its progress,
// the latest complete one with its findings, and how the counts moved over time.

export type ScanView = {
  id: string;
  status: ScanStatus;
  startedAt: Date;
  finishedAt: Date | null;
  requestedBy: string | null;
  progress: ScanProgress;
  problem: string | null;
  counts: Partial<Record<FindingKind, number>>;
  total: number;
  cancelRequested: boolean;
};

/** What was done about a finding from the Drift page since its scan, by whom and when. */
export type FindingResolution = { as: Resolution; by: string | null; at: Date | null };

export type ShownFinding = Finding & Explanation & { seq: number; resolution: FindingResolution | null };

export const FINDINGS_PAGE_SIZE = 50;

type ScanRow = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["driftScan"]["findFirst"]>>>;

function scanView(row: ScanRow, now = new Date()): ScanView {
  const counts = row.counts ? countsColumn.decode(row.counts, row.id) : {};
  // Shown as it will be recorded once the next scan starts: a lease run out means its server stopped.
  const stopped = row.status === "running" && row.leaseUntil !== null && row.leaseUntil < now;
  return {
    id: row.id,
    status: stopped ? "failed" : storedScanStatus.read(row.status),
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    requestedBy: row.requestedByLabel,
    progress: progressColumn.decode(row.progress, row.id),
    problem: stopped ? SCAN_STOPPED_PROBLEM : row.problem,
    counts,
    total: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0),
    cancelRequested: row.cancelRequested,
  };
}

/**
 * The scan running now, the newest scan of any outcome, and the newest complete one, whose findings
 * stand. A running scan is always the newest: no scan starts while one holds the slot.
 */
export async function driftScans(): Promise<{ running: ScanView | null; newest: ScanView | null; complete: ScanView | null }> {
  const [newestRow, completeRow] = await Promise.all([
    db().driftScan.findFirst({ orderBy: { startedAt: "desc" } }),
    db().driftScan.findFirst({ where: { status: "complete" }, orderBy: { startedAt: "desc" } }),
  ]);
  const newest = newestRow && scanView(newestRow);
  return { running: newest?.status === "running" ? newest : null, newest, complete: completeRow && scanView(completeRow) };
}

/** The complete scans' counts, newest first: how drift moved over time. */
export async function driftHistory(limit = 30): Promise<{ id: string; finishedAt: Date; total: number; counts: ScanView["counts"] }[]> {
  const rows = await db().driftScan.findMany({ where: { status: "complete" }, orderBy: { startedAt: "desc" }, take: limit });
  return rows.map((row) => {
    const scan = scanView(row);
    return { id: scan.id, finishedAt: scan.finishedAt ?? scan.startedAt, total: scan.total, counts: scan.counts };
  });
}

/** The first finding of the most serious kind the scan found; null without drift. */
export async function worstFinding(scan: ScanView): Promise<ShownFinding | null> {
  const kind = WORST_FIRST.find((k) => (scan.counts[k] ?? 0) > 0);
  if (!kind) return null;
  return (await scanFindings(scan.id, { kind, page: 1 })).findings[0] ?? null;
}

export type PreflightView = { scanAt: Date; refused: number; warnings: number; running: boolean } | { scanAt: null; running: boolean };

/** What the last complete scan's preflight found: users AWS will refuse, and warnings; for the wizard's last step. */
export async function preflightView(): Promise<PreflightView> {
  const { complete, running } = await driftScans();
  if (!complete) return { scanAt: null, running: running !== null };
  const [refused, warnings] = await Promise.all([
    db().driftFinding.count({ where: { scanId: complete.id, kind: "user-missing", cause: { in: [...REFUSING_RULES] } } }),
    db().driftFinding.count({ where: { scanId: complete.id, kind: "user-preflight" } }),
  ]);
  return { scanAt: complete.finishedAt ?? complete.startedAt, refused, warnings, running: running !== null };
}

/** How long the running scan has left, judged by the requests the last complete scan needed; null without one to go by. */
export function timeLeftMs(running: ScanView, previous: ScanView | null, now = new Date()): number | null {
  if (!previous) return null;
  const done = running.progress.entra.requests + running.progress.aws.requests;
  const total = previous.progress.entra.requests + previous.progress.aws.requests;
  const elapsed = now.getTime() - running.startedAt.getTime();
  if (done === 0 || elapsed <= 0) return null;
  return Math.max(0, Math.round(((total - done) * elapsed) / done));
}

/** One page of a scan's findings, of one kind or all, each with its reason and fix. */
export async function scanFindings(scanId: string, opts: { kind?: FindingKind; page?: number } = {}): Promise<{ findings: ShownFinding[]; total: number }> {
  const where = { scanId, ...(opts.kind ? { kind: opts.kind } : {}) };
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const [rows, total] = await Promise.all([
    db().driftFinding.findMany({ where, orderBy: { seq: "asc" }, skip: (page - 1) * FINDINGS_PAGE_SIZE, take: FINDINGS_PAGE_SIZE }),
    db().driftFinding.count({ where }),
  ]);
  return { findings: rows.map(shownFinding), total };
}

/** The first page of a scan's findings about one user or group (its Entra or AWS id). */
export async function scanFindingsWhere(scanId: string, about: { OR: ({ entraId: string } | { awsId: string })[] }): Promise<ShownFinding[]> {
  if (about.OR.length === 0) return [];
  const rows = await db().driftFinding.findMany({ where: { scanId, ...about }, orderBy: { seq: "asc" }, take: FINDINGS_PAGE_SIZE });
  return rows.map(shownFinding);
}

type FindingRow = Awaited<ReturnType<ReturnType<typeof db>["driftFinding"]["findMany"]>>[number];

function shownFinding(r: FindingRow): ShownFinding {
  const details = findingDetails.decode(r.details, `${r.scanId}#${r.seq}`);
  const finding: Finding = {
    kind: storedFindingKind.read(r.kind),
    subject: r.subject,
    group: r.groupName,
    entraId: r.entraId,
    awsId: r.awsId,
    cause: r.cause === null ? null : storedFindingCause.read(r.cause),
    duplicateOf: details.duplicateOf,
    groupId: details.groupId,
    assignment: details.assignment,
    detail: details.detail,
    differences: details.differences,
  };
  const resolution = r.resolution === null ? null : { as: storedResolution.read(r.resolution), by: r.resolvedByLabel, at: r.resolvedAt };
  return { ...finding, ...explain(finding), seq: r.seq, resolution };
}

/** A scan's findings, of one kind or all, a page at a time: for files and reports longer than a page. */
export async function* findingPages(scanId: string, kind?: FindingKind): AsyncGenerator<ShownFinding[]> {
  for (let page = 1, seen = 0; ; page++) {
    const { findings, total } = await scanFindings(scanId, { kind, page });
    seen += findings.length;
    if (findings.length > 0) yield findings;
    if (findings.length < FINDINGS_PAGE_SIZE || seen >= total) return;
  }
}
