import Link from "next/link";
import { federationCheckAction } from "@/actions/setup";
import type { Finding } from "@/lib/setup/federation-check";
import { stepHref, STEPS } from "@/lib/setup/step-definitions";
import { StatusBadge } from "@/components/ui/status-badge";
import { ActionButton } from "@/components/ui/action-button";
import { utcMinutes } from "@/lib/utc-time";
import { LinkedText } from "@/components/ui/linked-text";

export function FederationCheckPanel({
  lastCheck,
  canRun,
  allDone,
}: {
  lastCheck: { checkedAt: Date; findings: Finding[] } | null;
  canRun: boolean;
  allDone: boolean;
}) {
  return (
    <section
      id="check"
      aria-labelledby="check-title"
      className="scroll-mt-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="check-title" className="mb-2 text-base font-semibold">
        Consistency check
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Compares the Entra application's SAML settings with AWS's metadata and with Entra's federation metadata, live. Run it whenever you like. It checks
        configuration only; the test sign-in below proves that sign-in works.
      </p>
      {lastCheck ? (
        <div className="mt-3 space-y-2 text-sm" data-testid="federation-check">
          <p className="flex items-center gap-2">
            <StatusBadge tone={lastCheck.findings.some((f) => f.severity === "error") ? "bad" : lastCheck.findings.length ? "warning" : "good"}>
              {lastCheck.findings.length ? `${lastCheck.findings.length} finding${lastCheck.findings.length === 1 ? "" : "s"}` : "Configuration matches"}
            </StatusBadge>
            <span className="text-slate-500 dark:text-slate-400">checked {utcMinutes(lastCheck.checkedAt)} UTC</span>
          </p>
          {lastCheck.findings.length > 0 && (
            <ul className="ml-5 list-disc space-y-1">
              {lastCheck.findings.map((f, i) => (
                <li key={i} className={f.severity === "error" ? "text-red-700 dark:text-red-400" : "text-amber-800 dark:text-amber-300"}>
                  <LinkedText text={f.message} />{" "}
                  <Link href={stepHref(f.step)} className="underline">
                    Fix in “{STEPS[f.step].title}”
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-500 dark:text-slate-400">{allDone ? "Not run yet." : "It runs by itself once the last step is confirmed."}</p>
      )}
      {canRun && (
        <div className="mt-3">
          <ActionButton action={federationCheckAction} label="Run the check" pendingLabel="Checking Entra and AWS…" />
        </div>
      )}
    </section>
  );
}
