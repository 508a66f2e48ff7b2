"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/action";
import { inputClass, secondaryButtonClass } from "@/components/ui/form-status";
import { LinkedText } from "@/components/ui/linked-text";

type SearchAction<T> = (previous: unknown, input: { query: string }) => Promise<ActionResult<T[]>>;

const MIN_QUERY = 2;

/**
 * A search box over a directory's users and groups (Entra's, or the AWS identity store's), with its
 * error and empty states; what to do with the matches is the caller's, through `children`.
 */
export function DirectorySearch<T>({
  id,
  label,
  action,
  nothingFound,
  placeholder = `Name, user name or mail (at least ${MIN_QUERY} letters)`,
  browse,
  hint,
  children,
}: {
  id: string;
  label: string;
  action: SearchAction<T>;
  nothingFound: (query: string) => string;
  placeholder?: string;
  /** a button that lists without a search (the directory's groups, for instance) */
  browse?: { label: string; action: SearchAction<T>; listed: string };
  /** what the search covers, said under the box */
  hint?: string;
  children: (matches: T[]) => React.ReactNode;
}) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ query: string; result: ActionResult<T[]> } | null>(null);
  const [searching, startSearch] = useTransition();
  const ready = query.trim().length >= MIN_QUERY;
  const search = () => startSearch(async () => setFound({ query, result: await action(null, { query }) }));
  const list = () => browse && startSearch(async () => setFound({ query: "", result: await browse.action(null, { query: "" }) }));
  return (
    <>
      <div className="flex flex-wrap items-end gap-2">
        <div className="flex w-full flex-col gap-1 sm:w-auto">
          <label htmlFor={id} className="text-sm font-medium">
            {label}
          </label>
          <input
            id={id}
            type="search"
            value={query}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter") {
                e.preventDefault();
                if (ready) search();
              }
            }}
            placeholder={placeholder}
            className={`${inputClass} w-full sm:w-80`}
          />
        </div>
        <button type="button" onClick={search} disabled={searching || !ready} className={secondaryButtonClass}>
          {searching ? "Searching…" : "Search"}
        </button>
        {browse && (
          <button type="button" onClick={list} disabled={searching} className={secondaryButtonClass}>
            {browse.label}
          </button>
        )}
      </div>
      {hint && <p className="text-xs text-slate-600 dark:text-slate-400">{hint}</p>}
      {found?.result.ok && found.query === "" && browse && <p className="text-sm text-slate-600 dark:text-slate-400">{browse.listed}</p>}
      {found && !found.result.ok && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          <LinkedText text={found.result.error} />
        </p>
      )}
      {found?.result.ok && found.result.data.length === 0 && (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {nothingFound(found.query)}
        </p>
      )}
      {found?.result.ok && found.result.data.length > 0 && children(found.result.data)}
    </>
  );
}
