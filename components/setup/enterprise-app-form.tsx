"use client";

import { useActionState, useState } from "react";
import { adoptEnterpriseAppAction, createEnterpriseAppAction } from "@/actions/setup";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

type App = { servicePrincipalId: string; appId: string; displayName: string };

export function EnterpriseAppForm({ existing, defaultName }: { existing: App[]; defaultName: string }) {
  const [mode, setMode] = useState<"create" | "adopt">("create");
  const [state, action, pending] = useActionState(mode === "create" ? createEnterpriseAppAction : adoptEnterpriseAppAction, null);
  const [name, setName] = useState(defaultName);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <ActionForm action={action} className="space-y-3">
      <fieldset className="space-y-2">
        <legend className="sr-only">Create or adopt</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="create" checked={mode === "create"} onChange={() => setMode("create")} />
          Create a new application from the gallery
        </label>
        {mode === "create" && (
          <div className="ml-6 flex flex-col gap-1">
            <label htmlFor="app-name" className="text-sm font-medium">
              Name in Entra
            </label>
            <input
              id="app-name"
              name="displayName"
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              className={`${inputClass} w-full max-w-md`}
              aria-invalid={errors?.displayName ? true : undefined}
              aria-describedby={errors?.displayName ? "app-name-error" : undefined}
            />
            {errors?.displayName && (
              <span id="app-name-error" className="text-xs text-red-700 dark:text-red-400">
                {errors.displayName}
              </span>
            )}
          </div>
        )}
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" name="mode" value="adopt" checked={mode === "adopt"} onChange={() => setMode("adopt")} disabled={existing.length === 0} />
          Adopt an existing AWS IAM Identity Center application {existing.length === 0 && <span className="text-slate-500">(none in this tenant)</span>}
        </label>
        {mode === "adopt" && (
          <div className="ml-6 flex flex-col gap-1">
            <label htmlFor="app-existing" className="text-sm font-medium">
              Application
            </label>
            <select id="app-existing" name="servicePrincipalId" className={`${inputClass} w-full max-w-md`}>
              {existing.map((a) => (
                <option key={a.servicePrincipalId} value={a.servicePrincipalId}>
                  {a.displayName} (app id {a.appId})
                </option>
              ))}
            </select>
          </div>
        )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending
            ? mode === "create"
              ? "Creating in Entra… (this can take a minute)"
              : "Adopting…"
            : mode === "create"
              ? "Create application"
              : "Adopt application"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
