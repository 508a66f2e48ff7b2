"use client";

import { useActionState } from "react";
import { rotateScimTokenAction } from "@/actions/provisioning";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { ScimTokenFields } from "./scim-token-fields";
import { ActionForm } from "@/components/ui/action-form";

/**
 * The new token only: the endpoint, the job and the setup steps stay as they are. Checked with AWS
 * and with Entra before it replaces the token the job is using.
 */
export function RotateScimTokenForm({ current }: { current: { tokenFingerprint: string; expiresOn: string } | null }) {
  const [state, action, pending] = useActionState(rotateScimTokenAction, null);
  return (
    <ActionForm action={action} state={state} clearOnSuccess className="space-y-3">
      {current && (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="scim-token-now">
          The job uses the token with fingerprint {current.tokenFingerprint}, which expires on {current.expiresOn}. Generate a new one in the IAM Identity
          Center console (Settings → Automatic provisioning → Generate token), then paste it here.
        </p>
      )}
      <ScimTokenFields
        idPrefix="rotate-scim"
        labels={{ token: "New access token", expiresOn: "New token expires on" }}
        errors={state && !state.ok ? state.fieldErrors : undefined}
      />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Checking with AWS and Entra…" : "Rotate token"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
