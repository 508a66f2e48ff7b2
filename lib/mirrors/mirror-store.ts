import { z } from "zod";
import { db, type Tx } from "../db";
import { jsonColumn } from "../json-column";
import { insertRows } from "../rows-in-chunks";
import { storedVocabulary } from "../stored-vocabulary";
import type { HandEditPolicy } from "./mirror-plan";
import type { Nesting } from "./nesting";

// The mirrors, their members as SSO Bridge last left them, and the nesting the groups delta last
// reported, as the database keeps them.

export const MIRROR_STATES = ["active", "off", "source-deleted", "mirror-deleted"] as const;
export type MirrorStateName = (typeof MIRROR_STATES)[number];
export const storedMirrorState = storedVocabulary("Mirror.state", MIRROR_STATES);
export const storedHandEdits = storedVocabulary("Mirror.handEdits", ["correct", "leave"] as const satisfies readonly HandEditPolicy[]);
const storedExceptionKind = storedVocabulary("MirrorException.kind", ["kept", "excluded"] as const);

const ids = z.array(z.string());
const nestingUsers = jsonColumn("NestingGroup.users", ids);
const nestingGroups = jsonColumn("NestingGroup.groups", ids);
export const heldRemovalsColumn = jsonColumn("Mirror.heldRemovals", ids);
const membersColumn = jsonColumn("Mirror.members", ids);
const unsettledColumn = jsonColumn("Mirror.unsettled", ids);
const findings = z.object({ handAdded: ids, handRemoved: ids, tooDeep: ids, gone: ids, groupsFollowed: z.number() });
/** What a run found about a mirror besides its changes. */
export type MirrorFindings = z.output<typeof findings>;
export const findingsColumn = jsonColumn("Mirror.lastFindings", findings);
const swap = z.object({
  state: z.enum(["waiting", "done"]),
  /** the person who asked for it, on whose behalf the AWS access is assigned */
  requestedBy: z.object({ id: z.string(), label: z.string() }),
  /** the source's AWS account assignments given to the mirror */
  carried: z.array(z.object({ accountId: z.string(), accountName: z.string(), permissionSet: z.string() })),
  /** why a waiting swap could not finish at the last run */
  problem: z.string().nullable(),
});
/** The source's place in the enterprise application, handed to the mirror once the mirror is in AWS. */
export type MirrorSwap = z.output<typeof swap>;
export const swapColumn = jsonColumn("Mirror.swap", swap);

const SYNC_ID = "groups";
const IDS_PER_QUERY = 500;
// A first run marks and settles every mirror in one transaction: a thousand rows holding hundreds of thousands of ids at a large customer.
export const WRITE_TIMEOUT = { timeout: 10 * 60_000 };

export type StoredMirror = {
  id: string;
  sourceGroupId: string;
  sourceName: string;
  mirrorGroupId: string | null;
  mirrorName: string;
  state: MirrorStateName;
  handEdits: HandEditPolicy;
  removalGuardPercent: number;
  heldRemovals: string[] | null;
  removalsConfirmed: boolean;
  lastSyncAt: Date | null;
  lastSyncOutcome: string | null;
  memberCount: number;
  findings: MirrorFindings | null;
  swap: MirrorSwap | null;
  createdAt: Date;
};

/** The members of a mirror as SSO Bridge left them: settled ones, and those a stopped run sent without recording the outcome. */
export type MirrorMembers = { settled: Set<string>; unsettled: Set<string>; kept: Set<string>; excluded: Set<string> };

/** The mirrors, without their member lists; `swapAsked`: only those whose swap was asked for. */
export async function storedMirrors(filter: { id?: string; state?: MirrorStateName; swapAsked?: boolean } = {}): Promise<StoredMirror[]> {
  const { swapAsked, ...where } = filter;
  const rows = await db().mirror.findMany({
    where: { ...where, ...(swapAsked ? { swap: { not: null } } : {}) },
    orderBy: { sourceName: "asc" },
    omit: { members: true, unsettled: true },
  });
  return rows.map((r) => ({
    id: r.id,
    sourceGroupId: r.sourceGroupId,
    sourceName: r.sourceName,
    mirrorGroupId: r.mirrorGroupId,
    mirrorName: r.mirrorName,
    state: storedMirrorState.read(r.state),
    handEdits: storedHandEdits.read(r.handEdits),
    removalGuardPercent: r.removalGuardPercent,
    heldRemovals: r.heldRemovals === null ? null : heldRemovalsColumn.decode(r.heldRemovals, r.id),
    removalsConfirmed: r.removalsConfirmed,
    lastSyncAt: r.lastSyncAt,
    lastSyncOutcome: r.lastSyncOutcome,
    memberCount: r.memberCount,
    findings: r.lastFindings === null ? null : findingsColumn.decode(r.lastFindings, r.id),
    swap: r.swap === null ? null : swapColumn.decode(r.swap, r.id),
    createdAt: r.createdAt,
  }));
}

