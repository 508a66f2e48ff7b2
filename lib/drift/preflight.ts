import type { EntraScope, EntraUser } from "../entra/provisioning-scope";

// What AWS will refuse, or what deserves a second look, in the app's provisioning scope, judged
// from Entra alone: runnable before the first cycle, and part of every scan. Only users Entra
// provisions are judged (assigned, or direct members of assigned groups, and enabled).

export const PREFLIGHT_RULES = ["name-missing", "control-characters", "user-name-too-long", "duplicate-email", "guest", "disabled-in-scope"] as const;
export type PreflightRule = (typeof PREFLIGHT_RULES)[number];

/** Rules AWS enforces (it refuses the user); the others are warnings. */
export const REFUSING_RULES: ReadonlySet<PreflightRule> = new Set(["name-missing", "control-characters", "user-name-too-long"]);

export type PreflightIssue = { rule: PreflightRule; user: EntraUser; /** the attribute or value at fault, for the explanation */ detail: string };

// IAM Identity Center's limit on user names, and the characters its SCIM endpoint refuses in any value.
const MAX_USER_NAME = 128;
const CONTROL = /[\u0000-\u001f\u007f]/;

const CHECKED: { attribute: keyof EntraUser; label: string }[] = [
  { attribute: "userPrincipalName", label: "user principal name" },
  { attribute: "displayName", label: "display name" },
  { attribute: "givenName", label: "first name" },
  { attribute: "surname", label: "last name" },
  { attribute: "mail", label: "email" },
  { attribute: "jobTitle", label: "job title" },
  { attribute: "department", label: "department" },
];

const empty = (v: string | null) => v === null || v.trim() === "";

export function preflight(scope: EntraScope): PreflightIssue[] {
  const issues: PreflightIssue[] = [];
  const provisioned = scope.users.filter((u) => u.reach !== "nested" && u.accountEnabled);
  const byEmail = new Map<string, EntraUser[]>();
  for (const user of provisioned) {
    const missing = [empty(user.givenName) && "first name", empty(user.surname) && "last name"].filter(Boolean);
    if (missing.length) issues.push({ rule: "name-missing", user, detail: missing.join(" and ") });
    const bad = CHECKED.find(({ attribute }) => typeof user[attribute] === "string" && CONTROL.test(user[attribute]));
    if (bad) issues.push({ rule: "control-characters", user, detail: bad.label });
    if (user.userPrincipalName.length > MAX_USER_NAME) issues.push({ rule: "user-name-too-long", user, detail: String(user.userPrincipalName.length) });
    if (user.guest) issues.push({ rule: "guest", user, detail: user.userPrincipalName });
    if (user.mail) {
      const key = user.mail.toLowerCase();
      byEmail.set(key, [...(byEmail.get(key) ?? []), user]);
    }
  }
  // In scope but disabled: Entra never creates it in AWS, which is why such a person is not there.
  for (const user of scope.users) if (user.reach !== "nested" && !user.accountEnabled) issues.push({ rule: "disabled-in-scope", user, detail: user.reach });
  for (const [email, users] of byEmail)
    if (users.length > 1) for (const user of users) issues.push({ rule: "duplicate-email", user, detail: `${email} (${users.length} users)` });
  return issues;
}
