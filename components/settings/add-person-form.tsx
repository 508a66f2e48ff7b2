"use client";

import { useActionState } from "react";
import { addTeamMember } from "@/actions/people";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import { ROLES } from "@/lib/security/permissions";
import { ActionForm } from "@/components/ui/action-form";

export function AddPersonForm() {
  const [state, action, pending] = useActionState(addTeamMember, null);
  const loginError = state && !state.ok ? state.fieldErrors?.login : undefined;
  return (
    <ActionForm action={action} state={state} clearOnSuccess className="flex flex-wrap items-end gap-3">
      <div className="flex w-full flex-col gap-1 sm:w-auto">
        <label htmlFor="add-login" className="text-sm font-medium">
          User principal name
        </label>
        <input
          id="add-login"
          name="login"
          type="text"
          required
          placeholder="ada@contoso.com"
          aria-invalid={loginError ? true : undefined}
          aria-describedby={loginError ? "add-login-error" : undefined}
          className={`${inputClass} w-full sm:w-72`}
        />
        {loginError && (
          <span id="add-login-error" className="text-xs text-red-700 dark:text-red-400">
            {loginError}
          </span>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="add-role" className="text-sm font-medium">
          Role
        </label>
        <select id="add-role" name="role" defaultValue="viewer" className={inputClass}>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={pending} className={buttonClass}>
        {pending ? "Adding…" : "Add person"}
      </button>
      <FormStatus state={state} />
    </ActionForm>
  );
}
