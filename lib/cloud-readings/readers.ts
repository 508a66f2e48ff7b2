import { db } from "../db";
import { errorFields, log } from "../log";
import type { ReadingDefinition } from "./cloud-reading";
import { refreshReading } from "./refresh-reading";

// The background readers: every second each instance looks at which readings are due and refreshes
// those (one instance per reading at a time, through the lease, within the shared budget). A reading
// is due when someone asked for a refresh since the last attempt, or when it is older than it may
// grow: briefly while someone has it on screen, up to the monitor's period while nobody does.

const TICK_MS = 1_000;
// After a failed read the next waits at least this long, so an outage or throttling is not answered with more requests.
const AFTER_PROBLEM_MS = 15_000;

type Row = { readAt: Date | null; attemptedAt: Date | null; problem: string | null; requestedAt: Date | null; watchedUntil: Date | null };

export function isDue(def: Pick<ReadingDefinition<unknown>, "watchedMaxAgeMs" | "idleMaxAgeMs">, row: Row | null, now: Date): boolean {
  if (!row?.attemptedAt) return true;
  if (row.requestedAt && row.requestedAt > row.attemptedAt) return true;
  const maxAge = row.watchedUntil && row.watchedUntil > now ? def.watchedMaxAgeMs : def.idleMaxAgeMs();
  if (row.problem) return now.getTime() - row.attemptedAt.getTime() >= Math.max(maxAge, AFTER_PROBLEM_MS);
  return now.getTime() - (row.readAt ?? row.attemptedAt).getTime() >= maxAge;
}

export type Readers = { tick(now?: Date): Promise<void>; stop(): void };

export function startReaders(readings: ReadingDefinition<unknown>[], instanceId: string, opts: { tickMs?: number } = {}): Readers {
  const busy = new Set<string>();
  const tick = async (now = new Date()) => {
    const rows = await db()
      .cloudReading.findMany({ where: { key: { in: readings.map((r) => r.key) } } })
      .catch((e: unknown) => (log("warn", "the readers could not see which readings are due", errorFields(e)), null));
    if (!rows) return;
    const byKey = new Map(rows.map((r) => [r.key, r]));
    await Promise.all(
      readings
        .filter((def) => !busy.has(def.key) && isDue(def, byKey.get(def.key) ?? null, now))
        .map(async (def) => {
          busy.add(def.key);
          try {
            await refreshReading(def, { instanceId });
          } catch (e) {
            log("warn", `the reader of ${def.label} failed`, errorFields(e));
          } finally {
            busy.delete(def.key);
          }
        }),
    );
  };
  const timer = setInterval(() => void tick(), opts.tickMs ?? TICK_MS);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
