import { db } from "../db";
import { errorFields, log } from "../log";
import type { ReadingDefinition } from "./cloud-reading";
import { forgetUnwatchedMembers, memberOf, type ReadingFamily } from "./reading-family";
import { refreshReading } from "./refresh-reading";

// The background readers: every second each instance looks at which readings are due and refreshes
// those (one instance per reading at a time, through the lease, within the shared budget). A reading
// is due when someone asked for a refresh since the last attempt, or when it is older than it may
// grow: briefly while someone has it on screen, up to the monitor's period while nobody does. A
// family's members (reading-family.ts) are read only while someone has them on screen, a few at a
// time per instance.

const TICK_MS = 1_000;
// After a failed read the next waits at least this long, so an outage or throttling is not answered with more requests.
const AFTER_PROBLEM_MS = 15_000;
// Members read at once by one instance: fifty people on fifty account pages are served in turn, not in a burst.
const MEMBERS_AT_ONCE = 4;
const FORGET_EVERY_MS = 10 * 60_000;

type Row = { readAt: Date | null; attemptedAt: Date | null; problem: string | null; requestedAt: Date | null; watchedUntil: Date | null };

export function isDue(def: Pick<ReadingDefinition<unknown>, "watchedMaxAgeMs" | "idleMaxAgeMs">, row: Row | null, now: Date): boolean {
  if (!row?.attemptedAt) return true;
  if (row.requestedAt && row.requestedAt > row.attemptedAt) return true;
  const maxAge = row.watchedUntil && row.watchedUntil > now ? def.watchedMaxAgeMs : def.idleMaxAgeMs();
  if (row.problem) return now.getTime() - row.attemptedAt.getTime() >= Math.max(maxAge, AFTER_PROBLEM_MS);
  return now.getTime() - (row.readAt ?? row.attemptedAt).getTime() >= maxAge;
}

export type Readers = { tick(now?: Date): Promise<void>; stop(): void };

export function startReaders(
  readings: ReadingDefinition<unknown>[],
  instanceId: string,
  opts: { tickMs?: number; families?: ReadingFamily<unknown>[] } = {},
): Readers {
  const families = opts.families ?? [];
  const busy = new Set<string>();
  let membersBusy = 0;
  let forgottenAt = 0;
  const refresh = async (def: ReadingDefinition<unknown>) => {
    busy.add(def.key);
    try {
      await refreshReading(def, { instanceId });
    } catch (e) {
      log("warn", `the reader of ${def.label} failed`, errorFields(e));
    } finally {
      busy.delete(def.key);
    }
  };
  const tick = async (now = new Date()) => {
    const client = db();
    const found = await Promise.all([
      client.cloudReading.findMany({ where: { key: { in: readings.map((r) => r.key) } } }),
      families.length === 0
        ? []
        : client.cloudReading.findMany({
            where: { OR: families.map((f) => ({ key: { startsWith: f.prefix } })), watchedUntil: { gt: now } },
            orderBy: { watchedUntil: "desc" },
          }),
    ]).catch((e: unknown) => (log("warn", "the readers could not see which readings are due", errorFields(e)), null));
    if (!found) return;
    const [rows, memberRows] = found;
    const byKey = new Map(rows.map((r) => [r.key, r]));
    const dueMembers = memberRows
      .filter((row) => !busy.has(row.key))
      .flatMap((row) => {
        const def = memberOf(families, row.key);
        return def && isDue(def, row, now) ? [def] : [];
      })
      .slice(0, Math.max(0, MEMBERS_AT_ONCE - membersBusy));
    if (families.length > 0 && now.getTime() - forgottenAt >= FORGET_EVERY_MS) {
      forgottenAt = now.getTime();
      await forgetUnwatchedMembers(families, now).catch((e: unknown) => log("warn", "the readers could not forget unwatched readings", errorFields(e)));
    }
    await Promise.all([
      ...readings.filter((def) => !busy.has(def.key) && isDue(def, byKey.get(def.key) ?? null, now)).map(refresh),
      ...dueMembers.map(async (def) => {
        membersBusy += 1;
        try {
          await refresh(def);
        } finally {
          membersBusy -= 1;
        }
      }),
    ]);
  };
  const timer = setInterval(() => void tick(), opts.tickMs ?? TICK_MS);
  timer.unref();
  return { tick, stop: () => clearInterval(timer) };
}
