"use client";

import { useActionState } from "react";
import { verifyChainAction } from "@/actions/audit";
import { FormStatus, secondaryButtonClass } from "@/components/ui/form-status";

export function VerifyChainButton() {
  const [state, action, pending] = useActionState(verifyChainAction, null);
  return (
    <form action={action} className="flex flex-wrap items-center gap-3">
      <button type="submit" disabled={pending} className={secondaryButtonClass}>
        {pending ? "Checking every event…" : "Verify the chain"}
      </button>
      <FormStatus state={state} />
      {state?.ok && state.data.notes.length > 0 && (
        <ul className="w-full list-disc pl-5 text-xs text-slate-600 dark:text-slate-400">
          {state.data.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