/** The members of each of the mirrors, with the hand edits left as exceptions. */
export async function membersOf(mirrorIds: string[]): Promise<Map<string, MirrorMembers>> {
  const found = new Map<string, MirrorMembers>();
  for (let i = 0; i < mirrorIds.length; i += IDS_PER_QUERY) {
    const ids = mirrorIds.slice(i, i + IDS_PER_QUERY);
    for (const r of await db().mirror.findMany({ where: { id: { in: ids } }, select: { id: true, members: true, unsettled: true } }))
      found.set(r.id, {
        settled: new Set(membersColumn.decode(r.members, r.id)),
        unsettled: new Set(r.unsettled === null ? [] : unsettledColumn.decode(r.unsettled, r.id)),
        kept: new Set(),
        excluded: new Set(),
      });
    for (const e of await db().mirrorException.findMany({ where: { mirrorId: { in: ids } }, select: { mirrorId: true, userId: true, kind: true } })) {
      const members = found.get(e.mirrorId);
      if (members) (storedExceptionKind.read(e.kind) === "kept" ? members.kept : members.excluded).add(e.userId);
    }
  }
  return found;
}

/** Before a run sends its changes: each member it adds or removes is marked unsettled until the outcome is recorded. */
export async function markUnsettled(changes: { mirrorId: string; add: string[]; remove: string[]; before: Set<string> }[]): Promise<void> {
  if (changes.length === 0) return;
  await db().$transaction(async (tx) => {
    for (const c of changes)
      await tx.mirror.updateMany({
        where: { id: c.mirrorId },
        data: { unsettled: unsettledColumn.encode([...new Set([...c.before, ...c.add, ...c.remove])]) },
      });
  }, WRITE_TIMEOUT);
}

/** What a run leaves of a mirror: its members as Entra now has them, all settled, and what the run found. */
export type SettledMirror = {
  members: Set<string>;
  heldRemovals: string[];
  findings: MirrorFindings;
  outcome: string;
  at: Date;
  groupDeleted: boolean;
};

export async function settleMirror(tx: Tx, mirrorId: string, s: SettledMirror): Promise<void> {
  await tx.mirror.updateMany({
    where: { id: mirrorId },
    data: {
      members: membersColumn.encode([...s.members]),
      unsettled: null,
      memberCount: s.members.size,
      heldRemovals: s.heldRemovals.length > 0 ? heldRemovalsColumn.encode(s.heldRemovals) : null,
      removalsConfirmed: false,
      lastFindings: findingsColumn.encode(s.findings),
      lastSyncAt: s.at,
      lastSyncOutcome: s.outcome,
      ...(s.groupDeleted ? { state: "mirror-deleted" } : {}),
    },
  });
}

export async function addExceptions(tx: Tx, mirrorId: string, kind: "kept" | "excluded", userIds: string[]): Promise<void> {
  if (userIds.length > 0)
    await insertRows(tx, "MirrorException", ["mirrorId", "userId", "kind", "createdAt"], userIds, (userId) => [mirrorId, userId, kind, new Date()]);
}

export async function deltaLinkState(): Promise<{ deltaLink: string | null; lastFullAt: Date | null }> {
  const row = await db().mirrorSync.findUnique({ where: { id: SYNC_ID } });
  return { deltaLink: row?.deltaLink ?? null, lastFullAt: row?.lastFullAt ?? null };
}

export async function loadNesting(): Promise<Nesting> {
  const nesting: Nesting = new Map();
  for (const row of await db().nestingGroup.findMany())
    nesting.set(row.id, { displayName: row.displayName, users: nestingUsers.decode(row.users, row.id), groups: nestingGroups.decode(row.groups, row.id) });
  return nesting;
}

/** Keeps the nesting after a round: all of it after a first round, else the groups that changed; and where the next round starts. */
export async function saveNesting(tx: Tx, nesting: Nesting, changed: Set<string>, whole: boolean, deltaLink: string): Promise<void> {
  if (whole) await tx.nestingGroup.deleteMany();
  else {
    const gone = [...changed];
    for (let i = 0; i < gone.length; i += IDS_PER_QUERY) await tx.nestingGroup.deleteMany({ where: { id: { in: gone.slice(i, i + IDS_PER_QUERY) } } });
  }
  const kept = whole ? [...nesting.keys()] : [...changed].filter((id) => nesting.has(id));
  await insertRows(tx, "NestingGroup", ["id", "displayName", "users", "groups"], kept, (id) => {
    const g = nesting.get(id) as { displayName: string; users: string[]; groups: string[] };
    return [id, g.displayName, nestingUsers.encode(g.users), nestingGroups.encode(g.groups)];
  });
  const now = new Date();
  await tx.mirrorSync.upsert({
    where: { id: SYNC_ID },
    create: { id: SYNC_ID, deltaLink, lastFullAt: whole ? now : null },
    update: { deltaLink, ...(whole ? { lastFullAt: now } : {}) },
  });
}
