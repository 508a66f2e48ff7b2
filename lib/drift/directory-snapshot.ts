import type { AwsDirectory } from "../aws/identity-store-directory";
import type { Principal } from "../aws/identity-store-principals";
import { db } from "../db";
import { readFederationConfig } from "../federation/federation-config";
import { insertRows } from "../rows-in-chunks";

// The AWS identity store as the latest complete drift scan read it, kept in the database: the
// Access pages search people and expand groups from it, at any size and without a request to AWS.
// Exact lookups stay live. Replaced whole by each scan, so it is always one scan's consistent view.

const SNAPSHOT_ID = "aws-identity-store";
const MAX_RESULTS = 50;

export type SnapshotAge = { takenAt: Date; scanId: string };

export async function saveDirectorySnapshot(scanId: string, identityStoreId: string, aws: AwsDirectory, takenAt = new Date()): Promise<void> {
  await db().$transaction(
    async (tx) => {
      await tx.directoryMembership.deleteMany();
      await tx.directoryUser.deleteMany();
      await tx.directoryGroup.deleteMany();
      const search = (...names: (string | null)[]) => names.filter(Boolean).join("\n").toLowerCase();
      await insertRows(tx, "DirectoryUser", ["id", "userName", "displayName", "email", "active", "searchText"], aws.users, (u) => [
        u.id,
        u.userName,
        u.displayName,
        u.email,
        u.active,
        search(u.userName, u.displayName, u.email),
      ]);
      await insertRows(tx, "DirectoryGroup", ["id", "displayName", "searchText"], aws.groups, (g) => [g.id, g.displayName, search(g.displayName)]);
      await insertRows(tx, "DirectoryMembership", ["groupId", "userId"], aws.memberships, (m) => [m.groupId, m.userId]);
      const counts = { users: aws.users.length, groups: aws.groups.length, memberships: aws.memberships.length };
      await tx.directorySnapshot.upsert({
        where: { id: SNAPSHOT_ID },
        create: { id: SNAPSHOT_ID, identityStoreId, takenAt, scanId, ...counts },
        update: { identityStoreId, takenAt, scanId, ...counts },
      });
    },
    { timeout: 300_000 },
  );
}

/** The snapshot of the instance setup has chosen; null before a scan kept one, or when it copies another instance's store. */
export async function snapshotAge(): Promise<SnapshotAge | null> {
  const [row, { instance }] = await Promise.all([
    db().directorySnapshot.findUnique({ where: { id: SNAPSHOT_ID }, select: { takenAt: true, scanId: true, identityStoreId: true } }),
    readFederationConfig(),
  ]);
  return row && instance?.identityStoreId === row.identityStoreId ? { takenAt: row.takenAt, scanId: row.scanId } : null;
}

/** Whether the snapshot holds the group: one created since is read live. */
export async function snapshotHasGroup(groupId: string): Promise<boolean> {
  return (await db().directoryGroup.count({ where: { id: groupId } })) > 0;
}

/** Groups, then users, whose names contain the text, from the snapshot: at most 50. */
export async function searchSnapshot(needle: string): Promise<Principal[]> {
  const text = needle.trim().toLowerCase();
  const [groups, users] = await Promise.all([
    db().directoryGroup.findMany({ where: { searchText: { contains: text } }, orderBy: { displayName: "asc" }, take: MAX_RESULTS }),
    db().directoryUser.findMany({ where: { searchText: { contains: text } }, orderBy: { userName: "asc" }, take: MAX_RESULTS }),
  ]);
  return [
    ...groups.map((g): Principal => ({ type: "GROUP", id: g.id, name: g.displayName, detail: null })),
    ...users.map((u): Principal => ({ type: "USER", id: u.id, name: u.displayName || u.userName, detail: u.userName })),
  ].slice(0, MAX_RESULTS);
}

/** A group's members from the snapshot: the first `shown` of them named, and how many there are. */
export async function snapshotGroupMembers(groupId: string, shown: number): Promise<{ shown: Principal[]; total: number }> {
  const [total, rows] = await Promise.all([
    db().directoryMembership.count({ where: { groupId } }),
    db().directoryMembership.findMany({ where: { groupId }, orderBy: { userId: "asc" }, take: shown, select: { userId: true } }),
  ]);
  const users = await db().directoryUser.findMany({ where: { id: { in: rows.map((r) => r.userId) } } });
  const byId = new Map(users.map((u) => [u.id, u]));
  return {
    shown: rows.map(({ userId }): Principal => {
      const u = byId.get(userId);
      return u ? { type: "USER", id: u.id, name: u.displayName || u.userName, detail: u.userName } : { type: "USER", id: userId, name: userId, detail: null };
    }),
    total,
  };
}
