"use client";

import { useActionState, useId } from "react";
import { mirrorSettingsAction } from "@/actions/mirrors";
import { ActionForm } from "@/components/ui/action-form";
import { FormStatus, inputClass, secondaryButtonClass } from "@/components/ui/form-status";

/** How a mirror treats hand edits, and the largest share of its members one run removes without asking. */
export function MirrorSettings({ mirrorId, handEdits, removalGuardPercent }: { mirrorId: string; handEdits: string; removalGuardPercent: number }) {
  const [state, run, pending] = useActionState(mirrorSettingsAction, null);
  const id = useId();
  return (
    <ActionForm action={run} state={state} className="flex flex-wrap items-end gap-3 text-sm">
      <input type="hidden" name="mirrorId" value={mirrorId} />
      <label htmlFor={`${id}-edits`} className="flex flex-col gap-1">
        Hand edits in Entra
        <select id={`${id}-edits`} name="handEdits" defaultValue={handEdits} className={inputClass}>
          <option value="correct">Report and correct them</option>
          <option value="leave">Report and leave them</option>
        </select>
      </label>
      <label htmlFor={`${id}-guard`} className="flex flex-col gap-1">
        Hold removals above (% of members)
        <input
          id={`${id}-guard`}
          name="removalGuardPercent"
          type="number"
          min={1}
          max={100}
          defaultValue={removalGuardPercent}
          className={`${inputClass} w-24`}
          aria-invalid={state && !state.ok && state.fieldErrors?.removalGuardPercent ? true : undefined}
        />
      </label>
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        {pending ? "Saving…" : "Save settings"}
      </button>
      <FormStatus state={state} />
    </ActionForm>
  );
}
