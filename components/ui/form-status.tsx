import type { ActionResult } from "@/lib/action";
import { LinkedText } from "@/components/ui/linked-text";

export function FormStatus({ state }: { state: ActionResult | null }) {
  if (!state) return null;
  return state.ok ? (
    <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
      <LinkedText text={state.message ?? "Saved."} />
    </p>
  ) : (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      <LinkedText text={state.error} />
    </p>
  );
}

export const inputClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950";

// White on sky-700 is 5.9:1; sky-600 was 4.1:1, below WCAG AA for text.
export const buttonClass = "rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60";

export const secondaryButtonClass =
  "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-60 dark:border-slate-700 dark:hover:bg-slate-800";
