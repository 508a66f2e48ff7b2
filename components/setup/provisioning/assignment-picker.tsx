"use client";

import { useActionState, useState, useTransition } from "react";
import { assignPrincipalsAction, findPrincipalsAction } from "@/app/(console)/setup/provisioning-actions";
import type { ActionResult } from "@/lib/action";
import type { DirectoryPrincipal } from "@/lib/entra/app-assignments";
import { buttonClass, FormStatus, inputClass, secondaryButtonClass } from "@/components/ui/form-status";

/** Search Entra for users and groups, tick some, assign them to the enterprise application. */
export function AssignmentPicker() {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<ActionResult<DirectoryPrincipal[]> | null>(null);
  const [searching, startSearch] = useTransition();
  const [chosen, setChosen] = useState<Map<string, DirectoryPrincipal>>(new Map());
  const [state, assign, assigning] = useActionState(assignPrincipalsAction, null);

  const search = () => startSearch(async () => setFound(await findPrincipalsAction(null, { query })));
  const toggle = (p: DirectoryPrincipal) =>
    setChosen((current) => {
      const next = new Map(current);
      if (next.has(p.id)) next.delete(p.id);
      else next.set(p.id, p);
      return next;
    });

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex flex-col gap-1">
          <label htmlFor="principal-search" className="text-sm font-medium">Find users and groups</label>
          <input
            id="principal-search"
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                search();
              }
            }}
            placeholder="Name, user name or mail (at least 2 letters)"
            className={`${inputClass} w-80`}
          />
        </div>
        <button type="button" onClick={search} disabled={searching || query.trim().length < 2} className={secondaryButtonClass}>{searching ? "Searching…" : "Search"}</button>
      </div>
      {found && !found.ok && <p role="alert" className="text-sm text-red-700 dark:text-red-400">{found.error}</p>}
      {found?.ok && found.data.length === 0 && <p className="text-sm text-slate-600 dark:text-slate-400">Nobody in Entra matches “{query}”.</p>}
      {found?.ok && found.data.length > 0 && (
        <fieldset className="space-y-1">
          <legend className="sr-only">Search results</legend>
          {found.data.map((p) => (
            <label key={p.id} className="flex items-center gap-2 text-sm">
              <input type="checkbox" checked={chosen.has(p.id)} onChange={() => toggle(p)} />
              <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{p.type === "Group" ? "Group" : "User"}</span>
              <span>{p.displayName}</span>
              {p.detail && <span className="text-slate-500 dark:text-slate-400">{p.detail}</span>}
            </label>
          ))}
        </fieldset>
      )}
      <form action={assign} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="principals" value={[...chosen.values()].map((p) => `${p.type}:${p.id}`).join(",")} />
        <button type="submit" disabled={assigning || chosen.size === 0} className={buttonClass}>
          {assigning ? "Assigning…" : `Assign ${chosen.size || ""} to the application`.replace("  ", " ")}
        </button>
        <FormStatus state={state} />
      </form>
    </div>
  );
}
