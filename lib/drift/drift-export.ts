import { z } from "zod";
import { csvCell } from "../audit/audit-export";
import { AppError } from "../errors";
import { FINDING_KINDS } from "./diff";
import { driftScans, FINDINGS_PAGE_SIZE, scanFindings, type ShownFinding } from "./drift-view";
import { FINDING_TITLES } from "./finding-explanations";

// The last complete scan's findings as a file, of one kind or all, read page by page as it is sent.

export const driftExportQuery = z.object({
  format: z.enum(["csv", "json"], "Ask for format=csv or format=json."),
  kind: z.enum(FINDING_KINDS).optional(),
});
export type DriftExportQuery = z.output<typeof driftExportQuery>;

const COLUMNS = ["kind", "title", "subject", "group", "cause", "reason", "fix", "entraId", "awsId", "differences"] as const;

function row(f: ShownFinding): Record<(typeof COLUMNS)[number], string | null> {
  return {
    kind: f.kind,
    title: FINDING_TITLES[f.kind],
    subject: f.subject,
    group: f.group,
    cause: f.cause,
    reason: f.reason,
    fix: f.fix,
    entraId: f.entraId,
    awsId: f.awsId,
    differences: f.differences.length ? f.differences.map((d) => `${d.attribute}: AWS ${String(d.aws)}, Entra ${String(d.entra)}`).join("; ") : null,
  };
}

export async function exportDriftFindings(query: DriftExportQuery): Promise<{ stream: ReadableStream<Uint8Array>; name: string; contentType: string }> {
  const { complete } = await driftScans();
  if (!complete) throw new AppError("NotFound", "No drift scan has finished yet: run one on the Drift page first.");
  const encoder = new TextEncoder();
  let page = 0;
  let sent = 0;
  const stamp = (complete.finishedAt ?? complete.startedAt).toISOString().slice(0, 16).replace(/[-:]/g, "");
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      page += 1;
      const { findings, total } = await scanFindings(complete.id, { kind: query.kind, page });
      const lines: string[] = [];
      if (page === 1)
        lines.push(
          query.format === "csv"
            ? COLUMNS.join(",")
            : `{"scan":${JSON.stringify({ id: complete.id, finishedAt: complete.finishedAt, counts: complete.counts })},"findings":[`,
        );
      for (const f of findings) {
        lines.push(query.format === "csv" ? COLUMNS.map((c) => csvCell(row(f)[c])).join(",") : `${sent > 0 ? "," : ""}${JSON.stringify(row(f))}`);
        sent += 1;
      }
      const done = findings.length < FINDINGS_PAGE_SIZE || sent >= total;
      if (done && query.format === "json") lines.push("]}");
      controller.enqueue(encoder.encode(lines.map((l) => `${l}\n`).join("")));
      if (done) controller.close();
    },
  });
  return {
    stream,
    name: `sso-bridge-drift-${stamp}${query.kind ? `-${query.kind}` : ""}.${query.format}`,
    contentType: query.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
  };
}
