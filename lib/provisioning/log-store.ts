import { z } from "zod";
import { db } from "../db";
import { LOG_ACTIONS, LOG_STATUSES, type ProvisioningLogEntry, type ProvisioningLogFilter } from "../entra/provisioning-logs";
import { AppError } from "../errors";
import { jsonColumn } from "../json-column";
import { storedVocabulary } from "../stored-vocabulary";

// The provisioning log as kept here (ProvisioningLogEntry rows): written by the ingestion, read by
// the log viewer and the monitor. Names and ids are searched in one lower-cased column, so that a
// search matches the same rows on SQLite and PostgreSQL, whatever their collations do with case.

const storedAction = storedVocabulary("ProvisioningLogEntry.action", LOG_ACTIONS);
const storedStatus = storedVocabulary("ProvisioningLogEntry.status", [...LOG_STATUSES, "unknown"] as const);
const storedSteps = jsonColumn(
  "ProvisioningLogEntry.steps",
  z.array(z.object({ name: z.string(), status: z.string(), description: z.string(), details: z.record(z.string(), z.string()) })),
);

type Row = {
  id: string;
  activityDateTime: Date;
  cycleId: string;
  action: string;
  status: string;
  errorCode: string | null;
  errorReason: string | null;
  recommendedAction: string | null;
  sourceId: string;
  sourceName: string;
  sourceType: string;
  targetId: string;
  targetName: string;
  steps: string;
};

function toRow(e: ProvisioningLogEntry, ingestedAt: Date) {
  return {
    id: e.id,
    activityDateTime: e.activityDateTime,
    cycleId: e.cycleId,
    action: e.action,
    status: e.status,
    errorCode: e.errorCode,
    errorReason: e.errorReason,
    recommendedAction: e.recommendedAction,
    sourceId: e.source.id,
    sourceName: e.source.displayName,
    sourceType: e.source.type,
    targetId: e.target.id,
    targetName: e.target.displayName,
    steps: storedSteps.encode(e.steps),
    searchText: [e.source.displayName, e.source.id, e.target.displayName, e.target.id].join("\n").toLowerCase(),
    ingestedAt,
  };
}

function fromRow(r: Row): ProvisioningLogEntry {
  return {
    id: r.id,
    activityDateTime: r.activityDateTime,
    cycleId: r.cycleId,
    action: storedAction.read(r.action),
    status: storedStatus.read(r.status),
    errorCode: r.errorCode,
    errorReason: r.errorReason,
    recommendedAction: r.recommendedAction,
    source: { id: r.sourceId, displayName: r.sourceName, type: r.sourceType },
    target: { id: r.targetId, displayName: r.targetName },
    steps: storedSteps.decode(r.steps, r.id),
  };
}

/** The entries held for one Entra object, newest first: its provisioning history. */
export async function entriesForSource(sourceId: string, take = 20): Promise<ProvisioningLogEntry[]> {
  const rows = await db().provisioningLogEntry.findMany({ where: { sourceId }, orderBy: { activityDateTime: "desc" }, take });
  return rows.map(fromRow);
}

/** The newest entry held for each Entra object, by its id; objects without one are left out. */
export async function latestEntriesFor(sourceIds: string[]): Promise<Map<string, ProvisioningLogEntry>> {
  const latest = new Map<string, ProvisioningLogEntry>();
  const CHUNK = 500;
  for (let i = 0; i < sourceIds.length; i += CHUNK) {
    const rows = await db().provisioningLogEntry.findMany({
      where: { sourceId: { in: sourceIds.slice(i, i + CHUNK) } },
      orderBy: { activityDateTime: "desc" },
    });
    for (const r of rows) if (!latest.has(r.sourceId)) latest.set(r.sourceId, fromRow(r));
  }
  return latest;
}

/**
 * Stores a page of Graph's log; an entry already held (Graph's id) is updated, never repeated.
 * Returns how many entries were new.
 */
export async function storeLogEntries(entries: ProvisioningLogEntry[], ingestedAt = new Date()): Promise<number> {
  const unique = [...new Map(entries.map((e) => [e.id, e])).values()];
  if (unique.length === 0) return 0;
  const held = new Set((await db().provisioningLogEntry.findMany({ where: { id: { in: unique.map((e) => e.id) } }, select: { id: true } })).map((r) => r.id));
  // An entry, once published, does not change: one read again (the sweeps overlap) is left as held.
  const fresh = unique.filter((e) => !held.has(e.id)).map((e) => toRow(e, ingestedAt));
  await db().provisioningLogEntry.createMany({ data: fresh });
  return fresh.length;
}

export type LogPage = { entries: ProvisioningLogEntry[]; nextCursor: string | null };

export const LOG_PAGE = 50;
const MAX_CURSOR = 400;

/**
 * One page of the kept log, newest first, after `cursor` (the last entry of the previous page):
 * keyset paging, so a page costs the same deep in the history as at its top, and entries arriving
 * meanwhile do not shift the pages.
 */
export async function queryLog(filter: ProvisioningLogFilter, cursor: string | null, take = LOG_PAGE): Promise<LogPage> {
  const after = cursor === null ? null : parseCursor(cursor);
  const needle = filter.identity?.trim().toLowerCase();
  const time = {
    ...(filter.since ? { gte: filter.since } : {}),
    ...(filter.until ? { lt: filter.until } : {}),
    ...(filter.after ? { gt: filter.after } : {}),
  };
  const rows = await db().provisioningLogEntry.findMany({
    where: {
      AND: [
        filter.action ? { action: filter.action } : {},
        filter.status ? { status: filter.status } : {},
        Object.keys(time).length > 0 ? { activityDateTime: time } : {},
        needle ? { searchText: { contains: needle } } : {},
        filter.hideNoChange ? { NOT: { action: "Other", status: "skipped" } } : {},
        after ? { OR: [{ activityDateTime: { lt: after.at } }, { activityDateTime: after.at, id: { lt: after.id } }] } : {},
      ],
    },
    orderBy: [{ activityDateTime: "desc" }, { id: "desc" }],
    take: take + 1,
  });
  const entries = rows.slice(0, take).map(fromRow);
  const last = entries[entries.length - 1];
  return { entries, nextCursor: rows.length > take && last ? cursorOf(last) : null };
}

function cursorOf(e: Pick<ProvisioningLogEntry, "activityDateTime" | "id">): string {
  return Buffer.from(`${e.activityDateTime.getTime()}:${e.id}`, "utf8").toString("base64url");
}

function parseCursor(cursor: string): { at: Date; id: string } {
  const text = cursor.length <= MAX_CURSOR ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  const m = /^(\d{1,15}):(.+)$/s.exec(text);
  if (!m) throw new AppError("InvalidInput", "The page link is not valid; start again from the first page.");
  return { at: new Date(Number(m[1])), id: m[2]! };
}

/** The failures logged in a window, counted by Entra's error code, each code with its newest entry as the example. */
export async function failuresBetween(since: Date | undefined, until: Date | undefined): Promise<{ entry: ProvisioningLogEntry; count: number }[]> {
  const where = { status: "failure", activityDateTime: { ...(since ? { gte: since } : {}), ...(until ? { lt: until } : {}) } };
  const codes = await db().provisioningLogEntry.groupBy({ by: ["errorCode"], where, _count: { _all: true } });
  return Promise.all(
    codes.map(async (c) => {
      const example = await db().provisioningLogEntry.findFirstOrThrow({ where: { ...where, errorCode: c.errorCode }, orderBy: { activityDateTime: "desc" } });
      return { entry: fromRow(example), count: c._count._all };
    }),
  );
}
