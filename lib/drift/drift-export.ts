import { z } from "zod";
import { csvCell } from "../audit/audit-export";
import { AppError } from "../errors";
import { FINDING_KINDS } from "./diff";
import { driftScans, findingPages, type ShownFinding } from "./drift-view";
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
  const pages = findingPages(complete.id, query.kind);
  let sent = 0;
  const stamp = (complete.finishedAt ?? complete.startedAt).toISOString().slice(0, 16).replace(/[-:]/g, "");
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const head =
        query.format === "csv"
          ? COLUMNS.join(",")
          : `{"scan":${JSON.stringify({ id: complete.id, finishedAt: complete.finishedAt, counts: complete.counts })},"findings":[`;
      controller.enqueue(encoder.encode(`${head}\n`));
    },
    async pull(controller) {
      const next = await pages.next();
      if (next.done) {
        if (query.format === "json") controller.enqueue(encoder.encode("]}\n"));
        return controller.close();
      }
      const lines = next.value.map((f) =>
        query.format === "csv" ? COLUMNS.map((c) => csvCell(row(f)[c])).join(",") : `${sent++ > 0 ? "," : ""}${JSON.stringify(row(f))}`,
      );
      controller.enqueue(encoder.encode(lines.map((l) => `${l}\n`).join("")));
    },
  });
  return {
    stream,
    name: `sso-bridge-drift-${stamp}${query.kind ? `-${query.kind}` : ""}.${query.format}`,
    contentType: query.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
  };
}
