import { auditExportStream } from "@/lib/audit/audit-export";
import { parseAuditQuery } from "@/lib/audit/audit-query";
import { recordAuditEventAlone } from "@/lib/audit/record-audit-event";
import { requireUser } from "@/lib/auth/session";
import { httpStatusFor, isAppError } from "@/lib/errors";
import { requestContext } from "@/lib/request-context";
import { canManageSettings } from "@/lib/security/permissions";

// The filtered audit history as a file, streamed as it is read. Admins only; each export is audited.
export async function GET(request: Request) {
  try {
    const user = await requireUser(canManageSettings);
    const params = Object.fromEntries(new URL(request.url).searchParams);
    const format = params.format === "jsonl" ? "jsonl" : params.format === "csv" ? "csv" : null;
    if (!format) return Response.json({ error: "Ask for format=csv or format=jsonl." }, { status: 400 });
    const query = parseAuditQuery(params);
    if (query.problems.length > 0) return Response.json({ error: query.problems.join(" ") }, { status: 400 });
    await recordAuditEventAlone({
      actor: { type: "person", id: user.id, label: user.name },
      action: "audit.export",
      target: { type: "audit-log", label: "Audit history" },
      outcome: "success",
      details: { format, filter: query.form },
      context: await requestContext(),
    });
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, "-");
    return new Response(auditExportStream(query.filter, format), {
      headers: {
        "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="sso-bridge-audit-${stamp}.${format}"`,
        "cache-control": "no-store",
      },
    });
  } catch (e) {
    if (isAppError(e)) return Response.json({ error: e.message }, { status: httpStatusFor[e.code] });
    throw e;
  }
}
