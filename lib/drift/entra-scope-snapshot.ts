import { z } from "zod";
import { db } from "../db";
import type { ScopeReading, StoredScope } from "../entra/provisioning-scope";
import type { ScopeUserAttributes } from "../entra/scope-user";
import { jsonColumn } from "../json-column";
import { insertRows } from "../rows-in-chunks";

// The Entra side of the latest complete scan, kept so the next scan reads only what changed since
// (the delta links taken as the scan began). Replaced whole by each complete scan, like the AWS
// snapshot; one older than Graph keeps delta links is not used, and the next scan reads everything.

const SNAPSHOT_ID = "entra-scope";
const ROWS_PER_READ = 10_000;
// Graph keeps delta links for 7 days; a day's margin.
const MAX_AGE_MS = 6 * 24 * 3_600_000;

const text = z.string().nullable();
const attributesColumn = jsonColumn<ScopeUserAttributes>(
  "EntraScopeUser.attributes",
  z.object({
    id: z.string(),
    userPrincipalName: z.string(),
    displayName: text,
    givenName: text,
    surname: text,
    mail: text,
    jobTitle: text,
    department: text,
    accountEnabled: z.boolean(),
    guest: z.boolean(),
  }),
);
const nestedGroupsColumn = jsonColumn("EntraScopeGroup.nestedGroups", z.array(z.string()));

export async function saveEntraScope(scanId: string, servicePrincipalId: string, reading: ScopeReading, takenAt = new Date()): Promise<void> {
  const { scope, nestedGroups, deltaLinks } = reading;
  await db().$transaction(
    async (tx) => {
      await tx.entraScopeMembership.deleteMany();
      await tx.entraScopeUser.deleteMany();
      await tx.entraScopeGroup.deleteMany();
      await insertRows(tx, "EntraScopeUser", ["id", "attributes"], scope.users, ({ reach: _reach, ...attributes }) => [
        attributes.id,
        attributesColumn.encode(attributes),
      ]);
      await insertRows(tx, "EntraScopeGroup", ["id", "displayName", "nestedGroups"], scope.groups, (g) => [
        g.id,
        g.displayName,
        nestedGroupsColumn.encode(nestedGroups.get(g.id) ?? []),
      ]);
      await insertRows(tx, "EntraScopeMembership", ["groupId", "userId", "nested"], scope.memberships, (m) => [m.groupId, m.userId, m.nested]);
      const row = { servicePrincipalId, takenAt, scanId, usersDeltaLink: deltaLinks.users, groupsDeltaLink: deltaLinks.groups };
      await tx.entraScopeSnapshot.upsert({ where: { id: SNAPSHOT_ID }, create: { id: SNAPSHOT_ID, ...row }, update: row });
    },
    { timeout: 300_000 },
  );
}

/** The stored scope of this enterprise app, recent enough for its delta links; null otherwise. */
export async function storedEntraScope(servicePrincipalId: string, now = new Date()): Promise<StoredScope | null> {
  const snapshot = await db().entraScopeSnapshot.findUnique({ where: { id: SNAPSHOT_ID } });
  if (!snapshot || snapshot.servicePrincipalId !== servicePrincipalId || now.getTime() - snapshot.takenAt.getTime() > MAX_AGE_MS) return null;
  const stored: StoredScope = {
    users: new Map(),
    groups: new Map(),
    members: new Map(),
    deltaLinks: { users: snapshot.usersDeltaLink, groups: snapshot.groupsDeltaLink },
  };
  // A page at a time, so the rows of a large scope are never held twice over.
  for (let after = ""; ;) {
    const page = await db().entraScopeUser.findMany({ where: { id: { gt: after } }, orderBy: { id: "asc" }, take: ROWS_PER_READ });
    if (page.length === 0) break;
    for (const u of page) stored.users.set(u.id, attributesColumn.decode(u.attributes, u.id));
    after = page[page.length - 1]!.id;
  }
  for (const g of await db().entraScopeGroup.findMany())
    stored.groups.set(g.id, { displayName: g.displayName, nestedGroups: nestedGroupsColumn.decode(g.nestedGroups, g.id) });
  for (let after = { groupId: "", userId: "" }; ;) {
    const page = await db().entraScopeMembership.findMany({
      where: { OR: [{ groupId: { gt: after.groupId } }, { groupId: after.groupId, userId: { gt: after.userId } }] },
      orderBy: [{ groupId: "asc" }, { userId: "asc" }],
      take: ROWS_PER_READ,
    });
    if (page.length === 0) break;
    for (const m of page) {
      const members = stored.members.get(m.groupId) ?? [];
      members.push({ userId: m.userId, nested: m.nested });
      stored.members.set(m.groupId, members);
    }
    after = page[page.length - 1]!;
  }
  return stored;
}

/** The sign-in names of the users the latest scan found in scope, for those of `ids` it found. */
export async function scopeUserNames(ids: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += ROWS_PER_READ)
    for (const u of await db().entraScopeUser.findMany({ where: { id: { in: ids.slice(i, i + ROWS_PER_READ) } } }))
      names.set(u.id, attributesColumn.decode(u.attributes, u.id).userPrincipalName);
  return names;
}

/** The assigned groups that nest others, with how many of their people only nesting reaches, as the latest scan found them. */
export async function nestedScopeGroups(): Promise<{
  takenAt: Date | null;
  groups: { id: string; displayName: string; nestedOnly: number; nestedGroups: number }[];
}> {
  const snapshot = await db().entraScopeSnapshot.findUnique({ where: { id: SNAPSHOT_ID }, select: { takenAt: true } });
  if (!snapshot) return { takenAt: null, groups: [] };
  const counts = await db().entraScopeMembership.groupBy({ by: ["groupId"], where: { nested: true }, _count: { _all: true } });
  const nestedOnly = new Map(counts.map((c) => [c.groupId, c._count._all]));
  const groups = (await db().entraScopeGroup.findMany({ orderBy: { displayName: "asc" } }))
    .map((g) => ({
      id: g.id,
      displayName: g.displayName,
      nestedOnly: nestedOnly.get(g.id) ?? 0,
      nestedGroups: nestedGroupsColumn.decode(g.nestedGroups, g.id).length,
    }))
    .filter((g) => g.nestedGroups > 0);
  return { takenAt: snapshot.takenAt, groups };
}
