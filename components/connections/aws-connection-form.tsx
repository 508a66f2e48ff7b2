"use client";

import { useActionState, useState } from "react";
import { saveAwsConnectionAction } from "@/actions/connections";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { Field } from "./field";
import { ActionForm } from "@/components/ui/action-form";

export function AwsConnectionForm({ region, roleArn }: { region: string; roleArn: string | null }) {
  const [state, action, pending] = useActionState(saveAwsConnectionAction, null);
  // Controlled, so a refused value stays in the field to be corrected rather than reset.
  const [regionValue, setRegion] = useState(region);
  const [roleValue, setRole] = useState(roleArn ?? "");
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <ActionForm action={action} className="space-y-3">
      <Field
        id="aws-region"
        name="region"
        label="Region"
        required
        value={regionValue}
        onChange={(e) => setRegion(e.target.value)}
        error={errors?.region}
        hint="Where IAM Identity Center is enabled, e.g. eu-west-1."
      />
      <Field
        id="aws-role"
        name="roleArn"
        label="Role to assume (optional)"
        value={roleValue}
        onChange={(e) => setRole(e.target.value)}
        error={errors?.roleArn}
        placeholder="arn:aws:iam::111122223333:role/SSOBridge"
        hint="Credentials come from the AWS default chain (environment, profile, instance or task role). SSO Bridge stores no access keys."
      />
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Saving…" : "Save AWS connection"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
