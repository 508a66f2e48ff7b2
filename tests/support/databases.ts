import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, inject } from "vitest";
import { anchorFile } from "@/lib/audit/anchors";
import { storageConfig } from "@/lib/config";
import { db, type Db } from "@/lib/db";
import { migrate } from "@/lib/migrate";

// Every test file gets a database of its own, on the provider its vitest project names
// (TEST_DATABASE=sqlite|postgresql), created fresh and dropped afterwards.

/** The PostgreSQL server this run uses (found or started by postgres.global-setup.ts), as its administrator. */
export function testPostgresUrl(): string {
  const url = inject("testPostgresUrl");
  if (!url) throw new Error("this vitest project has no PostgreSQL: add tests/support/postgres.global-setup.ts to its globalSetup");
  return url;
}

export type Provider = "sqlite" | "postgresql";

export function testProvider(): Provider {
  return process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

export type TestDatabase = { url: string; provider: Provider; drop(): Promise<void> };

export async function createEmptyDatabase(provider: Provider = testProvider()): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-test-"));
    return { url: `file:${path.join(dir, "test.db")}`, provider, drop: () => fs.promises.rm(dir, { recursive: true, force: true }) };
  }
  const name = `ssob_test_${crypto.randomBytes(6).toString("hex")}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  return { url: url.toString(), provider, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * For the whole test file: a migrated database that lib/ code reaches through db() (DATABASE_URL
 * is what db() reads, exactly as in production), dropped after the file's last test.
 */
export function useFreshDatabase(): { readonly client: Db } {
  let database: TestDatabase | undefined;
  let client: Db | undefined;
  beforeAll(async () => {
    database = await createEmptyDatabase();
    await migrate(database.url);
    process.env.DATABASE_URL = database.url;
    client = db();
  });
  afterAll(async () => {
    await client?.$disconnect();
    await database?.drop();
  });
  return {
    get client() {
      if (!client) throw new Error("the test database is created in beforeAll");
      return client;
    },
  };
}

/**
 * Runs SQL on the database through its driver, past SSO Bridge's client: for building an older
 * installation as the migrations left it, or writing as another instance does.
 */
export async function runSqlDirectly(url: string, statements: { sql: string; params?: unknown[] }[]): Promise<void> {
  if (url.startsWith("file:")) {
    const conn = new Database(url.slice(5));
    try {
      for (const s of statements) {
        if (s.params) conn.prepare(s.sql.replace(/\$\d+/g, "?")).run(...s.params);
        else conn.exec(s.sql);
      }
    } finally {
      conn.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const s of statements) await client.query(s.sql, s.params);
  } finally {
    await client.end();
  }
}

export function uniqueId(prefix: string): string {
  return `${prefix}-${crypto.randomBytes(4).toString("hex")}`;
}

/**
 * Runs `fn` with the PostgreSQL guard against changing audit events switched off, as someone with
 * the database owner's rights could: for tests that clear the log or tamper with it on purpose.
 */
export async function withoutAuditGuard<T>(client: Db, fn: () => Promise<T>): Promise<T> {
  if (testProvider() !== "postgresql") return fn();
  await client.$executeRawUnsafe('ALTER TABLE "AuditEvent" DISABLE TRIGGER USER');
  try {
    return await fn();
  } finally {
    await client.$executeRawUnsafe('ALTER TABLE "AuditEvent" ENABLE TRIGGER USER');
  }
}

/** Empties the audit log, points its chain head back at the start and forgets its anchors, for tests that need a clean history. */
export async function clearAuditLog(client: Db): Promise<void> {
  await withoutAuditGuard(client, () => client.auditEvent.deleteMany());
  await client.auditChainHead.update({ where: { id: 1 }, data: { prevHash: "0".repeat(64), hash: "0".repeat(64), events: 0 } });
  fs.rmSync(anchorFile(storageConfig()), { force: true });
}
