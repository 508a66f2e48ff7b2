import { cancelDriftScanAction, startDriftScanAction } from "@/actions/drift";
import type { ScanView } from "@/lib/drift/drift-view";
import { utcMinutes } from "@/lib/utc-time";
import { ActionButton } from "@/components/ui/action-button";
import { Card } from "@/components/ui/card";
import { Problem } from "@/components/ui/problem";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";

const PHASES = { entra: "Reading Entra", aws: "Reading the AWS identity store", comparing: "Comparing", done: "Done" } as const;

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The running scan with its progress and Cancel, or the last scan's outcome and Scan now. */
export function ScanPanel({
  running,
  newest,
  complete,
  timeLeftMs,
  canRun,
}: {
  running: ScanView | null;
  newest: ScanView | null;
  complete: ScanView | null;
  timeLeftMs: number | null;
  canRun: boolean;
}) {
  const unfinished = newest && newest.status !== "complete" && newest.status !== "running" ? newest : null;
  return (
    <Card title="Scan">
      <div className="space-y-3 text-sm">
        {running ? (
          <>
            <RefreshWhileOpen everyMs={2_000} />
            <p role="status" data-testid="drift-scan-progress">
              {PHASES[running.progress.phase]}: {running.progress.entra.objects} objects in {running.progress.entra.requests} requests from Entra
              {running.progress.entraChangesOnly ? " (its changes since the last scan)" : ""}, {running.progress.aws.objects} objects in{" "}
              {running.progress.aws.requests} requests from AWS
              {running.progress.budgetWaitMs >= 1000 ? `, ${duration(running.progress.budgetWaitMs)} waiting for the clouds' request budget` : ""}
              {timeLeftMs !== null ? `; about ${duration(timeLeftMs)} left` : ""}.{running.cancelRequested ? " Cancelling…" : ""}
            </p>
            <p className="text-slate-600 dark:text-slate-400">
              Started {utcMinutes(running.startedAt)} UTC{running.requestedBy ? ` by ${running.requestedBy}` : " on schedule"}. The findings below are from the
              last complete scan until this one finishes.
            </p>
            {canRun && !running.cancelRequested && (
              <ActionButton action={cancelDriftScanAction} fields={{ id: running.id }} label="Cancel scan" pendingLabel="Cancelling…" />
            )}
          </>
        ) : (
          <>
            <p>
              {complete
                ? `Last complete scan: ${utcMinutes(complete.finishedAt ?? complete.startedAt)} UTC${complete.requestedBy ? `, run by ${complete.requestedBy}` : ""}.`
                : "No scan has finished yet."}{" "}
              A scan reads the enterprise application&apos;s assignments, the members of its assigned groups (nested ones too) and the whole AWS identity store,
              then compares them as Entra&apos;s provisioning matches them. After the first, it reads from Entra only what changed since the last scan.
              {complete?.progress.entraChangesOnly ? " The last one did." : ""}
            </p>
            {unfinished && (
              <Problem
                tone="warning"
                problem={
                  unfinished.status === "cancelled"
                    ? `The scan started ${utcMinutes(unfinished.startedAt)} UTC was cancelled.`
                    : `The scan started ${utcMinutes(unfinished.startedAt)} UTC failed: ${unfinished.problem ?? "no reason was recorded."}`
                }
              />
            )}
            {canRun && <ActionButton action={startDriftScanAction} label="Scan now" pendingLabel="Starting the scan…" />}
          </>
        )}
      </div>
    </Card>
  );
}
