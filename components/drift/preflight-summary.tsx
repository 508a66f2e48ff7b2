import Link from "next/link";
import { startDriftScanAction } from "@/actions/drift";
import { driftHref } from "@/lib/drift/drift-query";
import type { PreflightView } from "@/lib/drift/drift-view";
import { utcMinutes } from "@/lib/utc-time";
import { ActionButton } from "@/components/ui/action-button";

const link = "font-medium text-sky-700 underline dark:text-sky-400";

/** Before Start: what the last scan's preflight says AWS will refuse, and a way to check again. */
export function PreflightSummary({ preflight, canRun }: { preflight: PreflightView; canRun: boolean }) {
  return (
    <div className="space-y-2 rounded border border-slate-200 p-3 text-sm dark:border-slate-800" data-testid="preflight-summary">
      <h3 className="font-medium">Preflight</h3>
      {preflight.scanAt === null ? (
        <p>No preflight has run: a drift scan checks everyone in scope against what AWS accepts, before the first cycle finds out.</p>
      ) : preflight.refused + preflight.warnings === 0 ? (
        <p>Nobody in scope breaks a rule AWS enforces, and nothing needs a second look (scan of {utcMinutes(preflight.scanAt)} UTC).</p>
      ) : (
        <p>
          Scan of {utcMinutes(preflight.scanAt)} UTC:{" "}
          {preflight.refused > 0 && (
            <Link href={driftHref({ kind: "user-missing" })} className={link}>
              {preflight.refused} {preflight.refused === 1 ? "user" : "users"} AWS will refuse
            </Link>
          )}
          {preflight.refused > 0 && preflight.warnings > 0 && ", "}
          {preflight.warnings > 0 && (
            <Link href={driftHref({ kind: "user-preflight" })} className={link}>
              {preflight.warnings} to look at
            </Link>
          )}
          . Fix them in Entra first, or start and fix them after.
        </p>
      )}
      {preflight.running ? (
        <p role="status">A scan is running; its result shows on the Drift page.</p>
      ) : (
        canRun && (
          <ActionButton action={startDriftScanAction} label={preflight.scanAt ? "Run preflight again" : "Run preflight"} pendingLabel="Starting the scan…" />
        )
      )}
    </div>
  );
}
