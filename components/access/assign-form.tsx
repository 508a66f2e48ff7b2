"use client";

import { useActionState, useState } from "react";
import { assignAccessAction, searchPrincipalsAction } from "@/actions/access";
import { AccountTree } from "@/components/access/account-tree";
import { DirectorySearch } from "@/components/ui/directory-search";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import type { OrgUnit } from "@/lib/aws/organization-accounts";
import type { Principal } from "@/lib/aws/identity-store-principals";
import { ActionForm } from "@/components/ui/action-form";

export function AssignForm({
  root,
  permissionSets,
  initialAccounts,
  initialPermissionSet,
  coverage,
}: {
  root: OrgUnit;
  permissionSets: { arn: string; name: string }[];
  initialAccounts: string[];
  initialPermissionSet: string | null;
  /** what the principal search covers */
  coverage: string;
}) {
  const [state, action, pending] = useActionState(assignAccessAction, null);
  const [principal, setPrincipal] = useState<Principal | null>(null);
  const [permissionSet, setPermissionSet] = useState(initialPermissionSet ?? permissionSets[0]?.arn ?? "");
  const [accounts, setAccounts] = useState(new Set(initialAccounts));
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const onChange = (ids: string[], on: boolean) => {
    const next = new Set(accounts);
    for (const id of ids)
      if (on) next.add(id);
      else next.delete(id);
    setAccounts(next);
  };
  return (
    <div className="space-y-6">
      <section aria-labelledby="assign-who" className="space-y-2">
        <h3 id="assign-who" className="text-sm font-semibold">
          1. Who
        </h3>
        {principal ? (
          <p className="text-sm" data-testid="assign-principal">
            {principal.type === "GROUP" ? "Group" : "User"} <span className="font-medium">{principal.name}</span>{" "}
            <button type="button" onClick={() => setPrincipal(null)} className="ml-2 text-sky-700 underline dark:text-sky-400">
              Change
            </button>
          </p>
        ) : (
          <DirectorySearch
            id="assign-search"
            label="Provisioned user or group"
            placeholder="Part of a name (at least 2 letters)"
            action={searchPrincipalsAction}
            hint={coverage}
            nothingFound={(q) =>
              `No user or group in AWS matches “${q}”. Only provisioned users and groups can be given access: check that provisioning has brought them to AWS.`
            }
          >
            {(matches) => (
              <ul
                className="divide-y divide-slate-200 rounded border border-slate-200 text-sm dark:divide-slate-800 dark:border-slate-800"
                aria-label="Matching users and groups"
              >
                {matches.map((m) => (
                  <li key={m.id} className="flex items-center justify-between gap-2 px-3 py-1.5">
                    <span>
                      <span className="mr-2 rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{m.type === "GROUP" ? "Group" : "User"}</span>
                      {m.name} {m.detail && <span className="text-xs text-slate-500 dark:text-slate-400">{m.detail}</span>}
                    </span>
                    <button type="button" onClick={() => setPrincipal(m)} className="text-sky-700 underline dark:text-sky-400" aria-label={`Choose ${m.name}`}>
                      Choose
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </DirectorySearch>
        )}
        {errors?.principalId && (
          <p role="alert" className="text-xs text-red-700 dark:text-red-400">
            {errors.principalId}
          </p>
        )}
      </section>

      <section aria-labelledby="assign-what" className="space-y-2">
        <h3 id="assign-what" className="text-sm font-semibold">
          2. With which permission set
        </h3>
        {permissionSets.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">There are no permission sets yet: create one first.</p>
        ) : (
          <div className="flex flex-col gap-1">
            <label htmlFor="assign-permission-set" className="text-sm font-medium">
              Permission set
            </label>
            <select
              id="assign-permission-set"
              value={permissionSet}
              onChange={(e) => setPermissionSet(e.target.value)}
              className={`${inputClass} w-full sm:w-72`}
            >
              {permissionSets.map((p) => (
                <option key={p.arn} value={p.arn}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </section>

      <section aria-labelledby="assign-where" className="space-y-2">
        <h3 id="assign-where" className="text-sm font-semibold">
          3. In which accounts <span className="font-normal text-slate-500">({accounts.size} chosen)</span>
        </h3>
        <AccountTree root={root} selection={{ selected: accounts, onChange }} idPrefix="assign" />
        {errors?.accountIds && (
          <p role="alert" className="text-xs text-red-700 dark:text-red-400">
            {errors.accountIds}
          </p>
        )}
      </section>

      <ActionForm action={action} className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="principalType" value={principal?.type ?? "GROUP"} />
        <input type="hidden" name="principalId" value={principal?.id ?? ""} />
        <input type="hidden" name="permissionSetArn" value={permissionSet} />
        <input type="hidden" name="accountIds" value={[...accounts].join(",")} />
        <button type="submit" disabled={pending || !principal || !permissionSet || accounts.size === 0} className={buttonClass}>
          {pending ? "Checking the order…" : `Assign in ${accounts.size} ${accounts.size === 1 ? "account" : "accounts"}`}
        </button>
        <FormStatus state={state} />
      </ActionForm>
    </div>
  );
}
