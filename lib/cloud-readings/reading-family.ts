import type { z } from "zod";
import { db } from "../db";
import type { BudgetKey } from "./budget";
import { defineReading, type ReadingDefinition } from "./cloud-reading";

// A family of readings, one per thing a page is about: who can reach one account, what one person
// can reach, one permission set. There are as many members as accounts, people and sets, so a
// member is kept only while somebody looks at it: the readers refresh a member while its page is
// open (or a change asked for it and its page is open), never while nobody looks, and forget one
// nobody has opened for a day.

export type ReadingFamily<T> = {
  prefix: string;
  member(id: string): ReadingDefinition<T>;
};

export const FORGET_UNWATCHED_AFTER_MS = 24 * 3_600_000;

export function defineReadingFamily<T>(def: {
  /** ends the key of every member, e.g. "aws.account-access:" */
  prefix: string;
  label(id: string): string;
  schema: z.ZodType<T>;
  budget(id: string): Promise<{ key: BudgetKey; cost: number } | null>;
  read(id: string): Promise<T>;
  watchedMaxAgeMs: number;
}): ReadingFamily<T> {
  return {
    prefix: def.prefix,
    member: (id) =>
      defineReading<T>({
        key: `${def.prefix}${id}`,
        label: def.label(id),
        schema: def.schema,
        budget: () => def.budget(id),
        read: () => def.read(id),
        watchedMaxAgeMs: def.watchedMaxAgeMs,
        // Nobody looking: not read at all.
        idleMaxAgeMs: () => Infinity,
      }),
  };
}

/** The member a stored key belongs to, among these families; null for a key of none of them. */
export function memberOf(families: ReadingFamily<unknown>[], key: string): ReadingDefinition<unknown> | null {
  const family = families.find((f) => key.startsWith(f.prefix));
  return family ? family.member(key.slice(family.prefix.length)) : null;
}

/**
 * Asks for members to be read again after a change made here: those named, or every member of the
 * family. Only members already kept are marked; the readers read each when its page is open.
 */
export async function requestFamilyRefresh(family: ReadingFamily<unknown>, ids: string[] | "all", now = new Date()): Promise<void> {
  if (ids !== "all" && ids.length === 0) return;
  const where = ids === "all" ? { key: { startsWith: family.prefix } } : { key: { in: ids.map((id) => family.member(id).key) } };
  await db().cloudReading.updateMany({ where, data: { requestedAt: now } });
}

/** Members nobody has had on screen for a day, and no instance is reading. */
export async function forgetUnwatchedMembers(families: ReadingFamily<unknown>[], now = new Date()): Promise<number> {
  if (families.length === 0) return 0;
  const before = new Date(now.getTime() - FORGET_UNWATCHED_AFTER_MS);
  const { count } = await db().cloudReading.deleteMany({
    where: {
      OR: families.map((f) => ({ key: { startsWith: f.prefix } })),
      AND: [{ OR: [{ watchedUntil: null }, { watchedUntil: { lt: before } }] }, { OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] }],
    },
  });
  return count;
}
