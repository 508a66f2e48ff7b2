import type { z } from "zod";
import { db } from "../db";
import { jsonColumn, type JsonColumn } from "../json-column";
import { sharedRead } from "../shared-reads";
import type { BudgetKey } from "./budget";

// A reading is something SSO Bridge keeps of a cloud's state so that pages show it without asking
// the cloud: the provisioning job, the permission sets, the organization. Each is defined once, by
// the capability that owns it, with how to read it, which budget a read spends, and how often it
// is read while someone is looking and while nobody is.

export type ReadingDefinition<T> = {
  key: string;
  /** what it is, for people: "the provisioning job" */
  label: string;
  value: JsonColumn<T>;
  /** which budget a read spends, and how much; null when the reading is not configured yet (nothing to read) */
  budget(): Promise<{ key: BudgetKey; cost: number } | null>;
  /** reads the cloud; throws AppError when it cannot */
  read(): Promise<T>;
  /** how old the value may grow while someone has it on screen, and while nobody does */
  watchedMaxAgeMs: number;
  idleMaxAgeMs(): number;
};

export function defineReading<T>(def: Omit<ReadingDefinition<T>, "value"> & { schema: z.ZodType<T> }): ReadingDefinition<T> {
  const { schema, ...rest } = def;
  return { ...rest, value: jsonColumn<T>(`CloudReading.value (${def.key})`, schema) };
}

/** What is kept of a reading: the last good value and when it was read, and why the last attempt did not refresh it. */
export type StoredReading<T> = {
  label: string;
  value: T | null;
  readAt: Date | null;
  attemptedAt: Date | null;
  problem: string | null;
  /** a refresh is asked for or under way */
  refreshing: boolean;
};

/** The reading as kept, without asking the cloud. */
export async function storedReading<T>(def: ReadingDefinition<T>, now = new Date()): Promise<StoredReading<T>> {
  return asStored(def, await readDecoded(def), now);
}

/** The same for a page: one read of the row serves every page of the next second (lib/shared-reads.ts). */
export async function shownReading<T>(def: ReadingDefinition<T>, now = new Date()): Promise<StoredReading<T>> {
  return asStored(def, await sharedRead(`reading:${def.key}`, ["CloudReading"], () => readDecoded(def)), now);
}

async function readDecoded<T>(def: ReadingDefinition<T>) {
  const row = await db().cloudReading.findUnique({ where: { key: def.key } });
  return { row, value: row?.value ? def.value.decode(row.value) : null };
}

function asStored<T>(def: ReadingDefinition<T>, { row, value }: Awaited<ReturnType<typeof readDecoded<T>>>, now: Date): StoredReading<T> {
  const pending = !!row?.requestedAt && (!row.attemptedAt || row.requestedAt > row.attemptedAt);
  const leased = !!row?.leaseUntil && row.leaseUntil > now;
  return {
    label: def.label,
    value,
    readAt: row?.readAt ?? null,
    attemptedAt: row?.attemptedAt ?? null,
    problem: row?.problem ?? null,
    refreshing: pending || leased,
  };
}

// Someone looking is worth a write every few seconds, not one per render of every page in the team.
const WATCH_MS = 60_000;
const WATCH_WRITE_EVERY_MS = 15_000;
const WATCH_WRITES_KEPT = 1_000;
const lastWatchWrite = new Map<string, number>();

/** Notes that someone has the reading on screen, so the readers keep it fresh for the next minute. */
export async function watchReading(def: ReadingDefinition<unknown>, now = new Date()): Promise<void> {
  const last = lastWatchWrite.get(def.key) ?? 0;
  if (now.getTime() - last < WATCH_WRITE_EVERY_MS) return;
  // A family has a member per account, person or set: only recent writes need remembering.
  if (lastWatchWrite.size >= WATCH_WRITES_KEPT)
    for (const [key, at] of lastWatchWrite) if (now.getTime() - at >= WATCH_WRITE_EVERY_MS) lastWatchWrite.delete(key);
  lastWatchWrite.set(def.key, now.getTime());
  const watchedUntil = new Date(now.getTime() + WATCH_MS);
  await db().cloudReading.upsert({ where: { key: def.key }, create: { key: def.key, watchedUntil }, update: { watchedUntil } });
}

/** Asks the readers to refresh the reading at their next turn: after a change made here, or Check now. */
export async function requestRefresh(def: ReadingDefinition<unknown>, now = new Date()): Promise<void> {
  await db().cloudReading.upsert({ where: { key: def.key }, create: { key: def.key, requestedAt: now }, update: { requestedAt: now } });
}

/** Forgets a reading, e.g. when what it reads is reconfigured and the old value would mislead. */
export async function forgetReading(def: ReadingDefinition<unknown>): Promise<void> {
  await db().cloudReading.deleteMany({ where: { key: def.key } });
}
