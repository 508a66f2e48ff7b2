"use client";

import { useActionState, useState } from "react";
import { saveScimCredentialsAction } from "@/actions/provisioning-setup";
import { Field } from "@/components/connections/field";
import { buttonClass, FormStatus } from "@/components/ui/form-status";

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

export function ScimCredentialsForm() {
  const [state, action, pending] = useActionState(saveScimCredentialsAction, null);
  // Controlled, so a refused pair stays in the form to be corrected.
  const [endpoint, setEndpoint] = useState("");
  const [token, setToken] = useState("");
  const [expiresOn, setExpiresOn] = useState(inAYear);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3">
      <Field
        id="scim-endpoint"
        name="endpoint"
        label="SCIM endpoint"
        required
        value={endpoint}
        onChange={(e) => setEndpoint(e.target.value)}
        error={errors?.endpoint}
        placeholder="https://scim.eu-west-1.amazonaws.com/…/scim/v2/"
      />
      <Field
        id="scim-token"
        name="token"
        type="password"
        autoComplete="off"
        label="Access token"
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
        error={errors?.token}
        hint="Stored encrypted; afterwards only its fingerprint is shown."
      />
      <Field
        id="scim-expires"
        name="expiresOn"
        type="date"
        label="Token expires on"
        value={expiresOn}
        onChange={(e) => setExpiresOn(e.target.value)}
        error={errors?.expiresOn}
        hint="The AWS console shows it next to the token; tokens last one year."
      />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Checking with AWS…" : "Check and save"}
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
