import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, Prisma } from "./generated/sqlite";
import { PrismaClient as PostgresClient } from "./generated/postgresql";
import { storageConfig } from "./config";

// Both generated clients expose the same models; the SQLite client's types are the common
// vocabulary, which also keeps code to the query API both providers support.
export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

export function databaseProvider(url: string): "sqlite" | "postgresql" {
  return /^postgres(ql)?:\/\//.test(url) ? "postgresql" : "sqlite";
}

export function sqliteFilePath(url: string): string {
  return path.resolve(url.replace(/^file:/, ""));
}

export function createDb(url: string): Db {
  if (databaseProvider(url) === "postgresql") {
    const adapter = new PrismaPg({ connectionString: url, max: 10 });
    return new PostgresClient({ adapter }) as unknown as Db;
  }
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // busy_timeout lets a second process (CLI, another start) wait for a write lock instead of failing.
  const adapter = new PrismaBetterSQLite3({ url: `file:${file}`, timeout: 10_000 });
  return new SqliteClient({ adapter });
}

// On globalThis so that development hot reloads reuse connections instead of opening new ones.
const globalForDb = globalThis as unknown as { ssoBridgeDbs?: Map<string, Db> };

/** The process-wide client for the configured database. */
export function db(): Db {
  const url = storageConfig().databaseUrl;
  const clients = (globalForDb.ssoBridgeDbs ??= new Map<string, Db>());
  let client = clients.get(url);
  if (!client) {
    client = createDb(url);
    clients.set(url, client);
  }
  return client;
}

/** Prisma error codes, never message text, tell what went wrong. */
export function isUniqueViolation(e: unknown): boolean {
  // By code, not class: each generated client (SQLite, PostgreSQL) has its own error classes.
  return (e as { code?: unknown } | null)?.code === "P2002";
}
