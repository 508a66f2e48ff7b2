"use client";

import { useActionState } from "react";
import { unassignPrincipalAction } from "@/actions/provisioning-setup";
import { FormStatus, secondaryButtonClass } from "@/components/ui/form-status";

export function UnassignButton({ assignmentId, name }: { assignmentId: string; name: string }) {
  const [state, action, pending] = useActionState(unassignPrincipalAction, null);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (
          !window.confirm(
            `Remove ${name} from the application? At its next cycle Entra removes ${name} from AWS (a group's memberships disappear with it), and with them their AWS access.`,
          )
        )
          e.preventDefault();
      }}
      className="inline-flex items-center gap-2"
    >
      <input type="hidden" name="assignmentId" value={assignmentId} />
      <button type="submit" disabled={pending} className={secondaryButtonClass} aria-label={`Remove ${name}`}>
        {pending ? "Removing…" : "Remove"}
      </button>
      <FormStatus state={state && !state.ok ? state : null} />
    </form>
  );
}
