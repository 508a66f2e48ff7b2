import { CERTIFICATE_WARNING_DAYS } from "@/lib/setup/certificate-policy";
import type { FederationState, FederationStatus } from "@/lib/setup/federation-status";
import { EVIDENCE_SOURCES } from "@/lib/setup/sign-in-proof";
import { Card } from "@/components/ui/card";
import { Countdown, FirstProblem, utc } from "./card-parts";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

const states: Record<FederationState, { label: string; tone: Tone; summary: string }> = {
  "not-configured": {
    label: "Not configured",
    tone: "neutral",
    summary: "SAML single sign-on from Entra ID to IAM Identity Center has not been set up through SSO Bridge.",
  },
  "in-progress": { label: "In progress", tone: "neutral", summary: "Setup has started and is not finished." },
  unverified: {
    label: "Not proven",
    tone: "warning",
    summary: "Setup is finished and the configuration matches, but no sign-in has proven yet that AWS trusts Entra ID. A test sign-in proves it.",
  },
  configured: {
    label: "Working",
    tone: "good",
    summary: "A sign-in proved that Entra ID signs people in to IAM Identity Center, and the last check found nothing wrong.",
  },
  degraded: { label: "Degraded", tone: "warning", summary: "Federation is set up, but something needs attention soon." },
  broken: { label: "Broken", tone: "bad", summary: "Sign-in to AWS through Entra ID is likely failing." },
};

export function FederationCard({ status }: { status: FederationStatus }) {
  const s = states[status.state];
  return (
    <Card title="Federation" actions={<StatusBadge tone={s.tone}>{s.label}</StatusBadge>}>
      <div className="space-y-2 text-sm" data-testid="federation-card" data-state={status.state}>
        <p className="text-slate-600 dark:text-slate-400">{s.summary}</p>
        {status.state === "in-progress" && (
          <p>
            {status.stepsDone} of {status.stepsTotal} steps done.
          </p>
        )}
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
          <dt className="text-slate-500 dark:text-slate-400">Configuration checked</dt>
          <dd>{status.lastVerifiedAt ? utc(status.lastVerifiedAt) : "Never"}</dd>
          {status.proof && (
            <>
              <dt className="text-slate-500 dark:text-slate-400">Identity source</dt>
              <dd data-testid="federation-identity-source">
                confirmed by {status.proof.confirmedBy} on {utc(status.proof.confirmedAt)};{" "}
                {status.proof.changeVerifiedAt
                  ? `verified on ${utc(status.proof.changeVerifiedAt)} (AWS accepted the SCIM token, which it does only with an external identity provider)`
                  : "not verified: AWS accepting the SCIM token at step 7 verifies it"}
              </dd>
              <dt className="text-slate-500 dark:text-slate-400">Sign-in</dt>
              <dd data-testid="federation-proof">
                {status.proof.evidence
                  ? `proven by ${status.proof.evidence.subject} on ${utc(status.proof.evidence.observedAt)} (${EVIDENCE_SOURCES[status.proof.evidence.kind]})`
                  : "not proven yet"}
              </dd>
            </>
          )}
          {status.certificate && (
            <Countdown
              term="Signing certificate"
              expiresAt={status.certificate.notAfter}
              daysLeft={status.certificate.daysLeft}
              warnFromDays={CERTIFICATE_WARNING_DAYS}
            />
          )}
        </dl>
        <FirstProblem problem={status.firstProblem} state={status.state} startLabel="Start setup" />
      </div>
    </Card>
  );
}
