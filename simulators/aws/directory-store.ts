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
  // Lookups an identity store of 100,000 users answers at once. Derived from the maps above and
  // private, so a saved state holds only those; rebuilt whenever they no longer agree in size
  // (a restored state, or a state saved before they existed).
  #userIdsByName = new Map<string, string>();
  #groupIdsByName = new Map<string, string>();
  #membershipsByGroup = new Map<string, Map<string, IdsMembership>>();
  #membershipCount = 0;

  constructor(readonly id: string) {}

  private userIndex(): Map<string, string> {
    if (this.#userIdsByName.size !== this.users.size) {
      this.#userIdsByName = new Map([...this.users.values()].map((u) => [u.UserName.toLowerCase(), u.UserId]));
    }
    return this.#userIdsByName;
  }

  private groupIndex(): Map<string, string> {
    if (this.#groupIdsByName.size !== this.groups.size) {
      this.#groupIdsByName = new Map([...this.groups.values()].map((g) => [g.DisplayName, g.GroupId]));
    }
    return this.#groupIdsByName;
  }

  private membershipIndex(): Map<string, Map<string, IdsMembership>> {
    if (this.#membershipCount !== this.memberships.size) {
      this.#membershipsByGroup = new Map();
      for (const m of this.memberships.values()) this.indexMembership(m);
      this.#membershipCount = this.memberships.size;
    }
    return this.#membershipsByGroup;
  }

  private indexMembership(m: IdsMembership): void {
    const members = this.#membershipsByGroup.get(m.GroupId) ?? new Map<string, IdsMembership>();
    members.set(m.MemberId.UserId, m);
    this.#membershipsByGroup.set(m.GroupId, members);
  }

  createUser(input: Omit<IdsUser, "UserId" | "IdentityStoreId" | "CreatedAt" | "UpdatedAt" | "Active"> & { Active?: boolean }): IdsUser {
    if (this.findUserByUserName(input.UserName)) {
      throw new IdentityStoreError("Conflict", `Duplicate UserName: ${input.UserName}`, { type: "USER" });
    }
    const now = new Date();
    const user: IdsUser = { Active: true, ...input, UserId: newId(), IdentityStoreId: this.id, CreatedAt: now, UpdatedAt: now };
    this.userIndex().set(user.UserName.toLowerCase(), user.UserId);
    this.users.set(user.UserId, user);
    return user;
  }

  updateUser(userId: string, change: Partial<Omit<IdsUser, "UserId" | "IdentityStoreId" | "CreatedAt">>): IdsUser {
    const user = this.getUser(userId);
    if (change.UserName && change.UserName.toLowerCase() !== user.UserName.toLowerCase() && this.findUserByUserName(change.UserName)) {
      throw new IdentityStoreError("Conflict", `Duplicate UserName: ${change.UserName}`, { type: "USER", id: userId });
    }
    const index = this.userIndex();
    index.delete(user.UserName.toLowerCase());
    Object.assign(user, change, { UpdatedAt: new Date() });
    index.set(user.UserName.toLowerCase(), user.UserId);
    return user;
  }

  deleteUser(userId: string): void {
    const user = this.getUser(userId);
    this.userIndex().delete(user.UserName.toLowerCase());
    this.users.delete(userId);
    for (const m of this.groupsOf(userId)) this.removeMembership(m);
  }

  getUser(userId: string): IdsUser {
    const user = this.users.get(userId);
    if (!user) throw new IdentityStoreError("NotFound", `User ${userId} not found`, { type: "USER", id: userId });
    return user;
  }

  /** User names are unique regardless of case, as in IAM Identity Center. */
  findUserByUserName(userName: string): IdsUser | undefined {
    const id = this.userIndex().get(userName.toLowerCase());
    return id === undefined ? undefined : this.users.get(id);
  }

  createGroup(input: Omit<IdsGroup, "GroupId" | "IdentityStoreId" | "CreatedAt" | "UpdatedAt">): IdsGroup {
    if (this.findGroupByDisplayName(input.DisplayName)) {
      throw new IdentityStoreError("Conflict", `Duplicate GroupDisplayName: ${input.DisplayName}`, { type: "GROUP" });
    }
    const now = new Date();
    const group: IdsGroup = { ...input, GroupId: newId(), IdentityStoreId: this.id, CreatedAt: now, UpdatedAt: now };
    this.groupIndex().set(group.DisplayName, group.GroupId);
    this.groups.set(group.GroupId, group);
    return group;
  }

  updateGroup(groupId: string, change: Partial<Pick<IdsGroup, "DisplayName" | "Description" | "ExternalIds">>): IdsGroup {
    const group = this.getGroup(groupId);
    if (change.DisplayName && change.DisplayName !== group.DisplayName && this.findGroupByDisplayName(change.DisplayName)) {
      throw new IdentityStoreError("Conflict", `Duplicate GroupDisplayName: ${change.DisplayName}`, { type: "GROUP", id: groupId });
    }
    const index = this.groupIndex();
    index.delete(group.DisplayName);
    Object.assign(group, change, { UpdatedAt: new Date() });
    index.set(group.DisplayName, group.GroupId);
    return group;
  }

  deleteGroup(groupId: string): void {
    const group = this.getGroup(groupId);
    this.groupIndex().delete(group.DisplayName);
    this.groups.delete(groupId);
    for (const m of this.membersOf(groupId)) this.removeMembership(m);
  }

  getGroup(groupId: string): IdsGroup {
    const group = this.groups.get(groupId);
    if (!group) throw new IdentityStoreError("NotFound", `Group ${groupId} not found`, { type: "GROUP", id: groupId });
    return group;
  }

  findGroupByDisplayName(displayName: string): IdsGroup | undefined {
    const id = this.groupIndex().get(displayName);
    return id === undefined ? undefined : this.groups.get(id);
  }

  addMember(groupId: string, userId: string): IdsMembership {
    this.getGroup(groupId);
    this.getUser(userId);
    if (this.findMembership(groupId, userId)) {
      throw new IdentityStoreError("Conflict", `User ${userId} is already a member of group ${groupId}`, { type: "GROUP_MEMBERSHIP" });
    }
    const m: IdsMembership = { MembershipId: newId(), IdentityStoreId: this.id, GroupId: groupId, MemberId: { UserId: userId } };
    this.membershipIndex();
    this.memberships.set(m.MembershipId, m);
    this.indexMembership(m);
    this.#membershipCount += 1;
    this.getGroup(groupId).UpdatedAt = new Date();
    return m;
  }

  removeMember(groupId: string, userId: string): void {
    const m = this.findMembership(groupId, userId);
    if (m) this.removeMembership(m);
  }

  /** Removes a membership by its id, as the identitystore API's DeleteGroupMembership does. */
  removeMembership(m: IdsMembership): void {
    this.membershipIndex().get(m.GroupId)?.delete(m.MemberId.UserId);
    if (this.memberships.delete(m.MembershipId)) this.#membershipCount -= 1;
  }

  findMembership(groupId: string, userId: string): IdsMembership | undefined {
    return this.membershipIndex().get(groupId)?.get(userId);
  }

  membersOf(groupId: string): IdsMembership[] {
    return [...(this.membershipIndex().get(groupId)?.values() ?? [])];
  }

  groupsOf(userId: string): IdsMembership[] {
    return [...this.memberships.values()].filter((m) => m.MemberId.UserId === userId);
  }
}

// The Identity Store API documents ids as an optional 10-hex-digit prefix and a UUID.
function newId(): string {
  return `${crypto.randomBytes(5).toString("hex")}-${crypto.randomUUID()}`;
}
