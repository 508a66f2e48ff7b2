import Link from "next/link";
import type { FederationState, FederationStatus } from "@/lib/setup/federation-status";
import { Card } from "@/components/ui/card";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const states: Record<FederationState, { label: string; tone: Tone; summary: string }> = {
  "not-configured": { label: "Not configured", tone: "neutral", summary: "SAML single sign-on from Entra ID to IAM Identity Center has not been set up through SSO Bridge." },
  "in-progress": { label: "In progress", tone: "neutral", summary: "Setup has started and is not finished." },
  configured: { label: "Configured", tone: "good", summary: "Entra ID signs people in to IAM Identity Center, and the last check found nothing wrong." },
  degraded: { label: "Degraded", tone: "warning", summary: "Federation is set up, but something needs attention soon." },
  broken: { label: "Broken", tone: "bad", summary: "Sign-in to AWS through Entra ID is likely failing." },
};

const utc = (d: Date) => `${d.toLocaleString("en-GB", { timeZone: "UTC" })} UTC`;

export function FederationCard({ status }: { status: FederationStatus }) {
  const s = states[status.state];
  return (
    <Card title="Federation" actions={<StatusBadge tone={s.tone}>{s.label}</StatusBadge>}>
      <div className="space-y-2 text-sm" data-testid="federation-card" data-state={status.state}>
        <p className="text-slate-600 dark:text-slate-400">{s.summary}</p>
        {status.state === "in-progress" && <p>{status.stepsDone} of {status.stepsTotal} steps done.</p>}
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-500 dark:text-slate-400">Last verified</dt>
          <dd>{status.lastVerifiedAt ? utc(status.lastVerifiedAt) : "Never"}</dd>
          {status.certificate && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Signing certificate</dt>
              <dd className={status.certificate.daysLeft < 0 ? "text-red-700 dark:text-red-400" : status.certificate.daysLeft <= 60 ? "text-amber-800 dark:text-amber-300" : undefined}>
                {status.certificate.daysLeft < 0
                  ? `expired on ${status.certificate.notAfter.toISOString().slice(0, 10)}`
                  : `expires in ${status.certificate.daysLeft} days (${status.certificate.notAfter.toISOString().slice(0, 10)})`}
              </dd>
            </>
          )}
        </dl>
        {status.firstProblem && (
          <p className={status.state === "broken" ? "text-red-700 dark:text-red-400" : undefined}>
            {status.firstProblem.message}{" "}
            <Link href={status.firstProblem.href} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
              {status.state === "not-configured" ? "Start setup" : status.state === "in-progress" ? "Continue setup" : "Fix it"}
            </Link>
          </p>
        )}
      </div>
    </Card>
  );
}
