"use client";

import { useActionState, useState } from "react";
import { rotateScimTokenAction } from "@/actions/provisioning";
import { Field } from "@/components/connections/field";
import { buttonClass, FormStatus } from "@/components/ui/form-status";

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/**
 * The new token only: the endpoint, the job and the setup steps stay as they are. Checked with AWS
 * and with Entra before it replaces the token the job is using.
 */
export function RotateScimTokenForm({ current }: { current: { tokenFingerprint: string; expiresOn: string } | null }) {
  const [state, action, pending] = useActionState(rotateScimTokenAction, null);
  // Controlled, so a refused token stays in the form to be corrected.
  const [token, setToken] = useState("");
  const [expiresOn, setExpiresOn] = useState(inAYear);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3">
      {current && (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="scim-token-now">
          The job uses the token with fingerprint {current.tokenFingerprint}, which expires on {current.expiresOn}. Generate a new one in the IAM Identity
          Center console (Settings → Automatic provisioning → Generate token), then paste it here.
        </p>
      )}
      <Field
        id="rotate-scim-token"
        name="token"
        type="password"
        autoComplete="off"
        label="New access token"
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
        error={errors?.token}
        hint="Stored encrypted; afterwards only its fingerprint is shown."
      />
      <Field
        id="rotate-scim-expires"
        name="expiresOn"
        type="date"
        label="New token expires on"
        value={expiresOn}
        onChange={(e) => setExpiresOn(e.target.value)}
        error={errors?.expiresOn}
        hint="The AWS console shows it next to the token; tokens last one year."
      />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Checking with AWS and Entra…" : "Rotate token"}
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
