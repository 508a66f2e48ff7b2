"use client";

import { useActionState, useId } from "react";
import { mirrorGroupAction } from "@/actions/mirrors";
import { ActionForm } from "@/components/ui/action-form";
import { buttonClass, FormStatus } from "@/components/ui/form-status";

/**
 * Mirrors one group, asking first. Swapping the source's assignment for the mirror's is offered
 * where the source is assigned: AWS then holds the people once. The swap waits until the mirror is
 * in AWS and holds the source's AWS access there, since Entra removes the source group from AWS.
 */
export function MirrorThisGroup({ groupId, groupName, assigned, disabled }: { groupId: string; groupName: string; assigned: boolean; disabled?: boolean }) {
  const [state, run, pending] = useActionState(mirrorGroupAction, null);
  const swapId = useId();
  return (
    <ActionForm
      action={(form) => {
        const swap = form.get("swapAssignment") === "on";
        const question = `Create “${groupName} (AWS)” in Entra with everyone “${groupName}” reaches through nesting, and assign it to the enterprise application?${
          swap
            ? `\n\nOnce Entra has brought the mirror to AWS, SSO Bridge gives it the AWS access assigned to “${groupName}” there and then removes “${groupName}” from the application; Entra's next cycle then removes “${groupName}” from AWS.`
            : ""
        }`;
        if (window.confirm(question)) run(form);
      }}
      className="flex flex-wrap items-center gap-3"
    >
      <input type="hidden" name="sourceGroupId" value={groupId} />
      {assigned && (
        <label htmlFor={swapId} className="flex items-center gap-2 text-sm">
          <input id={swapId} type="checkbox" name="swapAssignment" />
          Assign the mirror in place of the group
        </label>
      )}
      <button
        type="submit"
        className={buttonClass}
        disabled={pending || disabled || state?.ok}
        aria-label={pending ? undefined : `Mirror this group: ${groupName}`}
      >
        {pending ? "Mirroring…" : "Mirror this group"}
      </button>
      {pending ? (
        <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
          Creating the mirror in Entra…
        </span>
      ) : (
        <FormStatus state={state} />
      )}
    </ActionForm>
  );
}
