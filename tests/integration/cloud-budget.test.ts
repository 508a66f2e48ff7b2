import { describe, expect, it } from "vitest";
import { z } from "zod";
import { BUDGETS, bucketOf, takeTokens, type BudgetKey } from "@/lib/cloud-readings/budget";
import { defineReading, requestRefresh, storedReading } from "@/lib/cloud-readings/cloud-reading";
import { refreshReading } from "@/lib/cloud-readings/refresh-reading";
import { createDb } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { testProvider, uniqueId, useFreshDatabase } from "../support/databases";

// The clouds' budgets are shared through the database: instances together stay within them, and a
// refresh asked for by many at once is one read of the cloud.

const database = useFreshDatabase();

describe(`cloud budgets and readings on ${testProvider()}`, () => {
  it("keeps two instances sharing a bucket within it, however hard both ask", async () => {
    // SQLite serves one instance (one connection, in one process), PostgreSQL several with a connection each.
    const instances = testProvider() === "postgresql" ? [createDb(process.env.DATABASE_URL!), createDb(process.env.DATABASE_URL!)] : [database.client];
    const key: BudgetKey = { budget: BUDGETS.graphReports, tenant: uniqueId("tenant") };
    const { capacity, perMs } = bucketOf(key.budget);
    try {
      const start = Date.parse("2026-11-30T12:00:00Z");
      let granted = 0;
      // 20 seconds of both instances asking 8 times a second each, concurrently.
      for (let t = 0; t <= 20_000; t += 250) {
        const now = new Date(start + t);
        const answers = await Promise.all(instances.flatMap((client) => [takeTokens(key, 1, now, client), takeTokens(key, 1, now, client)]));
        granted += answers.filter((a) => a.granted).length;
      }
      // The bucket starts full and refills at the share of the limit: never more than that in the window.
      expect(granted).toBeLessThanOrEqual(Math.floor(capacity + 20_000 * perMs));
      expect(granted).toBeGreaterThanOrEqual(Math.floor(20_000 * perMs));
    } finally {
      if (testProvider() === "postgresql") await Promise.all(instances.map((c) => c.$disconnect()));
    }
  });

  it("says how long to wait when the bucket is empty", async () => {
    const key: BudgetKey = { budget: BUDGETS.graphReports, tenant: uniqueId("tenant") };
    const now = new Date("2026-11-30T12:00:00Z");
    while ((await takeTokens(key, 1, now)).granted);
    const refused = await takeTokens(key, 1, now);
    expect(refused).toMatchObject({ granted: false });
    expect(refused.granted === false && refused.retryInMs).toBeGreaterThan(0);
    expect((await takeTokens(key, 1, new Date(now.getTime() + (refused.granted ? 0 : refused.retryInMs)))).granted).toBe(true);
  });

  it("makes one cloud read of 50 concurrent refreshes", async () => {
    let reads = 0;
    const reading = defineReading({
      key: uniqueId("reading"),
      label: "the test reading",
      schema: z.object({ n: z.number() }),
      budget: () => Promise.resolve({ key: { budget: BUDGETS.graphDirectory, tenant: "t" }, cost: 1 }),
      read: async () => {
        reads++;
        await new Promise((r) => setTimeout(r, 300));
        return { n: reads };
      },
      watchedMaxAgeMs: 5_000,
      idleMaxAgeMs: () => 300_000,
    });
    const results = await Promise.all(Array.from({ length: 50 }, () => refreshReading(reading, { freshEnoughMs: 2_000 })));
    expect(reads).toBe(1);
    expect(results.every((r) => r.value?.n === 1)).toBe(true);
    // Asked again straight after, the fresh value serves it.
    await refreshReading(reading, { freshEnoughMs: 2_000 });
    expect(reads).toBe(1);
  });

  it("keeps the last good value, with why the next read failed", async () => {
    let fail = false;
    const reading = defineReading({
      key: uniqueId("reading"),
      label: "the test reading",
      schema: z.string(),
      budget: () => Promise.resolve({ key: { budget: BUDGETS.graphDirectory, tenant: "t" }, cost: 1 }),
      read: () =>
        fail ? Promise.reject(new AppError("Throttled", "Microsoft Graph is throttling requests; try again in 30 seconds.")) : Promise.resolve("running"),
      watchedMaxAgeMs: 5_000,
      idleMaxAgeMs: () => 300_000,
    });
    const first = await refreshReading(reading);
    expect(first).toMatchObject({ value: "running", problem: null });
    fail = true;
    await requestRefresh(reading);
    expect((await storedReading(reading)).refreshing).toBe(true);
    const second = await refreshReading(reading);
    expect(second).toMatchObject({
      value: "running",
      readAt: first.readAt,
      problem: "Microsoft Graph is throttling requests; try again in 30 seconds.",
      refreshing: false,
    });
  });

  it("leaves a reading whose lease another instance took over to that instance", async () => {
    const key = uniqueId("reading");
    const reading = defineReading({
      key,
      label: "the test reading",
      schema: z.string(),
      budget: () => Promise.resolve({ key: { budget: BUDGETS.graphDirectory, tenant: "t" }, cost: 1 }),
      // The read stalls past its lease and another instance takes the reading over meanwhile.
      read: async () => {
        await database.client.cloudReading.update({ where: { key }, data: { leaseHolder: "another-instance", leaseUntil: new Date(Date.now() + 60_000) } });
        return "stale";
      },
      watchedMaxAgeMs: 5_000,
      idleMaxAgeMs: () => 300_000,
    });
    const kept = await refreshReading(reading, { instanceId: "this-instance" });
    expect(kept.value).toBeNull();
    expect(await database.client.cloudReading.findUnique({ where: { key } })).toMatchObject({ leaseHolder: "another-instance", readAt: null });
  });
});
