import {
  DeleteGroupCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  DescribeGroupCommand,
  DescribeUserCommand,
  GetGroupMembershipIdCommand,
} from "@aws-sdk/client-identitystore";
import { awsError } from "./aws-errors";
import type { IdentityCenter } from "./identity-center";

// Removing an object from the AWS identity store, but only the object someone saw: each removal
// reads the object first and leaves it alone if it changed (another name now), and reports an
// object already gone instead of failing.

export type Removal = { as: "removed"; before: Record<string, unknown> } | { as: "gone" | "changed"; before: null };

export type StoreObject =
  | { kind: "user"; userId: string; userName: string }
  | { kind: "group"; groupId: string; displayName: string }
  | { kind: "membership"; groupId: string; userId: string };

export async function removeStoreObject(t: IdentityCenter, o: StoreObject, what: string): Promise<Removal> {
  const store = t.clients.identityStore;
  const writes = t.clients.identityStoreWrites;
  const IdentityStoreId = t.identityStoreId;
  try {
    if (o.kind === "user") {
      const u = await store.send(new DescribeUserCommand({ IdentityStoreId, UserId: o.userId }));
      if (u.UserName?.toLowerCase() !== o.userName.toLowerCase()) return { as: "changed", before: null };
      const before = {
        userName: u.UserName,
        displayName: u.DisplayName ?? null,
        emails: u.Emails?.map((e) => e.Value) ?? [],
        externalIds: u.ExternalIds ?? [],
      };
      await writes.send(new DeleteUserCommand({ IdentityStoreId, UserId: o.userId }));
      return { as: "removed", before };
    }
    if (o.kind === "group") {
      const g = await store.send(new DescribeGroupCommand({ IdentityStoreId, GroupId: o.groupId }));
      if (g.DisplayName !== o.displayName) return { as: "changed", before: null };
      const before = { displayName: g.DisplayName, description: g.Description ?? null, externalIds: g.ExternalIds ?? [] };
      await writes.send(new DeleteGroupCommand({ IdentityStoreId, GroupId: o.groupId }));
      return { as: "removed", before };
    }
    const { MembershipId } = await store.send(new GetGroupMembershipIdCommand({ IdentityStoreId, GroupId: o.groupId, MemberId: { UserId: o.userId } }));
    await writes.send(new DeleteGroupMembershipCommand({ IdentityStoreId, MembershipId }));
    return { as: "removed", before: { groupId: o.groupId, userId: o.userId, membershipId: MembershipId } };
  } catch (e) {
    if ((e as Error).name === "ResourceNotFoundException") return { as: "gone", before: null };
    throw awsError(e, `remove ${what} from the AWS identity store`);
  }
}
