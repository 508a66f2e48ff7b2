"use client";

import { useActionState } from "react";
import { confirmIdentitySourceAction } from "@/actions/setup";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

export function IdentitySourceConfirm() {
  const [state, action, pending] = useActionState(confirmIdentitySourceAction, null);
  return (
    <ActionForm action={action} className="space-y-3">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="confirmed" required className="mt-0.5" />
        <span>I uploaded the federation metadata in the AWS console and accepted the identity source change.</span>
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Recording and checking…" : "Confirm the change"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
