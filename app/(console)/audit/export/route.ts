import { auditExportQuery, exportAuditHistory } from "@/lib/audit/audit-export";
import { defineRoute, download } from "@/lib/route";
import { canManageSettings } from "@/lib/security/permissions";

// The filtered audit history as a file, streamed as it is read. Admins only; each export is audited.
export const GET = defineRoute({
  name: "audit.export",
  allowed: canManageSettings,
  query: auditExportQuery,
  run: async ({ query }, { by }) => {
    const file = await exportAuditHistory(query, by);
    return download(file.stream, file);
  },
});
