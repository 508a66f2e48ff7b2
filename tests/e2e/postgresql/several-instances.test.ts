import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "@/lib/db";
import { PROVISIONING_MONITOR_TASK } from "@/lib/provisioning/monitor";
import { ADA_ADMIN } from "@/simulators/entra/tenant";
import { createEmptyDatabase, type TestDatabase } from "../../support/databases";
import { cspViolations, launchChromium, signInAs } from "../support/browser";
import { startStack, type Stack } from "../support/stack";

let database: TestDatabase;
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  database = await createEmptyDatabase("postgresql");
  // Both instances start at the same moment against an empty database.
  stack = await startStack({ databaseUrl: database.url, instances: 2, env: { SSO_BRIDGE_MONITOR_INTERVAL_SECONDS: "10" } });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
  await database?.drop();
});

describe("several instances on one PostgreSQL database", () => {
  it("start together, applying the migrations once", async () => {
    expect(stack.output().match(/applied migrations/g)).toHaveLength(1);
    for (const url of stack.baseUrls) expect((await fetch(`${url}/api/health`)).status).toBe(200);
  });

  it("share sign-in: a person signed in on one instance is signed in on the other", async () => {
    const [first, second] = stack.baseUrls as [string, string];
    const page = await browser.newPage();
    await signInAs(page, first, ADA_ADMIN.displayName);
    await page.goto(`${second}/settings`);
    await page.getByRole("heading", { name: "Settings" }).waitFor();
    expect(new URL(page.url()).origin).toBe(second);
    await page.close();
  });

  it("write one audit chain", async () => {
    const db = createDb(database.url);
    try {
      // Verified as an operator does, with the instances' key: the links are keyed with it.
      const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["scripts/cli.ts", "audit", "verify"], {
        env: { ...process.env, ...stack.env },
      });
      expect(stdout).toMatch(/^audit chain verifies: \d+ events/);
      expect(await db.auditEvent.count({ where: { action: "auth.sign-in" } })).toBe(1);
    } finally {
      await db.$disconnect();
    }
  });

  it("run the provisioning monitor once per period between them", async () => {
    const db = createDb(database.url);
    try {
      const runs = () => db.taskRun.findMany({ where: { task: PROVISIONING_MONITOR_TASK, finishedAt: { not: null } }, orderBy: { periodStart: "asc" } });
      await expect.poll(async () => (await runs()).length, { timeout: 40_000, interval: 1_000 }).toBeGreaterThanOrEqual(2);
      const finished = await runs();
      const periods = finished.map((r) => r.periodStart.getTime());
      expect(new Set(periods).size).toBe(periods.length);
      expect(periods[1]! - periods[0]!).toBe(10_000);
      // Without a provisioning job there is nothing to poll, and the run says so.
      expect(finished.every((r) => r.outcome === "no provisioning job yet")).toBe(true);
    } finally {
      await db.$disconnect();
    }
  }, 60_000);

  it("broke no page's Content-Security-Policy", () => {
    expect(cspViolations(browser)).toEqual([]);
  });
});
