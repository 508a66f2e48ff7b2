"use client";

import { useActionState } from "react";
import { removeAssignmentAction } from "@/actions/access";
import { FormStatus, secondaryButtonClass } from "@/components/ui/form-status";
import type { AssignmentKey } from "@/lib/aws/account-assignments";

/** Removes one assignment after the person confirms what access disappears. */
export function RemoveAssignment({ assignment, what }: { assignment: AssignmentKey; what: string }) {
  const [state, action, pending] = useActionState(removeAssignmentAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`${what} Remove this assignment?`)) e.preventDefault();
      }}
    >
      {Object.entries(assignment).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <button type="submit" disabled={pending || state?.ok} className={secondaryButtonClass}>
        {pending ? "Removing…" : "Remove"}
      </button>
      <FormStatus state={state} />
    </form>
  );
}
