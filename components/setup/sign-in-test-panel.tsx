import { checkSignInLogsAction, inspectSamlResponseAction } from "@/actions/setup";
import type { FederationStatus } from "@/lib/setup/federation-status";
import { EVIDENCE_SOURCES } from "@/lib/setup/sign-in-proof";
import { utcMinutes } from "@/lib/utc-time";
import { StatusBadge } from "@/components/ui/status-badge";
import { buttonClass } from "@/components/ui/form-status";
import { SamlInspector } from "./saml-inspector";
import { SignInLogCheck } from "./sign-in-log-check";

/** Proof that people can sign in: the access portal to try it, Entra's logs and the SAML response inspector to see what came back. */
export function SignInTestPanel({ proof, portalUrl, canRun }: { proof: FederationStatus["proof"]; portalUrl: string | null; canRun: boolean }) {
  return (
    <section
      id="sign-in-test"
      aria-labelledby="sign-in-test-title"
      className="scroll-mt-4 space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <div>
        <h2 id="sign-in-test-title" className="mb-2 text-base font-semibold">
          Test sign-in
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The steps above say what was configured; only a real sign-in proves that AWS trusts Entra ID and finds the person signing in.
        </p>
      </div>
      {!proof ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Available once the identity source change in AWS is confirmed.</p>
      ) : (
        <>
          <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="sign-in-proof">
            {proof.evidence ? (
              <>
                <StatusBadge tone="good">Proven</StatusBadge>
                <span>
                  {proof.evidence.subject} signed in on {utcMinutes(proof.evidence.observedAt)} UTC (proven by {EVIDENCE_SOURCES[proof.evidence.kind]}).
                </span>
              </>
            ) : (
              <>
                <StatusBadge tone="warning">Confirmed, not proven</StatusBadge>
                <span>
                  {proof.confirmedBy} confirmed the identity source change on {utcMinutes(proof.confirmedAt)} UTC
                  {proof.changeVerifiedAt ? ", and AWS accepting the SCIM token shows it was made" : ""}; no sign-in has proven yet that AWS trusts Entra ID.
                </span>
              </>
            )}
          </p>
          {canRun && (
            <>
              <ol className="ml-5 list-decimal space-y-1 text-sm">
                <li>Open the AWS access portal and sign in as someone assigned to the Entra application (a private window keeps your own session apart).</li>
                <li>Come back and check Entra&apos;s sign-in logs, or paste the SAML response your browser sent to AWS into the inspector.</li>
              </ol>
              {portalUrl ? (
                <a href={portalUrl} target="_blank" rel="noopener noreferrer" className={`${buttonClass} inline-block`}>
                  Open the AWS access portal<span className="sr-only"> (opens in a new tab)</span>
                </a>
              ) : (
                <p className="text-sm text-red-700 dark:text-red-400">The access portal&apos;s address cannot be made: set AWS_ACCESS_PORTAL_URL to it.</p>
              )}
              <SignInLogCheck action={checkSignInLogsAction} />
              <SamlInspector action={inspectSamlResponseAction} />
            </>
          )}
        </>
      )}
    </section>
  );
}
