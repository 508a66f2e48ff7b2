import {
  DescribeUserCommand,
  GetUserIdCommand,
  paginateListGroupMemberships,
  paginateListGroups,
  paginateListUsers,
  type User,
} from "@aws-sdk/client-identitystore";
import { awsError } from "./aws-errors";
import type { IdentityCenter } from "./identity-center";

// The whole AWS identity store, read page by page at the largest page the identitystore API allows
// (100): users, groups, and each group's members. Pass gated clients to keep within a budget.

export type AwsUser = {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  title: string | null;
  /** the external ids the identity store keeps for the user (Entra's provisioning writes the object id) */
  externalIds: string[];
  active: boolean;
};

export type AwsGroup = { id: string; displayName: string; externalIds: string[] };

export type AwsMembership = { groupId: string; userId: string };

export type AwsDirectory = { users: AwsUser[]; groups: AwsGroup[]; memberships: AwsMembership[] };

const PAGE = 100;

export async function readIdentityStore(t: IdentityCenter, onObjects: (count: number) => void): Promise<AwsDirectory> {
  const users: AwsUser[] = [];
  let groups: AwsGroup[] = [];
  const memberships: AwsMembership[] = [];
  // A paginator writes each page's token into the input it is given: every listing gets an input of its own.
  const store = () => ({ IdentityStoreId: t.identityStoreId });
  const client = { client: t.clients.identityStore, pageSize: PAGE };
  try {
    for await (const page of paginateListUsers(client, store())) {
      for (const u of page.Users ?? []) if (u.UserId && u.UserName) users.push(awsUser(u));
      onObjects(page.Users?.length ?? 0);
    }
    for await (const page of paginateListGroups(client, store())) {
      for (const g of page.Groups ?? [])
        if (g.GroupId)
          groups.push({ id: g.GroupId, displayName: g.DisplayName ?? "", externalIds: (g.ExternalIds ?? []).flatMap((x) => (x.Id ? [x.Id] : [])) });
      onObjects(page.Groups?.length ?? 0);
    }
    // A group deleted after it was listed is gone, with its members: left out rather than failing the read.
    const deleted = new Set<string>();
    // Memberships name their user by the id string the user is kept under: one copy per user, not per membership.
    const userIds = new Map(users.map((u) => [u.id, u.id]));
    for (const g of groups) {
      const members: AwsMembership[] = [];
      try {
        for await (const page of paginateListGroupMemberships(client, { ...store(), GroupId: g.id })) {
          for (const m of page.GroupMemberships ?? [])
            if (m.MemberId?.UserId) members.push({ groupId: g.id, userId: userIds.get(m.MemberId.UserId) ?? m.MemberId.UserId });
          onObjects(page.GroupMemberships?.length ?? 0);
        }
      } catch (e) {
        if ((e as Error).name !== "ResourceNotFoundException") throw e;
        deleted.add(g.id);
        continue;
      }
      for (const m of members) memberships.push(m);
    }
    if (deleted.size > 0) groups = groups.filter((g) => !deleted.has(g.id));
  } catch (e) {
    throw awsError(e, "read the AWS identity store");
  }
  return { users, groups, memberships };
}

/** One user of the identity store by its id, else by its user name; null when it has neither. */
export async function describeAwsUser(t: IdentityCenter, by: { id: string } | { userName: string }): Promise<AwsUser | null> {
  const IdentityStoreId = t.identityStoreId;
  try {
    const UserId =
      "id" in by
        ? by.id
        : (
            await t.clients.identityStore.send(
              new GetUserIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: by.userName } } }),
            )
          ).UserId;
    return awsUser(await t.clients.identityStore.send(new DescribeUserCommand({ IdentityStoreId, UserId })));
  } catch (e) {
    if ((e as Error).name === "ResourceNotFoundException") return null;
    throw awsError(e, "read a user from the AWS identity store");
  }
}

function awsUser(u: User): AwsUser {
  const email = u.Emails?.find((e) => e.Primary) ?? u.Emails?.[0];
  return {
    id: u.UserId!,
    userName: u.UserName!,
    displayName: u.DisplayName ?? null,
    givenName: u.Name?.GivenName ?? null,
    familyName: u.Name?.FamilyName ?? null,
    email: email?.Value ?? null,
    title: u.Title ?? null,
    externalIds: (u.ExternalIds ?? []).flatMap((x) => (x.Id ? [x.Id] : [])),
    // Older identity stores report no status: a user is enabled unless it says otherwise.
    active: u.UserStatus !== "DISABLED",
  };
}
