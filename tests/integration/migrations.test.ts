import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "@/lib/migrate";
import { createEmptyDatabase, testProvider, type TestDatabase } from "../support/databases";

const run = promisify(execFile);
let database: TestDatabase | undefined;
afterEach(async () => database?.drop());

async function appliedNames(url: string): Promise<string[]> {
  if (url.startsWith("file:")) {
    const conn = new Database(url.slice(5));
    try {
      return (conn.prepare(`SELECT name FROM "_sso_bridge_migrations" ORDER BY name`).all() as { name: string }[]).map((r) => r.name);
    } finally {
      conn.close();
    }
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ name: string }>(`SELECT name FROM "_sso_bridge_migrations" ORDER BY name`)).rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}

describe(`migrations on ${testProvider()}`, () => {
  it("applies every migration once and nothing on the next start", async () => {
    database = await createEmptyDatabase();
    const all = readMigrations(database.provider).map((m) => m.name);
    expect(await migrate(database.url)).toEqual(all);
    expect(await migrate(database.url)).toEqual([]);
    expect(await appliedNames(database.url)).toEqual(all);
  });

  it("lets instances that start together apply each migration exactly once", async () => {
    database = await createEmptyDatabase();
    const script = path.resolve("tests/support/migrate-once.ts");
    const tsx = path.resolve("node_modules/.bin/tsx");
    const results = await Promise.all([1, 2, 3].map(() => run(tsx, [script, database!.url])));
    const appliedByEach = results.map((r) => JSON.parse(r.stdout) as string[]);
    const all = readMigrations(database.provider).map((m) => m.name);
    expect(appliedByEach.flat().sort()).toEqual(all);
    expect(await appliedNames(database.url)).toEqual(all);
  });

  it("refuses to start when an applied migration was edited", async () => {
    database = await createEmptyDatabase();
    await migrate(database.url);
    const first = readMigrations(database.provider)[0]!;
    const file = path.resolve("prisma", database.provider, "migrations", first.name, "migration.sql");
    const original = fs.readFileSync(file, "utf8");
    try {
      fs.writeFileSync(file, `${original}\n-- edited\n`);
      await expect(migrate(database.url)).rejects.toThrow(`migration ${first.name} was changed after it was applied`);
    } finally {
      fs.writeFileSync(file, original);
    }
  });
});
