import Link from "next/link";
import { checkProvisioningJobAction } from "@/actions/provisioning";
import type { Loaded } from "@/lib/loaded";
import type { JobReadingState, ProvisioningOverview } from "@/lib/provisioning/provisioning-overview";
import { TOKEN_WARNING_DAYS, type ProvisioningState } from "@/lib/provisioning/provisioning-status";
import { ActionButton } from "@/components/ui/action-button";
import { Card } from "@/components/ui/card";
import { Problem } from "@/components/ui/problem";
import { ReadingAge } from "@/components/ui/reading-age";
import { Countdown, FirstProblem, utc } from "./card-parts";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const states: Record<ProvisioningState, { label: string; tone: Tone; summary: string }> = {
  "not-configured": {
    label: "Not configured",
    tone: "neutral",
    summary: "Automatic provisioning of users and groups to AWS (SCIM) has not been set up through SSO Bridge.",
  },
  "in-progress": { label: "In progress", tone: "neutral", summary: "Provisioning setup has started and is not finished." },
  healthy: { label: "Healthy", tone: "good", summary: "Entra keeps the assigned users and groups in step with AWS." },
  degraded: { label: "Degraded", tone: "warning", summary: "Provisioning runs, but something needs attention." },
  broken: { label: "Broken", tone: "bad", summary: "Changes in Entra are not reaching AWS." },
};

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/**
 * The overview's card, also heading the Provisioning page: the job as last read from Entra, with the
 * age of that read, why the last attempt failed if it did, and a way to ask for a fresh read.
 */
export function ProvisioningCard({ loaded }: { loaded: Loaded<ProvisioningOverview> }) {
  if (!loaded.ok) {
    return (
      <Card title="Provisioning" actions={<StatusBadge tone="warning">Unknown</StatusBadge>}>
        <div data-testid="provisioning-card" data-state="unknown">
          <Problem problem={loaded.problem} tone="warning" />
        </div>
      </Card>
    );
  }
  const status = loaded.data;
  if (status.reading && !status.reading.readAt) return <FirstRead reading={status.reading} />;
  const s = states[status.state];
  return (
    <Card title="Provisioning" actions={<StatusBadge tone={s.tone}>{s.label}</StatusBadge>}>
      <div className="space-y-2 text-sm" data-testid="provisioning-card" data-state={status.state}>
        <p className="text-slate-600 dark:text-slate-400">{s.summary}</p>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          {status.lastCycle && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Last cycle</dt>
              <dd>
                {status.lastCycle.state}
                {status.lastCycle.endedAt ? `, ${utc(status.lastCycle.endedAt)}` : ""}
                {status.lastCycle.reason ? ` (${status.lastCycle.reason})` : ""}
              </dd>
            </>
          )}
          {status.lastCycle?.failed !== null && status.lastCycle?.failed !== undefined && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Errors in last cycle</dt>
              <dd data-testid="provisioning-card-errors">
                {status.lastCycle.failed === 0 ? (
                  // A cycle that stopped as a whole wrote nothing; "None" would read as all well.
                  status.lastCycle.state === "Failed" ? (
                    "The whole cycle failed (below)"
                  ) : (
                    "None"
                  )
                ) : (
                  <Link href="/provisioning?outcome=failure#log" className="font-medium text-red-700 hover:underline dark:text-red-400">
                    {plural(status.lastCycle.failed, "object")} failed
                  </Link>
                )}
                {status.lastCycle.exported ? `, ${status.lastCycle.exported} written to AWS` : ""}
              </dd>
            </>
          )}
          {status.lastSuccessAt && status.lastCycle?.state !== "Succeeded" && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Last success</dt>
              <dd>{utc(status.lastSuccessAt)}</dd>
            </>
          )}
          {status.provisioned && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">In AWS</dt>
              <dd>
                {plural(status.provisioned.users, "user")}, {plural(status.provisioned.groups, "group")}
              </dd>
            </>
          )}
          {status.token?.rejected ? (
            <>
              <dt className="text-slate-500 dark:text-slate-400">SCIM token</dt>
              <dd className="text-red-700 dark:text-red-400" data-testid="provisioning-card-token">
                rejected by AWS in the last cycle
              </dd>
            </>
          ) : (
            status.token && (
              <Countdown term="SCIM token" expiresAt={status.token.expiresAt} daysLeft={status.token.daysLeft} warnFromDays={TOKEN_WARNING_DAYS} />
            )
          )}
        </dl>
        <FirstProblem problem={status.firstProblem} state={status.state} startLabel="Set up provisioning" />
        {status.reading && <Freshness reading={status.reading} />}
      </div>
    </Card>
  );
}

/** Configured, and not read yet: the first read is on its way, or says why it did not come. */
function FirstRead({ reading }: { reading: JobReadingState }) {
  return (
    <Card title="Provisioning" actions={<StatusBadge tone="neutral">{reading.problem ? "Unknown" : "Reading…"}</StatusBadge>}>
      <div className="space-y-2 text-sm" data-testid="provisioning-card" data-state={reading.problem ? "unknown" : "reading"}>
        {reading.problem ? (
          <p className="text-amber-800 dark:text-amber-300">Entra has not reported the provisioning job yet: {reading.problem}</p>
        ) : (
          <p role="status" className="text-slate-600 dark:text-slate-400">
            Reading the provisioning job from Entra for the first time…
          </p>
        )}
        <Freshness reading={{ ...reading, problem: null }} />
      </div>
    </Card>
  );
}

function Freshness({ reading }: { reading: JobReadingState }) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3 border-t border-slate-100 pt-2 dark:border-slate-800">
      <ReadingAge reading={reading} />
      <ActionButton action={checkProvisioningJobAction} label="Check now" pendingLabel="Asking Entra…" />
    </div>
  );
}
