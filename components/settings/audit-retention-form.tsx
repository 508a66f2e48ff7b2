"use client";

import { useActionState, useState } from "react";
import { saveAuditRetention } from "@/actions/settings";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

export function AuditRetentionForm({ days }: { days: number | null }) {
  const [state, action, pending] = useActionState(saveAuditRetention, null);
  const [value, setValue] = useState(days === null ? "" : String(days));
  const error = state && !state.ok ? state.fieldErrors?.auditRetentionDays : undefined;
  return (
    <ActionForm action={action} className="space-y-3">
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-retention" className="text-sm font-medium">
          Keep audit events for (days)
        </label>
        <input
          id="audit-retention"
          name="auditRetentionDays"
          inputMode="numeric"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          placeholder="Forever"
          className={`${inputClass} w-32`}
          aria-invalid={error ? true : undefined}
          aria-describedby="audit-retention-help"
        />
        <span id="audit-retention-help" className={`text-xs ${error ? "text-red-700 dark:text-red-400" : "text-slate-500 dark:text-slate-400"}`}>
          {error ??
            "Empty keeps everything. Older events are written to an archive file in the data folder, removed, and a signed checkpoint lets the rest of the chain still verify."}
        </span>
      </div>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Saving…" : "Save retention"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
