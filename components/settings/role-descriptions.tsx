import { roleDescriptions, ROLES } from "@/lib/security/permissions";

/** What each role may do, in the words the People card and its read-only view share. */
export function RoleDescriptions() {
  return (
    <ul className="mb-4 space-y-1 text-sm text-slate-600 dark:text-slate-400">
      {ROLES.map((r) => (
        <li key={r}>
          <span className="font-medium text-slate-900 dark:text-slate-100">{r}</span>: {roleDescriptions[r]}
        </li>
      ))}
    </ul>
  );
}
