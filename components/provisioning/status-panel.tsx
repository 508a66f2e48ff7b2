import Link from "next/link";
import { isAppError } from "@/lib/errors";
import { provisioningStatus } from "@/lib/provisioning/provisioning-overview";
import type { ProvisioningState } from "@/lib/provisioning/provisioning-status";
import { Card } from "@/components/ui/card";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const badges: Record<ProvisioningState, { label: string; tone: Tone }> = {
  "not-configured": { label: "Not configured", tone: "neutral" },
  "in-progress": { label: "Setup in progress", tone: "neutral" },
  healthy: { label: "Healthy", tone: "good" },
  degraded: { label: "Degraded", tone: "warning" },
  broken: { label: "Broken", tone: "bad" },
};

const utc = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
const day = (d: Date) => d.toISOString().slice(0, 10);

/** The job as Entra reports it now: read live, so the page shows it inside a Suspense boundary. */
export async function StatusPanel() {
  let status;
  try {
    status = await provisioningStatus();
  } catch (e) {
    if (!isAppError(e)) throw e;
    return (
      <Card title="Status" actions={<StatusBadge tone="warning">Unknown</StatusBadge>}>
        <p role="alert" className="text-sm text-amber-800 dark:text-amber-300">Could not read the provisioning job: {e.message}</p>
      </Card>
    );
  }
  const badge = badges[status.state];
  const row = (term: string, value: React.ReactNode) => (
    <>
      <dt className="text-slate-500 dark:text-slate-400">{term}</dt>
      <dd>{value}</dd>
    </>
  );
  return (
    <Card title="Status" actions={<StatusBadge tone={badge.tone}>{badge.label}</StatusBadge>}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm" data-testid="provisioning-status" data-state={status.state}>
        {row("Job state", status.jobCode ?? "unknown")}
        {row("Last cycle", status.lastCycle ? `${status.lastCycle.state}${status.lastCycle.endedAt ? `, ended ${utc(status.lastCycle.endedAt)}` : ""}${status.lastCycle.error ? ` (${status.lastCycle.error})` : ""}` : "none yet")}
        {status.provisioned && row("In AWS", `${status.provisioned.users} users, ${status.provisioned.groups} groups`)}
        {status.token && row("SCIM token", status.token.daysLeft < 0 ? `expired on ${day(status.token.expiresAt)}` : `expires in ${status.token.daysLeft} days (${day(status.token.expiresAt)})`)}
      </dl>
      {status.firstProblem && (
        <p className={`mt-3 text-sm ${status.state === "broken" ? "text-red-700 dark:text-red-400" : ""}`}>
          {status.firstProblem.message}
          {status.firstProblem.href !== "/provisioning" && (
            <>
              {" "}
              <Link href={status.firstProblem.href} className="font-medium text-sky-700 hover:underline dark:text-sky-400">Fix it</Link>
            </>
          )}
        </p>
      )}
    </Card>
  );
}
