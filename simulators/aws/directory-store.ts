import crypto from "node:crypto";

// The data behind the IAM Identity Center identity store: one set of users, groups and memberships
// that both front ends, the identitystore API (identitystore/) and the SCIM endpoint (scim/), read
// and write, so what one creates the other sees.
// Shapes follow the Identity Store API (PascalCase) so its handlers can return them as they are.

export type ExternalId = { Issuer: string; Id: string };
export type Email = { Value?: string; Type?: string; Primary?: boolean };
export type Name = {
  Formatted?: string;
  FamilyName?: string;
  GivenName?: string;
  MiddleName?: string;
  HonorificPrefix?: string;
  HonorificSuffix?: string;
};

export type IdsUser = {
  UserId: string;
  IdentityStoreId: string;
  UserName: string;
  DisplayName?: string;
  Name?: Name;
  NickName?: string;
  Title?: string;
  UserType?: string;
  PreferredLanguage?: string;
  Locale?: string;
  Timezone?: string;
  Emails?: Email[];
  PhoneNumbers?: { Value?: string; Type?: string; Primary?: boolean }[];
  Addresses?: Record<string, unknown>[];
  ExternalIds?: ExternalId[];
  /** Identity Store API attributes SCIM has no place for */
  ProfileUrl?: string;
  Website?: string;
  Birthdate?: string;
  Photos?: { Value?: string; Type?: string; Display?: string; Primary?: boolean }[];
  Roles?: { Value?: string; Type?: string; Primary?: boolean }[];
  /** SCIM `active`; the identitystore API does not expose it */
  Active: boolean;
  /** SCIM enterprise extension, kept as sent */
  Enterprise?: Record<string, unknown>;
  CreatedAt: Date;
  UpdatedAt: Date;
};

export type IdsGroup = {
  GroupId: string;
  IdentityStoreId: string;
  DisplayName: string;
  Description?: string;
  ExternalIds?: ExternalId[];
  CreatedAt: Date;
  UpdatedAt: Date;
};

export type IdsMembership = { MembershipId: string; IdentityStoreId: string; GroupId: string; MemberId: { UserId: string } };

/** Thrown by the store; each protocol renders it in its own error shape. */
export class IdentityStoreError extends Error {
  constructor(
    readonly kind: "Conflict" | "NotFound" | "Validation",
    message: string,
    readonly resource?: { type: "USER" | "GROUP" | "GROUP_MEMBERSHIP" | "IDENTITY_STORE"; id?: string },
  ) {
    super(message);
  }
}

export class IdentityStore {
  readonly users = new Map<string, IdsUser>();
  readonly groups = new Map<string, IdsGroup>();
  readonly memberships = new Map<string, IdsMembership>();

  constructor(readonly id: string) {}

  createUser(input: Omit<IdsUser, "UserId" | "IdentityStoreId" | "CreatedAt" | "UpdatedAt" | "Active"> & { Active?: boolean }): IdsUser {
    if (this.findUserByUserName(input.UserName)) {
      throw new IdentityStoreError("Conflict", `Duplicate UserName: ${input.UserName}`, { type: "USER" });
    }
    const now = new Date();
    const user: IdsUser = { Active: true, ...input, UserId: newId(), IdentityStoreId: this.id, CreatedAt: now, UpdatedAt: now };
    this.users.set(user.UserId, user);
    return user;
  }

  updateUser(userId: string, change: Partial<Omit<IdsUser, "UserId" | "IdentityStoreId" | "CreatedAt">>): IdsUser {
    const user = this.getUser(userId);
    if (change.UserName && change.UserName.toLowerCase() !== user.UserName.toLowerCase() && this.findUserByUserName(change.UserName)) {
      throw new IdentityStoreError("Conflict", `Duplicate UserName: ${change.UserName}`, { type: "USER", id: userId });
    }
    Object.assign(user, change, { UpdatedAt: new Date() });
    return user;
  }

