"use client";

import { useActionState } from "react";
import { addWebhookAction } from "@/actions/webhooks";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

const FORMATS = [
  ["generic", "Generic JSON"],
  ["slack", "Slack"],
  ["teams", "Microsoft Teams (Workflows)"],
] as const;

export function AddWebhookForm() {
  const [state, action, pending] = useActionState(addWebhookAction, null);
  const urlError = state && !state.ok ? state.fieldErrors?.url : undefined;
  return (
    <ActionForm action={action} state={state} clearOnSuccess className="flex flex-wrap items-end gap-3">
      <div className="flex flex-col gap-1">
        <label htmlFor="webhook-name" className="text-sm font-medium">
          Name
        </label>
        <input id="webhook-name" name="name" type="text" required placeholder="Identity team channel" className={`${inputClass} w-56`} />
      </div>
      <div className="flex w-full flex-col gap-1 sm:w-auto">
        <label htmlFor="webhook-url" className="text-sm font-medium">
          URL
        </label>
        <input
          id="webhook-url"
          name="url"
          type="url"
          required
          placeholder="https://hooks.slack.com/services/…"
          aria-invalid={urlError ? true : undefined}
          aria-describedby={urlError ? "webhook-url-error" : undefined}
          className={`${inputClass} w-full sm:w-96`}
        />
        {urlError && (
          <span id="webhook-url-error" className="text-xs text-red-700 dark:text-red-400">
            {urlError}
          </span>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="webhook-format" className="text-sm font-medium">
          Format
        </label>
        <select id="webhook-format" name="format" defaultValue="generic" className={inputClass}>
          {FORMATS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <label className="flex items-center gap-2 self-center text-sm">
        <input name="receivesAnchors" type="checkbox" />
        Also send audit anchors
      </label>
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Adding…" : "Add webhook"}
      </button>
      <FormStatus state={state} />
    </ActionForm>
  );
}
