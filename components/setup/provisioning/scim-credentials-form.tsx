"use client";

import { useActionState, useState } from "react";
import { saveScimCredentialsAction } from "@/actions/provisioning-setup";
import { Field } from "@/components/connections/field";
import { ScimTokenFields } from "@/components/provisioning/scim-token-fields";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

export function ScimCredentialsForm() {
  const [state, action, pending] = useActionState(saveScimCredentialsAction, null);
  // Controlled, so a refused pair stays in the form to be corrected.
  const [endpoint, setEndpoint] = useState("");
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <ActionForm action={action} className="space-y-3">
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
      <ScimTokenFields idPrefix="scim" labels={{ token: "Access token", expiresOn: "Token expires on" }} errors={errors} />
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Checking with AWS…" : "Check and save"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