  deleteUser(userId: string): void {
    this.getUser(userId);
    this.users.delete(userId);
    for (const [id, m] of this.memberships) if (m.MemberId.UserId === userId) this.memberships.delete(id);
  }

  getUser(userId: string): IdsUser {
    const user = this.users.get(userId);
    if (!user) throw new IdentityStoreError("NotFound", `User ${userId} not found`, { type: "USER", id: userId });
    return user;
  }

  /** User names are unique regardless of case, as in IAM Identity Center. */
  findUserByUserName(userName: string): IdsUser | undefined {
    const wanted = userName.toLowerCase();
    for (const u of this.users.values()) if (u.UserName.toLowerCase() === wanted) return u;
    return undefined;
  }

  createGroup(input: Omit<IdsGroup, "GroupId" | "IdentityStoreId" | "CreatedAt" | "UpdatedAt">): IdsGroup {
    if (this.findGroupByDisplayName(input.DisplayName)) {
      throw new IdentityStoreError("Conflict", `Duplicate GroupDisplayName: ${input.DisplayName}`, { type: "GROUP" });
    }
    const now = new Date();
    const group: IdsGroup = { ...input, GroupId: newId(), IdentityStoreId: this.id, CreatedAt: now, UpdatedAt: now };
    this.groups.set(group.GroupId, group);
    return group;
  }

  updateGroup(groupId: string, change: Partial<Pick<IdsGroup, "DisplayName" | "Description" | "ExternalIds">>): IdsGroup {
    const group = this.getGroup(groupId);
    if (change.DisplayName && change.DisplayName !== group.DisplayName && this.findGroupByDisplayName(change.DisplayName)) {
      throw new IdentityStoreError("Conflict", `Duplicate GroupDisplayName: ${change.DisplayName}`, { type: "GROUP", id: groupId });
    }
    Object.assign(group, change, { UpdatedAt: new Date() });
    return group;
  }

  deleteGroup(groupId: string): void {
    this.getGroup(groupId);
    this.groups.delete(groupId);
    for (const [id, m] of this.memberships) if (m.GroupId === groupId) this.memberships.delete(id);
  }

  getGroup(groupId: string): IdsGroup {
    const group = this.groups.get(groupId);
    if (!group) throw new IdentityStoreError("NotFound", `Group ${groupId} not found`, { type: "GROUP", id: groupId });
    return group;
  }

  findGroupByDisplayName(displayName: string): IdsGroup | undefined {
    for (const g of this.groups.values()) if (g.DisplayName === displayName) return g;
    return undefined;
  }

  addMember(groupId: string, userId: string): IdsMembership {
    this.getGroup(groupId);
    this.getUser(userId);
    if (this.findMembership(groupId, userId)) {
      throw new IdentityStoreError("Conflict", `User ${userId} is already a member of group ${groupId}`, { type: "GROUP_MEMBERSHIP" });
    }
    const m: IdsMembership = { MembershipId: newId(), IdentityStoreId: this.id, GroupId: groupId, MemberId: { UserId: userId } };
    this.memberships.set(m.MembershipId, m);
    this.getGroup(groupId).UpdatedAt = new Date();
    return m;
  }

  removeMember(groupId: string, userId: string): void {
    const m = this.findMembership(groupId, userId);
    if (m) this.memberships.delete(m.MembershipId);
  }

  findMembership(groupId: string, userId: string): IdsMembership | undefined {
    for (const m of this.memberships.values()) if (m.GroupId === groupId && m.MemberId.UserId === userId) return m;
    return undefined;
  }

  membersOf(groupId: string): IdsMembership[] {
    return [...this.memberships.values()].filter((m) => m.GroupId === groupId);
  }

  groupsOf(userId: string): IdsMembership[] {
    return [...this.memberships.values()].filter((m) => m.MemberId.UserId === userId);
  }
}

// The Identity Store API documents ids as an optional 10-hex-digit prefix and a UUID.
function newId(): string {
  return `${crypto.randomBytes(5).toString("hex")}-${crypto.randomUUID()}`;
}
