"use client";

import { useActionState } from "react";
import { saveSignInSettings } from "@/actions/settings";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

export function SignInSettingsForm({ selfSignUp }: { selfSignUp: boolean }) {
  const [state, action, pending] = useActionState(saveSignInSettings, null);
  return (
    <ActionForm action={action} className="space-y-3">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="selfSignUp" defaultChecked={selfSignUp} className="mt-0.5" />
        <span>
          <span className="font-medium">Self sign-up</span>
          <span className="block text-slate-600 dark:text-slate-400">
            Anyone in the Entra ID tenant may sign in and starts as viewer. When off, only people added below can sign in.
          </span>
        </span>
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Saving…" : "Save sign-in settings"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
