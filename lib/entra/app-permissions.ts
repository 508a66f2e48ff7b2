import { z } from "zod";
import { AppError } from "@/lib/errors";
import { jsonOrUndefined } from "@/lib/http/json-text";
import type { GraphSession } from "./graph-session";

// The Microsoft Graph application permissions SSO Bridge needs, what each is for, and which
// broader permissions Graph accepts in its place; checked against the token's `roles` claim,
// which lists exactly what an administrator has consented to.

/** The feature the group-writing permissions are for, as the connection test names it. */
export const MIRRORS_FEATURE = "Nested group mirrors";

export type PermissionNeed = { permission: string; satisfiedBy: string[]; neededFor: string[] };

export const REQUIRED_GRAPH_PERMISSIONS: PermissionNeed[] = [
  {
    permission: "Application.ReadWrite.All",
    satisfiedBy: ["Directory.ReadWrite.All"],
    neededFor: ["Enterprise application", "SAML single sign-on", "Federation metadata"],
  },
  { permission: "AppRoleAssignment.ReadWrite.All", satisfiedBy: [], neededFor: ["Assign users and groups"] },
  { permission: "Synchronization.ReadWrite.All", satisfiedBy: ["Application.ReadWrite.OwnedBy"], neededFor: ["Provisioning"] },
  { permission: "AuditLog.Read.All", satisfiedBy: [], neededFor: ["Provisioning logs", "Test sign-in (Entra's sign-in logs)"] },
  {
    permission: "User.Read.All",
    satisfiedBy: ["User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    neededFor: ["Assign users and groups", "Drift"],
  },
  {
    permission: "Group.Read.All",
    satisfiedBy: ["GroupMember.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"],
    neededFor: ["Assign users and groups", "Drift"],
  },
  // Mirror groups need to create groups and change their members; Group.ReadWrite.All grants both, and deleting a mirror.
  { permission: "Group.Create", satisfiedBy: ["Group.ReadWrite.All", "Directory.ReadWrite.All"], neededFor: [MIRRORS_FEATURE] },
  { permission: "GroupMember.ReadWrite.All", satisfiedBy: ["Group.ReadWrite.All", "Directory.ReadWrite.All"], neededFor: [MIRRORS_FEATURE] },
];

export type PermissionCheck = { granted: string[]; missing: PermissionNeed[] };

const accessTokenClaims = z.object({ roles: z.array(z.string()).optional() });

export async function checkAppPermissions(session: GraphSession): Promise<PermissionCheck> {
  // A fresh token, so permissions consented to a moment ago count.
  const token = await session.accessToken({ fresh: true });
  const granted = [...grantedRoles(token)].sort();
  const missing = REQUIRED_GRAPH_PERMISSIONS.filter((need) => ![need.permission, ...need.satisfiedBy].some((p) => granted.includes(p)));
  return { granted, missing };
}

/**
 * The token came straight from Entra's token endpoint over TLS, and Graph checks its signature
 * on every call, so reading its payload without verifying it here is enough to report consent.
 */
function grantedRoles(jwt: string): string[] {
  const payload = jwt.split(".")[1];
  try {
    const claims = accessTokenClaims.parse(jsonOrUndefined(Buffer.from(payload ?? "", "base64url").toString("utf8")));
    return claims.roles ?? [];
  } catch {
    throw new AppError("CloudRejected", "Entra issued an access token whose permissions could not be read.");
  }
}
