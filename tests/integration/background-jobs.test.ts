import { describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { claimPeriod, periodStart } from "@/lib/jobs/claim-period";
import { startScheduler } from "@/lib/jobs/scheduler";
import { testProvider, useFreshDatabase } from "../support/databases";

// Background work runs once per period however many instances share the database.

const database = useFreshDatabase();
const MINUTE = 60_000;

describe(`background tasks on ${testProvider()}`, () => {
  it("lets exactly one of eight instances, each with its own connection, claim a period", async () => {
    const clients = Array.from({ length: 8 }, () => createDb(process.env.DATABASE_URL!));
    try {
      const now = new Date("2026-11-29T10:02:30Z");
      const claims = await Promise.all(clients.map((client, i) => claimPeriod("race", 5 * MINUTE, `instance-${i}`, now, client)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      const rows = await database.client.taskRun.findMany({ where: { task: "race" } });
      expect(rows).toHaveLength(1);
      expect(rows[0]!.periodStart.toISOString()).toBe("2026-11-29T10:00:00.000Z");
      // The next period is free again.
      expect(await claimPeriod("race", 5 * MINUTE, "instance-0", new Date("2026-11-29T10:05:00Z"), clients[0])).not.toBeNull();
    } finally {
      await Promise.all(clients.map((c) => c.$disconnect()));
    }
  });

  it("runs a task once per period across schedulers, and records failures without stopping", async () => {
    const ran: string[] = [];
    let fail = true;
    const task = {
      name: "poll",
      periodMs: MINUTE,
      run: (now: Date) => {
        ran.push(now.toISOString());
        return fail ? Promise.reject(new AppError("Unavailable", "Could not reach Graph")) : Promise.resolve("fine");
      },
    };
    const a = startScheduler([task], { instanceId: "a", tickMs: 3_600_000 });
    const b = startScheduler([task], { instanceId: "b", tickMs: 3_600_000 });
    try {
      const first = new Date("2026-11-29T11:00:10Z");
      await Promise.all([a.tick(first), b.tick(first), a.tick(new Date(first.getTime() + 20_000))]);
      fail = false;
      const second = new Date("2026-11-29T11:01:05Z");
      await Promise.all([b.tick(second), a.tick(second)]);
      expect(ran).toHaveLength(2);
      const runs = await database.client.taskRun.findMany({ where: { task: "poll" }, orderBy: { periodStart: "asc" } });
      expect(runs.map((r) => [r.periodStart.toISOString(), r.outcome])).toEqual([
        [periodStart(first, MINUTE).toISOString(), "Could not reach Graph"],
        [periodStart(second, MINUTE).toISOString(), "fine"],
      ]);
      expect(runs.every((r) => r.finishedAt !== null)).toBe(true);
    } finally {
      a.stop();
      b.stop();
    }
  });
});
