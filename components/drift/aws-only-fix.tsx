"use client";

import { useActionState, useId } from "react";
import { keepInAwsAction } from "@/actions/drift";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";

/** Keeps an object only AWS has, with the reason it stays; later scans leave it out. */
export function KeepInAws({ scanId, seq, subject }: { scanId: string; seq: number; subject: string }) {
  const [state, action, pending] = useActionState(keepInAwsAction, null);
  const id = useId();
  const error = state && !state.ok ? state.fieldErrors?.reason : undefined;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-sky-700 underline dark:text-sky-400" aria-label={`Keep it… ${subject}`}>
        Keep it…
      </summary>
      <form action={action} className="mt-2 flex flex-wrap items-end gap-3">
        <input type="hidden" name="scanId" value={scanId} />
        <input type="hidden" name="seqs" value={String(seq)} />
        <label htmlFor={id} className="flex flex-col gap-1">
          <span>Why {subject} stays in AWS</span>
          <input
            id={id}
            name="reason"
            required
            minLength={3}
            maxLength={500}
            placeholder="Break-glass access for the platform team"
            className={inputClass}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
        </label>
        <button type="submit" disabled={pending || state?.ok} className={buttonClass}>
          {pending ? "Keeping…" : "Keep"}
        </button>
        {error ? (
          <p id={`${id}-error`} role="alert" className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : (
          <FormStatus state={state} />
        )}
      </form>
    </details>
  );
}
