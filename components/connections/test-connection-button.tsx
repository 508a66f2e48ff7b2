"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/action";
import { FormStatus, secondaryButtonClass } from "@/components/ui/form-status";

type Action = (previous: unknown, form: FormData) => Promise<ActionResult<{ ok: boolean }>>;

/** Runs a connection test; the result itself is rendered by the page from the stored outcome. */
export function TestConnectionButton({ action, label, disabled }: { action: Action; label: string; disabled?: boolean }) {
  const [state, run, pending] = useActionState(action, null);
  return (
    <form action={run} className="flex items-center gap-3">
      <button type="submit" disabled={pending || disabled} className={secondaryButtonClass}>
        {pending ? "Testing…" : label}
      </button>
      {pending ? (
        <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
          Contacting the cloud…
        </span>
      ) : (
        <FormStatus state={state && !state.ok ? state : null} />
      )}
    </form>
  );
}
