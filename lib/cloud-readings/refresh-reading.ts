import crypto from "node:crypto";
import { db } from "../db";
import { isAppError } from "../errors";
import { errorFields, log } from "../log";
import { spend } from "./budget";
import { storedReading, type ReadingDefinition, type StoredReading } from "./cloud-reading";

// Refreshing a reading: one cloud read however many ask at once. Within an instance, callers share
// the read under way; across instances, a lease on the reading's row lets one instance read while
// the others wait for what it stores. A read that fails (throttled, an outage) keeps the last good
// value and records why, so pages go on showing it with its age and the reason.

// A read renews its lease while it lasts (budget waits, many pages), so a long read keeps it and a
// crashed instance's lapses within a minute.
const LEASE_MS = 60_000;
const RENEW_EVERY_MS = 20_000;
const WAIT_POLL_MS = 200;
const PROCESS_HOLDER = `pid-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
const inFlight = new Map<string, Promise<void>>();

export type RefreshOptions = {
  /** a value read this recently is fresh enough: the request is served by it, not by another read */
  freshEnoughMs?: number;
  /** how long to wait for another instance's read, or for budget, before giving up */
  waitMs?: number;
  instanceId?: string;
};

/** Refreshes the reading (or joins the refresh under way) and returns what is then kept. */
export async function refreshReading<T>(def: ReadingDefinition<T>, opts: RefreshOptions = {}): Promise<StoredReading<T>> {
  const started = new Date();
  let running = inFlight.get(def.key);
  if (!running) {
    running = readOnce(def, started, opts).finally(() => inFlight.delete(def.key));
    inFlight.set(def.key, running);
  }
  await running;
  return storedReading(def);
}

// A read already under way when a change was made may keep what was there before: this many tries.
export const TRIES_AFTER_CHANGE = 3;

/**
 * After a change made here: returns once a read begun after `since` is kept (or has failed), so the
 * next render shows the change. A read under way that began earlier is joined, then read again.
 */
export async function refreshReadingStartedAfter<T>(def: ReadingDefinition<T>, since: Date): Promise<StoredReading<T>> {
  let kept = await refreshReading(def);
  for (let tries = 1; tries < TRIES_AFTER_CHANGE && !(kept.attemptedAt && kept.attemptedAt >= since); tries++) kept = await refreshReading(def);
  return kept;
}

async function readOnce<T>(def: ReadingDefinition<T>, started: Date, opts: RefreshOptions): Promise<void> {
  const client = db();
  const row = await client.cloudReading.upsert({ where: { key: def.key }, create: { key: def.key }, update: {} });
  if (opts.freshEnoughMs && row.readAt && started.getTime() - row.readAt.getTime() <= opts.freshEnoughMs) return;
  const holder = opts.instanceId ?? PROCESS_HOLDER;
  const { count } = await client.cloudReading.updateMany({
    where: { key: def.key, OR: [{ leaseUntil: null }, { leaseUntil: { lt: started } }] },
    data: { leaseHolder: holder, leaseUntil: new Date(started.getTime() + LEASE_MS) },
  });
  if (count === 0) return waitForOtherInstance(def, started, opts.waitMs ?? 10_000);
  const release = { leaseHolder: null, leaseUntil: null };
  // Written only while this instance still holds the lease: one that lost it (a stall longer than
  // the lease) leaves the reading to the instance that took it over.
  const mine = { key: def.key, leaseHolder: holder };
  const renew = setInterval(() => {
    client.cloudReading
      .updateMany({ where: mine, data: { leaseUntil: new Date(Date.now() + LEASE_MS) } })
      .catch((e: unknown) => log("warn", `could not renew the lease on ${def.label}`, errorFields(e)));
  }, RENEW_EVERY_MS);
  renew.unref();
  try {
    const budget = await def.budget();
    if (!budget) {
      // Nothing to read until setup configures it; the change that does asks for a refresh.
      await client.cloudReading.updateMany({ where: mine, data: { attemptedAt: started, ...release } });
      return;
    }
    await spend(budget.key, budget.cost, opts.waitMs ?? 30_000);
    const value = await def.read();
    await client.cloudReading.updateMany({
      where: mine,
      data: { value: def.value.encode(value), readAt: new Date(), attemptedAt: started, problem: null, ...release },
    });
  } catch (e) {
    if (!isAppError(e)) log("error", `reading ${def.label} failed`, errorFields(e));
    const problem = isAppError(e) ? e.message : "An unexpected error occurred; the server log has it.";
    await client.cloudReading.updateMany({ where: mine, data: { attemptedAt: started, problem, ...release } });
  } finally {
    clearInterval(renew);
  }
}

/** Another instance holds the lease: its result, once stored, serves this request too. */
async function waitForOtherInstance(def: ReadingDefinition<unknown>, started: Date, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
    const row = await db().cloudReading.findUnique({ where: { key: def.key }, select: { leaseUntil: true, attemptedAt: true } });
    if (!row?.leaseUntil || row.leaseUntil < new Date()) return;
    if (row.attemptedAt && row.attemptedAt >= started) return;
  }
}
