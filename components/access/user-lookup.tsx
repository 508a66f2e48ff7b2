"use client";

import Link from "next/link";
import { searchPrincipalsAction } from "@/actions/access";
import { DirectorySearch } from "@/components/ui/directory-search";

/** Finds a provisioned user and leads to what they can reach. */
export function UserLookup({ coverage }: { coverage: string }) {
  return (
    <DirectorySearch
      id="user-lookup"
      label="What can this person reach?"
      placeholder="Part of a name or user name"
      action={searchPrincipalsAction}
      nothingFound={(q) => `No user in AWS matches “${q}”.`}
      hint={coverage}
    >
      {(matches) => {
        const users = matches.filter((m) => m.type === "USER");
        if (users.length === 0)
          return (
            <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
              Only groups match; search for a person&apos;s name.
            </p>
          );
        return (
          <ul className="text-sm" aria-label="Matching users">
            {users.map((u) => (
              <li key={u.id} className="py-0.5">
                <Link href={`/access/users/${u.id}`} className="text-sky-700 underline dark:text-sky-400">
                  {u.name}
                </Link>{" "}
                {u.detail && <span className="text-xs text-slate-500 dark:text-slate-400">{u.detail}</span>}
              </li>
            ))}
          </ul>
        );
      }}
    </DirectorySearch>
  );
}
