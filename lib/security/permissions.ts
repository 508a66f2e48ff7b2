// Roles and what each may do. Pages, actions and route handlers ask these named questions instead
// of comparing roles themselves.
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type SessionUser = { id: string; login: string; name: string; role: Role };

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

const atLeast = (role: Role) => (user: SessionUser) => rank[user.role] >= rank[role];

export const canView = atLeast("viewer");
export const canOperate = atLeast("operator");
export const canManageSettings = atLeast("admin");
export const canManageRoles = atLeast("admin");
export const canManageSecrets = atLeast("admin");
export const canManageConnections = atLeast("admin");
export const canConfigureFederation = atLeast("operator");

export const roleDescriptions: Record<Role, string> = {
  viewer: "Sees status, history and configuration; changes nothing.",
  operator: "Runs setup steps, provisioning actions and access assignments.",
  admin: "Everything an operator does, plus settings, secrets and people's roles.",
};
