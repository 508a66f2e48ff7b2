import type { AwsWorld } from "../world";
import type { IdsUser } from "../directory-store";
import type { JsonService, OperationHandler } from "../json-protocol/protocol";
import { paginate, type PageBounds } from "../json-protocol/pagination";
import { asRecord, optionalString, requireString } from "../json-protocol/validate";
import { internalError, invalid, notFound, storeCall, throttled } from "./errors";
import { apiGroup, apiMembership, apiUser } from "./shapes";
import { groupChange, readOperations, userChange } from "./attribute-operations";

// The identitystore API (X-Amz-Target AWSIdentityStore.*) over the world's shared identity store.

const PAGE: PageBounds = { min: 1, max: 100, default: 100 };
const STORE_ID = /^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const RESOURCE_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;
// IAM Identity Center keeps these for itself; neither a user nor a group may take them.
const RESERVED_NAMES = new Set(["administrator", "awsadministrators"]);

export function identityStoreService(world: AwsWorld): JsonService {
  const store = world.identityStore;

  const storeId = (input: Record<string, unknown>): string => {
    const id = requireString(input, "IdentityStoreId", invalid, { min: 1, max: 36, pattern: STORE_ID });
    if (id !== store.id) throw notFound("IDENTITY_STORE", id, `Identity store ${id} not found`);
    return id;
  };
  const resourceId = (input: Record<string, unknown>, name: string) => requireString(input, name, invalid, { min: 1, max: 47, pattern: RESOURCE_ID });
  const memberUserId = (input: Record<string, unknown>): string => {
    const member = asRecord(input.MemberId);
    if (!member) throw invalid("1 validation error detected: Value null at 'memberId' failed to satisfy constraint: Member must not be null");
    return resourceId(member, "UserId");
  };
  const filterValue = (input: Record<string, unknown>, path: string): string | undefined => {
    if (input.Filters === undefined || input.Filters === null) return undefined;
    if (!Array.isArray(input.Filters) || input.Filters.length > 1)
      throw invalid("1 validation error detected: Value at 'filters' failed to satisfy constraint: Member must have length less than or equal to 1");
    const f = asRecord(input.Filters[0]);
    if (!f) return undefined;
    if (f.AttributePath !== path) throw invalid(`Filter AttributePath ${String(f.AttributePath)} is not supported; use ${path}`);
    return requireString(f, "AttributeValue", invalid, { min: 1, max: 1024 });
  };
  const checkNotReserved = (name: string) => {
    if (RESERVED_NAMES.has(name.toLowerCase())) throw invalid(`${name} is a reserved name and cannot be used`);
  };
  const userByAlternate = (alt: Record<string, unknown>): IdsUser | undefined => {
    const ext = asRecord(alt.ExternalId);
    if (ext) {
      const issuer = requireString(ext, "Issuer", invalid);
      const id = requireString(ext, "Id", invalid);
      return [...store.users.values()].find((u) => u.ExternalIds?.some((e) => e.Issuer === issuer && e.Id === id));
    }
    const { path, value } = uniqueAttribute(alt);
    if (path === "userName") return store.findUserByUserName(value);
    if (path === "emails.value") return [...store.users.values()].find((u) => u.Emails?.some((e) => e.Value?.toLowerCase() === value.toLowerCase()));
    throw invalid(`Unsupported AttributePath ${path}; use userName or emails.value`);
  };

  const operations: Record<string, OperationHandler> = {
    ListUsers: (input) => {
      storeId(input);
      const userName = filterValue(input, "UserName");
      const users = [...store.users.values()].filter((u) => userName === undefined || u.UserName.toLowerCase() === userName.toLowerCase());
      const { page, NextToken } = paginate(users, input, PAGE, "ListUsers", invalid);
      return { Users: page.map(apiUser), NextToken };
    },
    ListGroups: (input) => {
      storeId(input);
      const displayName = filterValue(input, "DisplayName");
      const groups = [...store.groups.values()].filter((g) => displayName === undefined || g.DisplayName === displayName);
      const { page, NextToken } = paginate(groups, input, PAGE, "ListGroups", invalid);
      return { Groups: page.map(apiGroup), NextToken };
    },
    DescribeUser: (input) => {
      storeId(input);
      return apiUser(storeCall(() => store.getUser(resourceId(input, "UserId"))));
    },
    DescribeGroup: (input) => {
      storeId(input);
      return apiGroup(storeCall(() => store.getGroup(resourceId(input, "GroupId"))));
    },
    GetUserId: (input) => {
      const id = storeId(input);
      const alt = asRecord(input.AlternateIdentifier);
      if (!alt) throw invalid("1 validation error detected: Value null at 'alternateIdentifier' failed to satisfy constraint: Member must not be null");
      const user = userByAlternate(alt);
      if (!user) throw notFound("USER", undefined, "USER not found.");
      return { IdentityStoreId: id, UserId: user.UserId };
    },
    GetGroupId: (input) => {
      const id = storeId(input);
      const alt = asRecord(input.AlternateIdentifier);
      if (!alt) throw invalid("1 validation error detected: Value null at 'alternateIdentifier' failed to satisfy constraint: Member must not be null");
      const ext = asRecord(alt.ExternalId);
      let group;
      if (ext) {
        const issuer = requireString(ext, "Issuer", invalid);
        const extId = requireString(ext, "Id", invalid);
        group = [...store.groups.values()].find((g) => g.ExternalIds?.some((e) => e.Issuer === issuer && e.Id === extId));
      } else {
        const { path, value } = uniqueAttribute(alt);
        if (path !== "displayName") throw invalid(`Unsupported AttributePath ${path}; use displayName`);
        group = store.findGroupByDisplayName(value);
      }
      if (!group) throw notFound("GROUP", undefined, "GROUP not found.");
      return { IdentityStoreId: id, GroupId: group.GroupId };
    },
    ListGroupMemberships: (input) => {
      storeId(input);
      const groupId = resourceId(input, "GroupId");
      storeCall(() => store.getGroup(groupId));
      const { page, NextToken } = paginate(store.membersOf(groupId), input, PAGE, `ListGroupMemberships:${groupId}`, invalid);
      return { GroupMemberships: page.map(apiMembership), NextToken };
    },
    ListGroupMembershipsForMember: (input) => {
      storeId(input);
      const userId = memberUserId(input);
      storeCall(() => store.getUser(userId));
      const { page, NextToken } = paginate(store.groupsOf(userId), input, PAGE, `ListGroupMembershipsForMember:${userId}`, invalid);
      return { GroupMemberships: page.map(apiMembership), NextToken };
    },
    IsMemberInGroups: (input) => {
      storeId(input);
      const userId = memberUserId(input);
      const groupIds = input.GroupIds;
      if (!Array.isArray(groupIds) || groupIds.length < 1 || groupIds.length > 100 || !groupIds.every((g) => typeof g === "string" && RESOURCE_ID.test(g))) {
        throw invalid("1 validation error detected: Value at 'groupIds' failed to satisfy constraint: Member must have length between 1 and 100");
      }
      return {
        Results: (groupIds as string[]).map((GroupId) => ({
          GroupId,
          MemberId: { UserId: userId },
          MembershipExists: store.findMembership(GroupId, userId) !== undefined,
        })),
      };
    },
    DescribeGroupMembership: (input) => {
      storeId(input);
      const id = resourceId(input, "MembershipId");
      const m = store.memberships.get(id);
      if (!m) throw notFound("GROUP_MEMBERSHIP", id, `GROUP_MEMBERSHIP ${id} not found.`);
      return apiMembership(m);
    },
    GetGroupMembershipId: (input) => {
      const id = storeId(input);
      const groupId = resourceId(input, "GroupId");
      const userId = memberUserId(input);
      const m = store.findMembership(groupId, userId);
      if (!m) throw notFound("GROUP_MEMBERSHIP", undefined, "GROUP_MEMBERSHIP not found.");
      return { IdentityStoreId: id, MembershipId: m.MembershipId };
    },
    CreateUser: (input) => {
      const id = storeId(input);
      const userName = requireString(input, "UserName", invalid, { min: 1, max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u });
      checkNotReserved(userName);
      const opt = (name: string) => optionalString(input, name, invalid, { min: 1, max: 1024 });
      const list = <T>(name: string) => (Array.isArray(input[name]) ? (input[name] as T[]) : undefined);
      const user = storeCall(() =>
        store.createUser({
          UserName: userName,
          DisplayName: opt("DisplayName"),
          Name: asRecord(input.Name),
          NickName: opt("NickName"),
          ProfileUrl: opt("ProfileUrl"),
          UserType: opt("UserType"),
          Title: opt("Title"),
          PreferredLanguage: opt("PreferredLanguage"),
          Locale: opt("Locale"),
          Timezone: opt("Timezone"),
          Website: opt("Website"),
          Birthdate: opt("Birthdate"),
          Emails: list("Emails"),
          PhoneNumbers: list("PhoneNumbers"),
          Addresses: list("Addresses"),
          Photos: list("Photos"),
          Roles: list("Roles"),
        }),
      );
      return { IdentityStoreId: id, UserId: user.UserId };
    },
    UpdateUser: (input) => {
      storeId(input);
      const userId = resourceId(input, "UserId");
      const ops = readOperations(input.Operations);
      const user = storeCall(() => store.getUser(userId));
      const change = userChange(user, ops);
      if (change.UserName) checkNotReserved(change.UserName);
      storeCall(() => store.updateUser(userId, change));
      return {};
    },
    DeleteUser: (input) => {
      storeId(input);
      const userId = resourceId(input, "UserId");
      storeCall(() => store.deleteUser(userId));
      return {};
    },
    CreateGroup: (input) => {
      const id = storeId(input);
      const displayName = requireString(input, "DisplayName", invalid, { min: 1, max: 1024, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+$/u });
      checkNotReserved(displayName);
      const description = optionalString(input, "Description", invalid, { min: 1, max: 1024 });
      const group = storeCall(() => store.createGroup({ DisplayName: displayName, Description: description }));
      return { IdentityStoreId: id, GroupId: group.GroupId };
    },
    UpdateGroup: (input) => {
      storeId(input);
      const groupId = resourceId(input, "GroupId");
      const change = groupChange(readOperations(input.Operations));
      if (change.DisplayName) checkNotReserved(change.DisplayName);
      storeCall(() => store.updateGroup(groupId, change));
      return {};
    },
    DeleteGroup: (input) => {
      storeId(input);
      storeCall(() => store.deleteGroup(resourceId(input, "GroupId")));
      return {};
    },
    CreateGroupMembership: (input) => {
      const id = storeId(input);
      const groupId = resourceId(input, "GroupId");
      const userId = memberUserId(input);
      const m = storeCall(() => store.addMember(groupId, userId));
      return { IdentityStoreId: id, MembershipId: m.MembershipId };
    },
    DeleteGroupMembership: (input) => {
      storeId(input);
      const id = resourceId(input, "MembershipId");
      const m = store.memberships.get(id);
      if (!m) throw notFound("GROUP_MEMBERSHIP", id, `GROUP_MEMBERSHIP ${id} not found.`);
      store.removeMember(m.GroupId, m.MemberId.UserId);
      return {};
    },
  };

  return { targetPrefix: "AWSIdentityStore", routePrefix: "identitystore", operations, throttled, internalError };
}

function uniqueAttribute(alt: Record<string, unknown>): { path: string; value: string } {
  const ua = asRecord(alt.UniqueAttribute);
  if (!ua) throw invalid("AlternateIdentifier needs ExternalId or UniqueAttribute");
  const path = requireString(ua, "AttributePath", invalid, { min: 1, max: 255 });
  const value = ua.AttributeValue;
  if (typeof value !== "string" || value === "") throw invalid("UniqueAttribute AttributeValue must be a non-empty string");
  return { path, value };
}
