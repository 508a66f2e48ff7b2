"use client";

import { useActionState } from "react";
import type { ActionResult } from "@/lib/action";
import { buttonClass, FormStatus, secondaryButtonClass } from "@/components/ui/form-status";

type Action = (previous: unknown, form: FormData) => Promise<ActionResult>;

/**
 * One button that runs a server action (with `fields` as its input), says it is working while it
 * runs, and shows the outcome. `name` tells it apart from its neighbours for a screen reader;
 * `confirmation` is asked first; `once` keeps it disabled after it succeeded (what it acted on is
 * gone); `secondary` draws it as a lesser action.
 */
export function ActionButton({
  action,
  label,
  pendingLabel,
  disabled,
  fields = {},
  name,
  confirmation,
  once,
  secondary,
}: {
  action: Action;
  label: string;
  pendingLabel: string;
  disabled?: boolean;
  fields?: Record<string, string>;
  name?: string;
  confirmation?: string;
  once?: boolean;
  secondary?: boolean;
}) {
  const [state, run, pending] = useActionState(action, null);
  return (
    <form
      action={run}
      onSubmit={(e) => {
        if (confirmation && !window.confirm(confirmation)) e.preventDefault();
      }}
      className="flex flex-wrap items-center gap-3"
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <button
        type="submit"
        disabled={pending || disabled || (once && state?.ok)}
        className={secondary ? secondaryButtonClass : buttonClass}
        aria-label={pending ? undefined : name}
      >
        {pending ? pendingLabel : label}
      </button>
      {pending ? (
        <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
          {pendingLabel}
        </span>
      ) : (
        <FormStatus state={state} />
      )}
    </form>
  );
}
