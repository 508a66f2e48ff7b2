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
    </form>
  );
}
