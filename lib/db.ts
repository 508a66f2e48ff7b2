import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient, Prisma } from "./generated/sqlite";
import { PrismaClient as PostgresClient } from "./generated/postgresql";
import { storageConfig } from "./config";
import { sharedRead, tableWritten, transactionBoundary, type Table } from "./shared-reads";

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
  return reportingWrites(connect(url));
}

function connect(url: string): Db {
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

const WRITES = new Set(["create", "createMany", "createManyAndReturn", "update", "updateMany", "updateManyAndReturn", "upsert", "delete", "deleteMany"]);
const TABLE_OF_DELEGATE = new Map<string, Table>(Object.values(Prisma.ModelName).map((t) => [t[0]!.toLowerCase() + t.slice(1), t]));

/**
 * Tells lib/shared-reads.ts of every write, so that what this process writes is never hidden by a
 * shared read: each write outside a transaction (raw SQL included) when it ends, each transaction
 * when it starts and when it ends. Writes inside a transaction are covered by its end.
 */
function reportingWrites(client: Db): Db {
  const delegates = new WeakMap<object, object>();
  const reporting = (delegate: object, table: Table) =>
    new Proxy(delegate, {
      get(target, op) {
        const method = Reflect.get(target, op) as unknown;
        if (typeof op !== "string" || !WRITES.has(op) || typeof method !== "function") return method;
        return (...args: unknown[]) => reportedWhenRun((method as (...a: unknown[]) => object).apply(target, args), () => tableWritten(table));
      },
    });
  return new Proxy(client, {
    get(target, prop, receiver) {
      const member = Reflect.get(target, prop, receiver) as unknown;
      if (typeof member === "function" && prop === "$transaction") {
        return (...args: unknown[]) => {
          transactionBoundary();
          return afterwards(Promise.resolve((member as (...a: unknown[]) => PromiseLike<unknown>).apply(target, args)), transactionBoundary);
        };
      }
      if (typeof member === "function" && (prop === "$executeRaw" || prop === "$executeRawUnsafe")) {
        return (...args: unknown[]) => reportedWhenRun((member as (...a: unknown[]) => object).apply(target, args), transactionBoundary);
      }
      const table = typeof prop === "string" ? TABLE_OF_DELEGATE.get(prop) : undefined;
      if (!table || typeof member !== "object" || member === null) return member;
      let wrapped = delegates.get(member);
      if (!wrapped) delegates.set(member, (wrapped = reporting(member, table)));
      return wrapped;
    },
  });
}

function afterwards<T>(promise: Promise<T>, report: () => void): Promise<T> {
  return promise.then(
    (v) => (report(), v),
    (e: unknown) => {
      report();
      throw e;
    },
  );
}

/**
 * Prisma's query promises run only when awaited, and $transaction([...]) takes them unawaited: the
 * promise stays Prisma's own, reporting when it is awaited (a batch reports as its transaction).
 */
function reportedWhenRun<T extends object>(lazy: T, report: () => void): T {
  let run: Promise<unknown> | undefined;
  const settle = () => (run ??= afterwards(Promise.resolve(lazy as PromiseLike<unknown>), report));
  return new Proxy(lazy, {
    get(target, key) {
      if (key === "then") return (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => settle().then(ok, fail);
      if (key === "catch") return (fail?: (e: unknown) => unknown) => settle().catch(fail);
      if (key === "finally") return (done?: () => void) => settle().finally(done);
      const value = Reflect.get(target, key) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
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

/**
 * `read` in the transaction given; outside one, a read shared by the renders of the next second
 * (lib/shared-reads.ts), for what every page asks.
 */
export function readSharedOutsideTransaction<T>(tx: Tx | undefined, key: string, tables: readonly Table[], read: (client: Tx) => Promise<T>): Promise<T> {
  return tx ? read(tx) : sharedRead(key, tables, () => read(db()));
}

/** Prisma error codes, never message text, tell what went wrong. */
export function isUniqueViolation(e: unknown): boolean {
  // By code, not class: each generated client (SQLite, PostgreSQL) has its own error classes.
  return (e as { code?: unknown } | null)?.code === "P2002";
}
