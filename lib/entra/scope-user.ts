import { z } from "zod";
import type { EntraUser } from "./provisioning-scope";

// An Entra user as the provisioning scope reads it: the attributes the AWS mapping reads, checked
// at the boundary, the same in every listing (members, users by id, changes since a delta link).

export type ScopeUserAttributes = Omit<EntraUser, "reach">;

const USER_FIELDS = ["id", "userPrincipalName", "displayName", "givenName", "surname", "mail", "jobTitle", "department", "accountEnabled", "userType"];
/** The query option that asks Graph for those attributes. */
export const USER_SELECT = `$select=${USER_FIELDS.join(",")}`;

export const graphUser = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string().nullish(),
  givenName: z.string().nullish(),
  surname: z.string().nullish(),
  mail: z.string().nullish(),
  jobTitle: z.string().nullish(),
  department: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  userType: z.string().nullish(),
});

export function scopeUser(u: z.output<typeof graphUser>): ScopeUserAttributes {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName ?? null,
    givenName: u.givenName ?? null,
    surname: u.surname ?? null,
    mail: u.mail ?? null,
    jobTitle: u.jobTitle ?? null,
    department: u.department ?? null,
    accountEnabled: u.accountEnabled ?? true,
    guest: u.userType === "Guest",
  };
}

/** A changed user as a delta round reports it, which may carry only the properties that changed: laid over what was known. */
export function changedScopeUser(known: ScopeUserAttributes, changed: Record<string, unknown>): ScopeUserAttributes {
  const next = { ...known };
  for (const key of ["displayName", "givenName", "surname", "mail", "jobTitle", "department"] as const) {
    const value = changed[key];
    if (typeof value === "string" || value === null) next[key] = value;
  }
  if (typeof changed.userPrincipalName === "string") next.userPrincipalName = changed.userPrincipalName;
  if (typeof changed.accountEnabled === "boolean") next.accountEnabled = changed.accountEnabled;
  if (typeof changed.userType === "string") next.guest = changed.userType === "Guest";
  return next;
}
