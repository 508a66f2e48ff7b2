import { db } from "../db";
import { auditWhere, type AuditFilter } from "./audit-query";

// Exports of the audit history, streamed: events are read in batches by sequence number and
// written out as they are read, so a million events never sit in memory at once.

export type ExportFormat = "csv" | "jsonl";

const BATCH = 1_000;
const COLUMNS = ["seq", "id", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "outcome", "details", "requestId", "ipAddress", "userAgent", "prevHash", "hash"] as const;
type Row = Record<(typeof COLUMNS)[number], unknown>;

/** The filtered events, newest first, as a stream of text chunks in the format asked for. */
export function auditExportStream(f: AuditFilter, format: ExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let before: number | null = null;
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      const lines: string[] = [];
      if (!started && format === "csv") lines.push(COLUMNS.join(","));
      started = true;
      const rows = (await db().auditEvent.findMany({ where: auditWhere(f, before), orderBy: { seq: "desc" }, take: BATCH })) as Row[];
      for (const r of rows) lines.push(format === "csv" ? COLUMNS.map((c) => csvCell(r[c])).join(",") : JSON.stringify(jsonRow(r)));
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("\n") + "\n"));
      if (rows.length < BATCH) controller.close();
      else before = rows.at(-1)!.seq as number;
    },
  });
}

function jsonRow(r: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS) out[c] = c === "details" ? parseDetails(r[c]) : r[c] instanceof Date ? (r[c] as Date).toISOString() : r[c];
  return out;
}

function parseDetails(v: unknown): unknown {
  try {
    return JSON.parse(String(v));
  } catch {
    return v;
  }
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so that a spreadsheet shows it as text, not a formula. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
