import type { IdsGroup, IdsMembership, IdsUser } from "../directory-store";

// Store records → Identity Store API shapes. The store keeps SCIM-only data (Active, the enterprise
// extension) that the API shows differently or not at all.

export function apiUser(u: IdsUser): Record<string, unknown> {
  const { Active, Enterprise: _enterprise, ...rest } = u;
  return { ...rest, UserStatus: Active ? "ENABLED" : "DISABLED" };
}

export function apiGroup(g: IdsGroup): Record<string, unknown> {
  return { ...g };
}

export function apiMembership(m: IdsMembership): Record<string, unknown> {
  return { IdentityStoreId: m.IdentityStoreId, MembershipId: m.MembershipId, GroupId: m.GroupId, MemberId: { UserId: m.MemberId.UserId } };
}
