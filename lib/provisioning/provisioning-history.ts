import { db } from "../db";
import { sharedRead } from "../shared-reads";
import { storedCycleFailures, type CycleFailures } from "./cycle-failures";
import { storedSnapshotState, type SnapshotState } from "./monitor";

// The Provisioning page's history: what each of the monitor's polls saw, and every provisioning
// cycle any read of the job saw (cycle-record.ts), once each.

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

/** What the History chart shows; shared by the pages of the next second (lib/shared-reads.ts). */
export function provisioningHistory(opts: { polls?: number; cycles?: number } = {}): Promise<ProvisioningHistory> {
  return sharedRead(`provisioning-history:${opts.polls}:${opts.cycles}`, ["ProvisioningSnapshot", "ProvisioningCycle"], () => readHistory(opts));
}

async function readHistory(opts: { polls?: number; cycles?: number }): Promise<ProvisioningHistory> {
  const [polls, cycleRows] = await Promise.all([
    db().provisioningSnapshot.findMany({
      orderBy: { takenAt: "desc" },
      take: opts.polls ?? 48,
      select: { takenAt: true, state: true, users: true, groups: true, lastCycleState: true },
    }),
    db().provisioningCycle.findMany({ orderBy: { endedAt: "desc" }, take: opts.cycles ?? 30 }),
  ]);
  return {
    polls: polls.reverse().map((p) => ({ ...p, state: storedSnapshotState.read(p.state) })),
    cycles: cycleRows.reverse().map(cyclePoint),
  };
}

type CycleRow = { state: string; beganAt: Date | null; endedAt: Date; entitled: number | null; exported: number | null; failed: number | null };

/** A kept cycle as the chart draws it: its duration, and its objects by outcome. */
export function cyclePoint(c: CycleRow): CyclePoint {
  return {
    endedAt: c.endedAt,
    state: c.state,
    seconds: c.beganAt ? Math.max(0, Math.round((c.endedAt.getTime() - c.beganAt.getTime()) / 1000)) : null,
    exported: c.exported,
    failed: c.failed,
    unchanged: c.entitled !== null && c.exported !== null ? Math.max(0, c.entitled - c.exported - (c.failed ?? 0)) : null,
  };
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
