import Link from "next/link";
import { isAppError } from "@/lib/errors";
import { provisioningStatus } from "@/lib/provisioning/provisioning-overview";
import type { ProvisioningState } from "@/lib/provisioning/provisioning-status";
import { Card } from "@/components/ui/card";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const states: Record<ProvisioningState, { label: string; tone: Tone; summary: string }> = {
  "not-configured": { label: "Not configured", tone: "neutral", summary: "Automatic provisioning of users and groups to AWS (SCIM) has not been set up through SSO Bridge." },
  "in-progress": { label: "In progress", tone: "neutral", summary: "Provisioning setup has started and is not finished." },
  healthy: { label: "Healthy", tone: "good", summary: "Entra keeps the assigned users and groups in step with AWS." },
  degraded: { label: "Degraded", tone: "warning", summary: "Provisioning runs, but something needs attention." },
  broken: { label: "Broken", tone: "bad", summary: "Changes in Entra are not reaching AWS." },
};

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
const utc = (d: Date) => `${d.toLocaleString("en-GB", { timeZone: "UTC" })} UTC`;

/** The overview's card, also heading the Provisioning page; it reads the job live, so render it inside Suspense. */
export async function ProvisioningCard() {
  let status;
  try {
    status = await provisioningStatus();
  } catch (e) {
    if (!isAppError(e)) throw e;
    return (
      <Card title="Provisioning" actions={<StatusBadge tone="warning">Unknown</StatusBadge>}>
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300" data-testid="provisioning-card" data-state="unknown">Could not read the provisioning job: {e.message}</p>
      </Card>
    );
  }
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
          {status.lastSuccessAt && status.lastCycle?.state !== "Succeeded" && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Last success</dt>
              <dd>{utc(status.lastSuccessAt)}</dd>
            </>
          )}
          {status.provisioned && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">In AWS</dt>
              <dd>{plural(status.provisioned.users, "user")}, {plural(status.provisioned.groups, "group")}</dd>
            </>
          )}
          {status.token && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">SCIM token</dt>
              <dd className={status.token.daysLeft < 0 ? "text-red-700 dark:text-red-400" : status.token.daysLeft <= 30 ? "text-amber-800 dark:text-amber-300" : undefined}>
                {status.token.daysLeft < 0 ? `expired on ${status.token.expiresAt.toISOString().slice(0, 10)}` : `expires in ${status.token.daysLeft} days (${status.token.expiresAt.toISOString().slice(0, 10)})`}
              </dd>
            </>
          )}
        </dl>
        {status.firstProblem && (
          <p className={status.state === "broken" ? "text-red-700 dark:text-red-400" : undefined}>
            {status.firstProblem.message}{" "}
            <Link href={status.firstProblem.href} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
              {status.state === "not-configured" ? "Set up provisioning" : status.state === "in-progress" ? "Continue setup" : "Fix it"}
            </Link>
          </p>
        )}
      </div>
    </Card>
  );
}
