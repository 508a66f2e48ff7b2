"use client";

import { useActionState } from "react";
import { uploadSpMetadataAction } from "@/actions/setup";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

export function SpMetadataUpload() {
  const [state, action, pending] = useActionState(uploadSpMetadataAction, null);
  const error = state && !state.ok ? state.fieldErrors?.file : undefined;
  return (
    <ActionForm action={action} className="flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor="sp-metadata-file" className="text-sm font-medium">
          IAM Identity Center SAML metadata file
        </label>
        <input
          id="sp-metadata-file"
          name="file"
          type="file"
          accept=".xml,application/xml,text/xml"
          required
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "sp-metadata-file-error" : undefined}
          className={inputClass}
        />
        {error && (
          <span id="sp-metadata-file-error" className="text-xs text-red-700 dark:text-red-400">
            {error}
          </span>
        )}
      </div>
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Checking…" : "Upload and check"}
      </button>
      <FormStatus state={state} />
    </ActionForm>
  );
}
