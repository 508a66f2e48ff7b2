import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAGES, runLoadBenchmark, type LoadBenchResult } from "@/scripts/bench-load";
import { createEmptyDatabase, type TestDatabase } from "../../support/databases";

// `npm run bench -- load` at a size CI affords: two instances on one PostgreSQL database, 1 and 5
// connections for a few seconds per page, then Graph throttling everything. This test holds it to
// the targets about the clouds (no cloud call while rendering, cloud requests within every budget's
// share, every page answered), which hold on any machine; time and memory are the benchmark's to
// print and judge at full size, not a shared CI machine's.

const LEVELS = [1, 5];
let database: TestDatabase;
let result: LoadBenchResult;
const printed: string[] = [];

beforeAll(async () => {
  database = await createEmptyDatabase("postgresql");
  result = await runLoadBenchmark({
    databaseUrl: database.url,
    seconds: 3,
    levels: LEVELS,
    log: (line) => {
      printed.push(line);
      console.log(line);
    },
  });
}, 600_000);

afterAll(async () => {
  await database?.drop();
});

describe("the load benchmark, at small size", () => {
  it("measures every page at every level, counting what the clouds were asked, and prints a verdict per target", () => {
    expect(result.runs.map((r) => `${r.page}@${r.connections}`)).toEqual(LEVELS.flatMap((c) => PAGES.map((p) => `${p.name}@${c}`)));
    for (const run of result.runs) expect(run.requests).toBeGreaterThan(0);
    expect(result.probes.map((p) => p.page)).toEqual(PAGES.map((p) => p.name));
    expect(result.throttled.map((r) => r.page)).toEqual(PAGES.map((p) => p.name));
    expect(result.budgets.map((b) => b.budget)).toEqual(
      expect.arrayContaining(["graph-reports", "graph-directory", "aws-identity-center", "aws-organizations"]),
    );
    expect(result.memory).toHaveLength(2);
    for (const target of result.targets) expect(printed).toContain(`${target.pass ? "PASS" : "FAIL"}  ${target.name}: ${target.detail}`);
  });

  it("asks the clouds nothing while rendering and stays within every budget's share", () => {
    const clouds = result.targets.filter((t) => t.kind === "clouds");
    expect(clouds.length).toBeGreaterThanOrEqual(PAGES.length + 4 + 1);
    expect(clouds.filter((t) => !t.pass)).toEqual([]);
  });
});
