import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/sqlite";
import { migrate, readMigrations } from "@/lib/migrate";
import { createEmptyDatabase, testProvider, type TestDatabase } from "../support/databases";

// The SQLite and PostgreSQL schemas must describe the same models, and each provider's migrations
// must produce exactly the columns its schema declares.

function models(provider: "sqlite" | "postgresql"): string {
  const text = fs.readFileSync(path.resolve("prisma", provider, "schema.prisma"), "utf8");
  return text
    .slice(text.indexOf("\nmodel "))
    .replace(/\s@db\.\w+(\([^)]*\))?/g, "")
    .trim();
}

async function columnsByTable(db: TestDatabase): Promise<Record<string, string[]>> {
  let rows: { table: string; column: string }[];
  if (db.provider === "sqlite") {
    const conn = new Database(db.url.slice(5));
    rows = conn
      .prepare(
        `SELECT m.name AS "table", p.name AS "column" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE '\\_%' ESCAPE '\\' AND m.name NOT LIKE 'sqlite%'`,
      )
      .all() as typeof rows;
    conn.close();
  } else {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    rows = (
      await client.query(
        `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\\_%'`,
      )
    ).rows;
    await client.end();
  }
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.table] ??= []).push(r.column);
  for (const t of Object.keys(out)) out[t]!.sort();
  return out;
}

describe("schema parity", () => {
  let database: TestDatabase | undefined;
  afterAll(async () => database?.drop());

  it("both providers declare the same models", () => {
    expect(models("postgresql")).toBe(models("sqlite"));
  });

  it("both providers have the same migrations, by name", () => {
    expect(readMigrations("postgresql").map((m) => m.name)).toEqual(readMigrations("sqlite").map((m) => m.name));
  });

  it(`the ${testProvider()} migrations create exactly the schema's tables and columns`, async () => {
    database = await createEmptyDatabase();
    await migrate(database.url);
    const expected = Object.fromEntries(
      Prisma.dmmf.datamodel.models.map((m) => [
        m.dbName ?? m.name,
        m.fields
          .filter((f) => f.kind !== "object")
          .map((f) => f.dbName ?? f.name)
          .sort(),
      ]),
    );
    expect(await columnsByTable(database)).toEqual(expected);
  });

  // The text index of the audit history is kept by triggers, which a migration that rebuilds the
  // events' table (SQLite's copy-and-rename) would drop without a word; PostgreSQL's is an index.
  it(`the ${testProvider()} migrations leave the audit history's text index in place and kept`, async () => {
    database ??= await createEmptyDatabase();
    await migrate(database.url);
    if (database.provider === "sqlite") {
      const conn = new Database(database.url.slice(5));
      const triggers = (
        conn.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'AuditEvent' AND name LIKE 'AuditEvent_text_%'`).all() as {
          name: string;
        }[]
      )
        .map((t) => t.name)
        .sort();
      conn.close();
      expect(triggers).toEqual(["AuditEvent_text_delete", "AuditEvent_text_insert", "AuditEvent_text_update"]);
    } else {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'AuditEvent' AND indexdef LIKE '%gin_trgm_ops%'`);
      await client.end();
      expect(rows.map((r: { indexname: string }) => r.indexname)).toEqual(["AuditEvent_details_trgm_idx"]);
    }
  });
});
