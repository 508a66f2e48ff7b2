import { driftExportQuery, exportDriftFindings } from "@/lib/drift/drift-export";
import { defineRoute, download } from "@/lib/route";
import { canView } from "@/lib/security/permissions";

// The last complete drift scan's findings as a CSV or JSON file, as everyone who sees the Drift page sees them.
export const GET = defineRoute({
  name: "drift.export",
  allowed: canView,
  query: driftExportQuery,
  run: async ({ query }) => {
    const file = await exportDriftFindings(query);
    return download(file.stream, file);
  },
});
