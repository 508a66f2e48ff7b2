"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/action";
import type { SignInLogEntry } from "@/lib/setup/sign-in-proof";
import { utcMinutes } from "@/lib/utc-time";
import { FormStatus, secondaryButtonClass } from "@/components/ui/form-status";

type Action = (previous: unknown, form: FormData) => Promise<ActionResult<{ entries: SignInLogEntry[]; proven: SignInLogEntry | null }>>;

/** Reads Entra's sign-in logs for the application and lists what they show. */
export function SignInLogCheck({ action }: { action: Action }) {
  const [state, run, pending] = useActionState(action, null);
  const entries = state?.ok ? state.data.entries : null;
  return (
    <form action={run} className="space-y-2">
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={secondaryButtonClass}>
          {pending ? "Reading Entra's sign-in logs…" : "Check Entra's sign-in logs"}
        </button>
        {pending ? (
          <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
            Reading Entra&apos;s sign-in logs…
          </span>
        ) : (
          <FormStatus state={state} />
        )}
      </div>
      {entries && entries.length > 0 && (
        <ul className="space-y-1 text-sm" data-testid="sign-in-log">
          {entries.slice(0, 10).map((e) => (
            <li key={e.id}>
              {utcMinutes(e.at)} UTC · {e.userDisplayName} ({e.userPrincipalName}) ·{" "}
              {e.errorCode === 0 ? (
                <span className="text-emerald-800 dark:text-emerald-300">signed in</span>
              ) : (
                <span className="text-red-700 dark:text-red-400">
                  failed, AADSTS{e.errorCode}
                  {e.failureReason ? `: ${e.failureReason}` : ""}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
