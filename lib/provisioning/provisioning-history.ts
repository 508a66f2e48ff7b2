import { db } from "../db";
import { sharedRead } from "../shared-reads";
import { storedCycleFailures, type CycleFailures } from "./cycle-failures";
import { storedSnapshotState, type SnapshotState } from "./monitor";

// The Provisioning page's history, from the monitor's snapshots: what each poll saw, and each
// provisioning cycle once, however many polls saw it.

export type PollPoint = { takenAt: Date; state: SnapshotState; users: number | null; groups: number | null; lastCycleState: string | null };

export type CyclePoint = {
  endedAt: Date;
  state: string;
  seconds: number | null;
  /** objects written to AWS */
  exported: number | null;
  /** objects that failed */
  failed: number | null;
  /** objects in scope that needed no change */
  unchanged: number | null;
};

export type ProvisioningHistory = { polls: PollPoint[]; cycles: CyclePoint[] };

type CycleRow = {
  lastCycleId: string | null;
  lastCycleState: string | null;
  lastCycleBeganAt: Date | null;
  lastCycleEndedAt: Date | null;
  lastCycleEntitled: number | null;
  lastCycleExported: number | null;
  lastCycleFailed: number | null;
};

// A cycle lasts minutes and the monitor polls every few: this many snapshots hold more cycles than the chart shows.
const CYCLE_SCAN = 1000;

/** What the History chart shows; shared by the pages of the next second (lib/shared-reads.ts). */
export function provisioningHistory(opts: { polls?: number; cycles?: number } = {}): Promise<ProvisioningHistory> {
  return sharedRead(`provisioning-history:${opts.polls}:${opts.cycles}`, ["ProvisioningSnapshot"], () => readHistory(opts));
}

async function readHistory(opts: { polls?: number; cycles?: number }): Promise<ProvisioningHistory> {
  const [polls, cycleRows] = await Promise.all([
    db().provisioningSnapshot.findMany({
      orderBy: { takenAt: "desc" },
      take: opts.polls ?? 48,
      select: { takenAt: true, state: true, users: true, groups: true, lastCycleState: true },
    }),
    db().provisioningSnapshot.findMany({
      where: { lastCycleEndedAt: { not: null } },
      orderBy: { takenAt: "desc" },
      take: CYCLE_SCAN,
      select: {
        lastCycleId: true,
        lastCycleState: true,
        lastCycleBeganAt: true,
        lastCycleEndedAt: true,
        lastCycleEntitled: true,
        lastCycleExported: true,
        lastCycleFailed: true,
      },
    }),
  ]);
  return {
    polls: polls.reverse().map((p) => ({ ...p, state: storedSnapshotState.read(p.state) })),
    cycles: distinctCycles(cycleRows.reverse()).slice(-(opts.cycles ?? 30)),
  };
}

/** Snapshots oldest first to cycles oldest first, each cycle once. */
export function distinctCycles(rows: CycleRow[]): CyclePoint[] {
  const seen = new Set<string>();
  const cycles: CyclePoint[] = [];
  for (const r of rows) {
    if (!r.lastCycleEndedAt || !r.lastCycleState) continue;
    // Graph names each run; the end time tells runs apart when it does not.
    const key = r.lastCycleId ?? `${r.lastCycleEndedAt.toISOString()} ${r.lastCycleState}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const counted = r.lastCycleEntitled !== null && r.lastCycleExported !== null;
    cycles.push({
      endedAt: r.lastCycleEndedAt,
      state: r.lastCycleState,
      seconds: r.lastCycleBeganAt ? Math.max(0, Math.round((r.lastCycleEndedAt.getTime() - r.lastCycleBeganAt.getTime()) / 1000)) : null,
      exported: r.lastCycleExported,
      failed: r.lastCycleFailed,
      unchanged: counted ? Math.max(0, r.lastCycleEntitled! - r.lastCycleExported! - (r.lastCycleFailed ?? 0)) : null,
    });
  }
  return cycles;
}

/** Why objects failed in the newest cycle the monitor saw, when any did. */
export function latestCycleFailures(): Promise<{ endedAt: Date; failed: number; failures: CycleFailures } | null> {
  return sharedRead("latest-cycle-failures", ["ProvisioningSnapshot"], readLatestCycleFailures);
}

async function readLatestCycleFailures(): Promise<{ endedAt: Date; failed: number; failures: CycleFailures } | null> {
  const latest = await db().provisioningSnapshot.findFirst({
    where: { lastCycleEndedAt: { not: null } },
    orderBy: { takenAt: "desc" },
    select: { id: true, lastCycleEndedAt: true, lastCycleFailed: true, lastCycleFailures: true },
  });
  const failures = latest?.lastCycleFailures ? storedCycleFailures.decode(latest.lastCycleFailures, latest.id) : null;
  return latest && failures ? { endedAt: latest.lastCycleEndedAt!, failed: latest.lastCycleFailed ?? 0, failures } : null;
}
