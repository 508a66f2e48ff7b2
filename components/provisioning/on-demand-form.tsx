"use client";

import { useActionState, useState } from "react";
import { findUsersAction, provisionOnDemandAction } from "@/actions/provisioning";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";
import { DirectorySearch } from "@/components/ui/directory-search";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

const tone = (status: string): Tone =>
  /^success$/i.test(status) ? "good" : /^(failure|failed)$/i.test(status) ? "bad" : /^(skipped|warning)$/i.test(status) ? "warning" : "neutral";

/** Find a user, push them to AWS now, and show each step Entra took. */
export function OnDemandForm() {
  const [userId, setUserId] = useState("");
  const [state, run, running] = useActionState(provisionOnDemandAction, null);

  return (
    <div className="space-y-3">
      <ActionForm action={run} className="space-y-3">
        <DirectorySearch id="on-demand-search" label="Find a user" action={findUsersAction} nothingFound={(q) => `No user in Entra matches “${q}”.`}>
          {(users) => (
            <fieldset className="space-y-1">
              <legend className="text-sm font-medium">Users found</legend>
              {users.map((u) => (
                <label key={u.id} className="flex items-center gap-2 text-sm">
                  <input type="radio" name="userId" value={u.id} checked={userId === u.id} onChange={() => setUserId(u.id)} />
                  <span>{u.displayName}</span>
                  {u.detail && <span className="text-slate-500 dark:text-slate-400">{u.detail}</span>}
                </label>
              ))}
            </fieldset>
          )}
        </DirectorySearch>
        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" disabled={running || !userId} className={buttonClass}>
            {running ? "Provisioning…" : "Provision now"}
          </button>
          {running ? (
            <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
              Entra is provisioning the user…
            </span>
          ) : (
            <FormStatus state={state} />
          )}
        </div>
      </ActionForm>
      {state?.ok && (
        <ol className="space-y-2 text-sm" aria-label="Steps Entra took">
          {state.data.steps.map((s, i) => (
            <li key={i} className="rounded-md border border-slate-200 p-2 dark:border-slate-800">
              <div className="flex items-center gap-2">
                <StatusBadge tone={tone(s.status)}>{s.status}</StatusBadge>
                <span className="font-medium">{s.name}</span>
              </div>
              {s.description && <p className="mt-1 text-slate-700 dark:text-slate-300">{s.description}</p>}
              {Object.keys(s.details).length > 0 && (
                <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 text-xs text-slate-600 dark:text-slate-400">
                  {Object.entries(s.details).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt>{k}</dt>
                      <dd className="break-all">{v}</dd>
                    </div>
                  ))}
                </dl>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
