import {
  DescribeGroupCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetUserIdCommand,
  paginateListGroupMemberships,
  paginateListGroupMembershipsForMember,
  paginateListGroups,
  paginateListUsers,
} from "@aws-sdk/client-identitystore";
import type { IdentityCenter } from "./identity-center";
import { AppError } from "../errors";
import { awsError } from "./aws-errors";
import type { PrincipalType } from "./account-assignments";

// Users and groups as they arrived in the AWS identity store through provisioning: the principals
// that can be given access. The identity store has no substring search, so a search reads pages
// and matches here, within a bound.

export type Principal = { type: PrincipalType; id: string; name: string; detail: string | null };

const SEARCH_PAGES = 20;
const MAX_RESULTS = 50;

export async function searchPrincipals(t: IdentityCenter, query: string): Promise<{ principals: Principal[]; complete: boolean }> {
  const needle = query.trim().toLowerCase();
  if (needle.length < 2) throw new AppError("InvalidInput", "Type at least two letters of a user or group name.");
  const found: Principal[] = [];
  let complete = true;
  // A full user name is found exactly, however large the directory.
  if (needle.includes("@")) {
    const exact = await findUserByUserName(t, query.trim());
    if (exact) return { principals: [exact], complete: true };
  }
  try {
    let pages = 0;
    for await (const page of paginateListGroups({ client: t.clients.identityStore, pageSize: 100 }, { IdentityStoreId: t.identityStoreId })) {
      for (const g of page.Groups ?? [])
        if (g.GroupId && (g.DisplayName ?? "").toLowerCase().includes(needle))
          found.push({ type: "GROUP", id: g.GroupId, name: g.DisplayName ?? g.GroupId, detail: g.Description ?? null });
      if (++pages >= SEARCH_PAGES) {
        complete = complete && !page.NextToken;
        break;
      }
    }
    pages = 0;
    for await (const page of paginateListUsers({ client: t.clients.identityStore, pageSize: 100 }, { IdentityStoreId: t.identityStoreId })) {
      for (const u of page.Users ?? []) {
        const names = [u.UserName, u.DisplayName].filter(Boolean).map((n) => n!.toLowerCase());
        if (u.UserId && names.some((n) => n.includes(needle)))
          found.push({ type: "USER", id: u.UserId, name: u.DisplayName || u.UserName || u.UserId, detail: u.UserName ?? null });
      }
      if (++pages >= SEARCH_PAGES) {
        complete = complete && !page.NextToken;
        break;
      }
    }
  } catch (e) {
    throw awsError(e, "search the AWS identity store");
  }
  return { principals: found.slice(0, MAX_RESULTS), complete: complete && found.length <= MAX_RESULTS };
}

/** The principal as the identity store has it, or a clear refusal when it has not been provisioned. */
export async function describePrincipal(t: IdentityCenter, type: PrincipalType, id: string): Promise<Principal> {
  try {
    if (type === "GROUP") {
      const g = await t.clients.identityStore.send(new DescribeGroupCommand({ IdentityStoreId: t.identityStoreId, GroupId: id }));
      return { type, id, name: g.DisplayName ?? id, detail: g.Description ?? null };
    }
    const u = await t.clients.identityStore.send(new DescribeUserCommand({ IdentityStoreId: t.identityStoreId, UserId: id }));
    return { type, id, name: u.DisplayName || u.UserName || id, detail: u.UserName ?? null };
  } catch (e) {
    if ((e as Error).name === "ResourceNotFoundException") {
      throw new AppError(
        "NotFound",
        `This ${type === "GROUP" ? "group" : "user"} is not in the AWS identity store: provisioning has not brought it to AWS yet, or it was removed. Check the Provisioning page, or provision it on demand.`,
      );
    }
    throw awsError(e, `read a ${type === "GROUP" ? "group" : "user"} from the AWS identity store`);
  }
}

export async function findUserByUserName(t: IdentityCenter, userName: string): Promise<Principal | null> {
  try {
    const { UserId } = await t.clients.identityStore.send(
      new GetUserIdCommand({
        IdentityStoreId: t.identityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: userName } },
      }),
    );
    return UserId ? describePrincipal(t, "USER", UserId) : null;
  } catch (e) {
    if ((e as Error).name === "ResourceNotFoundException") return null;
    throw awsError(e, "look up a user in the AWS identity store");
  }
}

/** The group provisioned with this display name (unique in the identity store); null when there is none. */
export async function findGroupByDisplayName(t: IdentityCenter, displayName: string): Promise<string | null> {
  try {
    const { GroupId } = await t.clients.identityStore.send(
      new GetGroupIdCommand({
        IdentityStoreId: t.identityStoreId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: displayName } },
      }),
    );
    return GroupId ?? null;
  } catch (e) {
    if ((e as Error).name === "ResourceNotFoundException") return null;
    throw awsError(e, "look up a group in the AWS identity store");
  }
}

export async function groupMemberIds(t: IdentityCenter, groupId: string): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const page of paginateListGroupMemberships({ client: t.clients.identityStore }, { IdentityStoreId: t.identityStoreId, GroupId: groupId })) {
      for (const m of page.GroupMemberships ?? []) if (m.MemberId?.UserId) ids.push(m.MemberId.UserId);
    }
  } catch (e) {
    throw awsError(e, "list a group's members in the AWS identity store");
  }
  return ids;
}

export async function groupIdsOfUser(t: IdentityCenter, userId: string): Promise<string[]> {
  const ids: string[] = [];
  try {
    for await (const page of paginateListGroupMembershipsForMember(
      { client: t.clients.identityStore },
      { IdentityStoreId: t.identityStoreId, MemberId: { UserId: userId } },
    )) {
      for (const m of page.GroupMemberships ?? []) if (m.GroupId) ids.push(m.GroupId);
    }
  } catch (e) {
    throw awsError(e, "list a user's groups in the AWS identity store");
  }
  return ids;
}
