"use client";

import { useRouter } from "next/navigation";
import { useActionState, useEffect } from "react";
import { deletePermissionSetAction } from "@/actions/access";
import { FormStatus } from "@/components/ui/form-status";

export function DeletePermissionSet({ arn, name, accounts }: { arn: string; name: string; accounts: number }) {
  const router = useRouter();
  const [state, action, pending] = useActionState(deletePermissionSetAction, null);
  useEffect(() => {
    if (state?.ok) router.push(`/access?deleted=${encodeURIComponent(state.data.name)}`);
  }, [state, router]);
  if (accounts > 0) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-400">
        {name} is in use in {accounts === 1 ? "one account" : `${accounts} accounts`}. Remove its assignments first; AWS refuses to delete a permission set in
        use.
      </p>
    );
  }
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Delete the permission set ${name}? It is not assigned anywhere, so nobody loses access, but it cannot be restored.`))
          e.preventDefault();
      }}
      className="flex flex-wrap items-center gap-3"
    >
      <input type="hidden" name="arn" value={arn} />
      <button
        type="submit"
        disabled={pending}
        className="rounded-md border border-red-300 px-3 py-1.5 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-60 dark:border-red-800 dark:text-red-400 dark:hover:bg-red-950"
      >
        {pending ? "Deleting…" : "Delete permission set"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}
