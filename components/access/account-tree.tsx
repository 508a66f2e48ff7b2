"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { inputClass } from "@/components/ui/form-status";
import type { OrgAccount, OrgUnit } from "@/lib/aws/organization-accounts";

type Selection = { selected: Set<string>; onChange: (ids: string[], on: boolean) => void };

const matches = (a: OrgAccount, needle: string) => !needle || [a.name, a.id, a.email ?? ""].some((v) => v.toLowerCase().includes(needle));

function visible(unit: OrgUnit, needle: string): { accounts: OrgAccount[]; units: { unit: OrgUnit; shown: ReturnType<typeof visible> }[]; count: number } {
  const accounts = unit.accounts.filter((a) => matches(a, needle));
  const units = unit.units.map((u) => ({ unit: u, shown: visible(u, needle) })).filter((u) => u.shown.count > 0);
  return { accounts, units, count: accounts.length + units.reduce((n, u) => n + u.shown.count, 0) };
}

function allIds(shown: ReturnType<typeof visible>): string[] {
  return [...shown.accounts.map((a) => a.id), ...shown.units.flatMap((u) => allIds(u.shown))];
}

/** The organization as units and accounts, filterable; with `selection`, accounts and whole units can be ticked. */
export function AccountTree({ root, selection, idPrefix = "tree" }: { root: OrgUnit; selection?: Selection; idPrefix?: string }) {
  const [filter, setFilter] = useState("");
  const needle = filter.trim().toLowerCase();
  const shown = useMemo(() => visible(root, needle), [root, needle]);
  return (
    <div className="space-y-2">
      <div className="flex flex-col gap-1">
        <label htmlFor={`${idPrefix}-filter`} className="text-sm font-medium">
          Filter accounts
        </label>
        <input
          id={`${idPrefix}-filter`}
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="Name, id or email"
          className={`${inputClass} w-full sm:w-72`}
        />
      </div>
      {shown.count === 0 ? (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          No account matches “{filter}”.
        </p>
      ) : (
        <UnitView unit={root} shown={shown} selection={selection} open />
      )}
    </div>
  );
}

function UnitView({ unit, shown, selection, open }: { unit: OrgUnit; shown: ReturnType<typeof visible>; selection?: Selection; open?: boolean }) {
  const ids = allIds(shown);
  const ticked = selection ? ids.filter((id) => selection.selected.has(id)).length : 0;
  return (
    <details open={open ?? true} className="ml-1">
      <summary className="cursor-pointer text-sm font-medium">
        {unit.name} <span className="font-normal text-slate-500 dark:text-slate-400">({shown.count})</span>
      </summary>
      {/* Beside the summary, not in it: a control inside <summary> is a control inside a control. */}
      {selection && ids.length > 0 && (
        <button
          type="button"
          className="ml-4 text-xs font-normal text-sky-700 underline dark:text-sky-400"
          onClick={() => selection.onChange(ids, ticked < ids.length)}
        >
          {ticked < ids.length ? `Select all in ${unit.name}` : `Clear ${unit.name}`}
        </button>
      )}
      <ul className="ml-4 border-l border-slate-200 pl-3 dark:border-slate-800">
        {shown.accounts.map((a) => (
          <li key={a.id} className="py-0.5 text-sm">
            {selection ? (
              <label className="flex items-center gap-2">
                <input type="checkbox" checked={selection.selected.has(a.id)} onChange={(e) => selection.onChange([a.id], e.target.checked)} />
                <span>{a.name}</span>
                <span className="text-xs text-slate-500 dark:text-slate-400">{a.id}</span>
              </label>
            ) : (
              <>
                <Link href={`/access/accounts/${a.id}`} className="text-sky-700 underline dark:text-sky-400">
                  {a.name}
                </Link>{" "}
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {a.id}
                  {a.status && a.status !== "ACTIVE" ? ` · ${a.status.toLowerCase()}` : ""}
                </span>
              </>
            )}
          </li>
        ))}
        {shown.units.map(({ unit: u, shown: s }) => (
          <li key={u.id}>
            <UnitView unit={u} shown={s} selection={selection} />
          </li>
        ))}
      </ul>
    </details>
  );
}
