import { z } from "zod";
import { HASHED_CONTENT } from "./hash";
import { db } from "../db";
import { detailsAsRecorded } from "./audit-event-columns";
import { findAuditEvents, parseAuditQuery, type AuditFilter, type AuditQuery } from "./audit-query";
import { recordAuditEventAlone, type ChangedBy } from "./record-audit-event";

// Exports of the audit history, streamed: events are read in batches by sequence number and
// written out as they are read, so a million events never sit in memory at once.

export type ExportFormat = "csv" | "jsonl";

const BATCH = 1_000;
// With each link and the key that made it, so that an export can be checked against the chain by whoever holds the key.
const COLUMNS = ["seq", ...HASHED_CONTENT, "prevHash", "hash", "linkKeyId"] as const;
// An audit event's fields are text, numbers and times, some of them empty.
type Cell = string | number | Date | null;
type Row = Record<(typeof COLUMNS)[number], Cell>;

/** The export's URL parameters: a format, and the same filters as the Audit page, any of them refused by name. */
export const auditExportQuery = z.record(z.string(), z.string()).transform((params, ctx): { format: ExportFormat; query: AuditQuery } => {
  const format = params.format;
  if (format !== "csv" && format !== "jsonl") {
    ctx.addIssue({ code: "custom", message: "Ask for format=csv or format=jsonl.", path: ["format"] });
    return z.NEVER;
  }
  const query = parseAuditQuery(params);
  for (const message of query.problems) ctx.addIssue({ code: "custom", message });
  return { format, query };
});

/** Records who exported which events, then streams them: the export is in the history before its first byte leaves. */
export async function exportAuditHistory({ format, query }: { format: ExportFormat; query: AuditQuery }, by: ChangedBy, now = new Date()) {
  await recordAuditEventAlone({
    actor: by.actor,
    action: "audit.export",
    target: { type: "audit-log", label: "Audit history" },
    outcome: "success",
    details: { format, filter: query.form },
    context: by.context,
  });
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, "-");
  return {
    stream: auditExportStream(query.filter, format),
    name: `sso-bridge-audit-${stamp}.${format}`,
    contentType: format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
  };
}

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
      const rows = await findAuditEvents(f, before, BATCH, (where, take) => db().auditEvent.findMany({ where, orderBy: { seq: "desc" }, take }));
      for (const r of rows) lines.push(format === "csv" ? COLUMNS.map((c) => csvCell(r[c])).join(",") : JSON.stringify(jsonRow(r)));
      if (lines.length > 0) controller.enqueue(encoder.encode(lines.join("\n") + "\n"));
      if (rows.length < BATCH) controller.close();
      else before = rows.at(-1)!.seq;
    },
  });
}

function jsonRow(r: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of COLUMNS) out[c] = c === "details" ? detailsAsRecorded(String(r[c])) : r[c] instanceof Date ? r[c].toISOString() : r[c];
  return out;
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so that a spreadsheet shows it as text, not a formula. */
export function csvCell(v: Cell | undefined): string {
  if (v === null || v === undefined) return "";
  let s = v instanceof Date ? v.toISOString() : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
