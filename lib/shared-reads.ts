import type { Prisma } from "./generated/sqlite";

// Every page asks the database for the same few things: the signed-in person, the settings, what
// setup configured, the stored cloud readings. Each Prisma query costs about a millisecond of CPU
// to plan and decode, more than the page's own rendering, and a team asks the same ones many times
// a second. So a process shares such a read for up to SHARE_FOR_MS. What this process writes drops
// the reads it may have changed at once (lib/db.ts reports every write); what another instance
// writes is seen within SHARE_FOR_MS.

export const SHARE_FOR_MS = 1_000;
// Past this many entries (one per signed-in person, page of the log or of the audit history, mostly)
// the stale ones go, then the oldest: a flood of distinct requests cannot grow the map without bound.
const KEEP_AT_MOST = 1_000;

export type Table = Prisma.ModelName;

type Entry = { value: Promise<unknown>; at: number; stamp: string };
type State = {
  /** A transaction may write any table, and its writes are visible only once it ends: both its start and its end drop every shared read. */
  transactions: number;
  writes: Map<Table, number>;
  entries: Map<string, Entry>;
};
// On globalThis: Next.js bundles server code more than once (pages, actions, background work) and
// the database client is one per process (lib/db.ts), so the writes it reports must reach every copy.
const state = ((globalThis as unknown as { ssoBridgeSharedReads?: State }).ssoBridgeSharedReads ??= {
  transactions: 0,
  writes: new Map<Table, number>(),
  entries: new Map<string, Entry>(),
});
const { writes, entries } = state;

const stampOf = (tables: readonly Table[]) => `${state.transactions}/${tables.map((t) => writes.get(t) ?? 0).join(",")}`;

/**
 * `read`'s answer, shared with every caller asking for `key` within SHARE_FOR_MS unless this
 * process wrote one of `tables` since. Only for reads outside a transaction; the value is shared,
 * so callers must not change it.
 */
export function sharedRead<T>(key: string, tables: readonly Table[], read: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const stamp = stampOf(tables);
  const kept = entries.get(key);
  if (kept && kept.stamp === stamp && now - kept.at < SHARE_FOR_MS) return kept.value as Promise<T>;
  if (entries.size >= KEEP_AT_MOST) prune(now);
  const value = read();
  const entry = { value, at: now, stamp };
  entries.set(key, entry);
  // A failed read is not shared: the next caller asks again.
  value.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return value;
}

function prune(now: number): void {
  for (const [key, entry] of entries) if (now - entry.at >= SHARE_FOR_MS) entries.delete(key);
  // A Map iterates in insertion order: the first keys are the oldest.
  for (const key of entries.keys()) {
    if (entries.size < KEEP_AT_MOST / 2) break;
    entries.delete(key);
  }
}

/** For lib/db.ts: a write to `table` outside a transaction has finished (or failed, having perhaps written). */
export function tableWritten(table: Table): void {
  writes.set(table, (writes.get(table) ?? 0) + 1);
}

/** For lib/db.ts: a transaction starts or ends. */
export function transactionBoundary(): void {
  state.transactions += 1;
}
