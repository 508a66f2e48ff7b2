"use client";

import { utcMinutes } from "@/lib/utc-time";
import { useActionState } from "react";
import { changePersonRole, disablePerson, enablePerson, removeTeamMember } from "@/actions/people";
import { FormStatus, inputClass, secondaryButtonClass } from "@/components/ui/form-status";
import type { Person } from "@/lib/people";
import { ROLES } from "@/lib/security/permissions";
import { ActionForm } from "@/components/ui/action-form";

export function PersonRow({ person, isSelf }: { person: Person; isSelf: boolean }) {
  const [roleState, roleAction, rolePending] = useActionState(changePersonRole, null);
  const [disableState, disableAction, disablePending] = useActionState(person.disabled ? enablePerson : disablePerson, null);
  const [removeState, removeAction, removePending] = useActionState(removeTeamMember, null);
  const roleId = `role-${person.id}`;
  return (
    <tr className="border-t border-slate-200 align-top dark:border-slate-800" data-testid={`person-${person.login}`}>
      <td className="py-2 pr-4">
        <div className="font-medium">
          {person.name}
          {isSelf && <span className="text-slate-500"> (you)</span>}
        </div>
        <div className="text-slate-500 dark:text-slate-400">{person.login}</div>
      </td>
      <td className="py-2 pr-4">
        <ActionForm action={roleAction} className="flex flex-wrap items-center gap-2">
          <input type="hidden" name="personId" value={person.id} />
          <label htmlFor={roleId} className="sr-only">
            Role of {person.login}
          </label>
          <select id={roleId} name="role" defaultValue={person.role} className={inputClass}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
          <button type="submit" disabled={rolePending} className={secondaryButtonClass}>
            {rolePending ? "Saving…" : "Change role"}
          </button>
          <FormStatus state={roleState} />
        </ActionForm>
      </td>
      <td className="py-2 pr-4 text-slate-600 dark:text-slate-400">
        {person.disabled ? "Disabled" : person.lastSignInAt ? `Last sign-in ${utcMinutes(person.lastSignInAt)} UTC` : "Not signed in yet"}
      </td>
      <td className="py-2">
        {!isSelf && (
          <form
            action={disableAction}
            onSubmit={(e) => {
              if (!person.disabled && !window.confirm(`Disable ${person.login}? They will be signed out of SSO Bridge at their next request.`))
                e.preventDefault();
            }}
          >
            <input type="hidden" name="personId" value={person.id} />
            <button type="submit" disabled={disablePending} className={secondaryButtonClass}>
              {person.disabled ? "Enable" : "Disable"}
            </button>
            <FormStatus state={disableState} />
          </form>
        )}
        {!isSelf && (
          <form
            action={removeAction}
            className="mt-2"
            onSubmit={(e) => {
              if (!window.confirm(`Remove ${person.login} from SSO Bridge? They lose access, and their user name can be given to another Entra account.`))
                e.preventDefault();
            }}
          >
            <input type="hidden" name="personId" value={person.id} />
            <button type="submit" disabled={removePending} className={secondaryButtonClass}>
              {removePending ? "Removing…" : "Remove"}
            </button>
            <FormStatus state={removeState} />
          </form>
        )}
      </td>
    </tr>
  );
}
