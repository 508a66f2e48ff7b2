"use client";

import { useActionState, useState } from "react";
import { assignPrincipalsAction, browseGroupsAction, findPrincipalsAction } from "@/actions/provisioning-setup";
import type { DirectoryPrincipal } from "@/lib/entra/app-assignments";
import { DirectorySearch } from "@/components/ui/directory-search";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

/** Search Entra for users and groups, tick some, assign them to the enterprise application. */
export function AssignmentPicker() {
  const [chosen, setChosen] = useState<Map<string, DirectoryPrincipal>>(new Map());
  const [state, assign, assigning] = useActionState(assignPrincipalsAction, null);
  // Assigned: the next choice starts afresh (adjusted while rendering, once per result).
  const [seen, setSeen] = useState(state);
  if (state !== seen) {
    setSeen(state);
    if (state?.ok) setChosen(new Map());
  }
  const toggle = (p: DirectoryPrincipal) =>
    setChosen((current) => {
      const next = new Map(current);
      if (next.has(p.id)) next.delete(p.id);
      else next.set(p.id, p);
      return next;
    });

  return (
    <div className="space-y-3">
      <DirectorySearch
        id="principal-search"
        label="Find users and groups"
        action={findPrincipalsAction}
        nothingFound={(q) => (q ? `Nobody in Entra matches “${q}”.` : "Entra has no groups.")}
        browse={{ label: "Browse groups", action: browseGroupsAction, listed: "The first 100 groups by name; search to find others." }}
      >
        {(matches) => (
          <fieldset className="space-y-1">
            <legend className="sr-only">Search results</legend>
            {matches.map((p) => (
              <label key={p.id} className="flex items-center gap-2 text-sm">
                <input type="checkbox" checked={chosen.has(p.id)} onChange={() => toggle(p)} />
                <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{p.type === "Group" ? "Group" : "User"}</span>
                <span>{p.displayName}</span>
                {p.detail && <span className="text-slate-500 dark:text-slate-400">{p.detail}</span>}
              </label>
            ))}
          </fieldset>
        )}
      </DirectorySearch>
      {chosen.size > 0 && (
        <fieldset className="space-y-1" data-testid="chosen-principals">
          <legend className="text-sm font-medium">Chosen</legend>
          {[...chosen.values()].map((p) => (
            <label key={p.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked onChange={() => toggle(p)} aria-label={`Keep ${p.displayName} chosen`} />
              <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{p.type === "Group" ? "Group" : "User"}</span>
              <span>{p.displayName}</span>
            </label>
          ))}
        </fieldset>
      )}
      <ActionForm action={assign} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="principals" value={[...chosen.values()].map((p) => `${p.type}:${p.id}`).join(",")} />
        <button type="submit" disabled={assigning || chosen.size === 0} className={buttonClass}>
          {assigning ? "Assigning…" : `Assign ${chosen.size || ""} to the application`.replace("  ", " ")}
        </button>
        <FormStatus state={state} />
      </ActionForm>
    </div>
  );
}
