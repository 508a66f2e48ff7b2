import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { databaseProvider, sqliteFilePath } from "./db";

// Applies prisma/<provider>/migrations/*/migration.sql in order, each once, recorded in a table,
// under a lock so that instances starting together neither race nor apply a migration twice.
// (prisma migrate deploy cannot run here without native engines; the SQL comes from
// `prisma migrate diff`, see README "Changing the schema".)

const TABLE = "_sso_bridge_migrations";
// Any constant works; it only has to be the same for every instance.
const PG_LOCK_KEY = 727_310_001;

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(provider: "sqlite" | "postgresql", root = process.cwd()): Migration[] {
  const dir = path.join(root, "prisma", provider, "migrations");
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: crypto.createHash("sha256").update(sql).digest("hex") };
    });
}

export class MigrationError extends Error {}

function checkApplied(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  const known = new Set(migrations.map((m) => m.name));
  for (const [name, checksum] of applied) {
    if (!known.has(name)) {
      throw new MigrationError(`the database has migration ${name}, which this version of SSO Bridge does not know: run a newer version, or restore a backup`);
    }
    const m = migrations.find((x) => x.name === name);
    if (m && m.checksum !== checksum) {
      throw new MigrationError(`migration ${name} was changed after it was applied: restore its original file`);
    }
  }
  return migrations.filter((m) => !applied.has(m.name));
}

export async function migrate(url: string): Promise<string[]> {
  const provider = databaseProvider(url);
  const migrations = readMigrations(provider);
  return provider === "postgresql" ? migratePostgres(url, migrations) : migrateSqlite(url, migrations);
}

function migrateSqlite(url: string, migrations: Migration[]): string[] {
  const file = sqliteFilePath(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const conn = new Database(file, { timeout: 30_000 });
  try {
    conn.pragma("journal_mode = WAL");
    // BEGIN IMMEDIATE takes the write lock up front: a second instance waits here, then sees the
    // migrations already recorded.
    conn.exec("BEGIN IMMEDIATE");
    try {
      conn.exec(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)`);
      const rows = conn.prepare(`SELECT name, checksum FROM "${TABLE}"`).all() as { name: string; checksum: string }[];
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
      const record = conn.prepare(`INSERT INTO "${TABLE}" (name, checksum, applied_at) VALUES (?, ?, ?)`);
      for (const m of pending) {
        conn.exec(m.sql);
        record.run(m.name, m.checksum, new Date().toISOString());
      }
      conn.exec("COMMIT");
      return pending.map((m) => m.name);
    } catch (e) {
      conn.exec("ROLLBACK");
      throw e;
    }
  } finally {
    conn.close();
  }
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "${TABLE}" (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)`);
      const { rows } = await client.query<{ name: string; checksum: string }>(`SELECT name, checksum FROM "${TABLE}"`);
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
      for (const m of pending) {
        await client.query("BEGIN");
        try {
          await client.query(m.sql);
          await client.query(`INSERT INTO "${TABLE}" (name, checksum, applied_at) VALUES ($1, $2, now())`, [m.name, m.checksum]);
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK");
          throw new MigrationError(`migration ${m.name} failed: ${(e as Error).message}`);
        }
      }
      return pending.map((m) => m.name);
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/** DATABASE_URL's role cannot serve as the runtime role of the hardened deployment; the message says why. */
export class RuntimeRoleError extends MigrationError {}

// What the runtime role must never be able to do, whoever granted it: checked from its own side.
const PROTECTED: [table: string, privileges: string[]][] = [
  ["AuditEvent", ["INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER"]],
  ["AuditChainHead", ["INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER"]],
  ["AuditCheckpoint", ["INSERT", "UPDATE", "DELETE", "TRUNCATE", "TRIGGER"]],
  ["AuditEventPending", ["UPDATE", "DELETE", "TRUNCATE", "TRIGGER"]],
];

/**
 * The hardened PostgreSQL deployment: once the owner (the migration role) has applied the migrations,
 * it gives DATABASE_URL's role what SSO Bridge needs and no more (sso_bridge_grant_runtime, defined
 * by a migration), and the runtime role's own view of its privileges is checked, so that a role that
 * could still change recorded audit data is refused at every start.
 */
export async function grantRuntimeRole(migrationUrl: string, runtimeUrl: string): Promise<void> {
  const runtime = new pg.Client({ connectionString: runtimeUrl });
  await runtime.connect();
  try {
    const { rows } = await runtime.query<{ role: string }>("SELECT current_user AS role");
    const role = rows[0]!.role;
    const owner = new pg.Client({ connectionString: migrationUrl });
    await owner.connect();
    try {
      await owner.query('SELECT "sso_bridge_grant_runtime"($1)', [role]);
    } catch (e) {
      throw new RuntimeRoleError(
        `${(e as Error).message}: give DATABASE_URL a role of its own that owns nothing and is not a superuser, and keep this one for migrations (README "Audit log")`,
      );
    } finally {
      await owner.end();
    }
    const tables = PROTECTED.flatMap(([t, ps]) => ps.map(() => t));
    const privileges = PROTECTED.flatMap(([, ps]) => ps);
    const allowed = await runtime.query<{ t: string; p: string }>(
      "SELECT t, p FROM unnest($1::text[], $2::text[]) AS x(t, p) WHERE has_table_privilege(current_user, format('%I', t), p)",
      [tables, privileges],
    );
    if (allowed.rows.length > 0) {
      const what = allowed.rows.map((r) => `${r.p} on "${r.t}"`).join(", ");
      throw new RuntimeRoleError(
        `DATABASE_URL's role ${role} may still ${what}: revoke that (a grant to it or to PUBLIC), so that it cannot change the audit history`,
      );
    }
  } finally {
    await runtime.end();
  }
}
