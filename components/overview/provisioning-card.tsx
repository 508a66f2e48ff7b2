import Link from "next/link";
import type { Loaded } from "@/lib/loaded";
import { TOKEN_WARNING_DAYS, type ProvisioningState, type ProvisioningStatus } from "@/lib/provisioning/provisioning-status";
import { Card } from "@/components/ui/card";
import { Problem } from "@/components/ui/problem";
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

/** The overview's card, also heading the Provisioning page; the job is read live, so the page passes the reading it started and renders this inside Suspense. */
export async function ProvisioningCard({ reading }: { reading: Promise<Loaded<ProvisioningStatus>> }) {
  const loaded = await reading;
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
                {status.lastCycle.error ? ` (${status.lastCycle.error})` : ""}
              </dd>
            </>
          )}
          {status.lastCycle?.failed !== null && status.lastCycle?.failed !== undefined && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Errors in last cycle</dt>
              <dd data-testid="provisioning-card-errors">
                {status.lastCycle.failed === 0 ? (
                  "None"
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
          {status.token && (
            <Countdown term="SCIM token" expiresAt={status.token.expiresAt} daysLeft={status.token.daysLeft} warnFromDays={TOKEN_WARNING_DAYS} />
          )}
        </dl>
        <FirstProblem problem={status.firstProblem} state={status.state} startLabel="Set up provisioning" />
      </div>
    </Card>
  );
}
