import { config, ConfigError, type Config } from "./config";
import { grantRuntimeRole, MigrationError, migrate, RuntimeRoleError } from "./migrate";
import { createDb } from "./db";
import { KeyRingError, loadKeyRing, type KeyRing } from "./security/key-ring";
import { keysInUse, missingKeyProblems } from "./security/keys-in-use";

// What must hold before SSO Bridge serves a request. Each failure becomes one line that names the
// variable and the fix, never a stack trace.

export async function prepareToServe(c: Config = config()): Promise<{ applied: string[] }> {
  const ring = loadKeyRing({ envKey: c.encryptionKey, dataDir: c.dataDir });
  const migrator = c.migrationDatabaseUrl
    ? { url: c.migrationDatabaseUrl, variable: "SSO_BRIDGE_MIGRATION_DATABASE_URL" }
    : { url: c.databaseUrl, variable: "DATABASE_URL" };
  let applied: string[];
  try {
    applied = await migrate(migrator.url);
  } catch (e) {
    throw databaseProblem(e, migrator.url, migrator.variable);
  }
  if (c.migrationDatabaseUrl) {
    try {
      await grantRuntimeRole(c.migrationDatabaseUrl, c.databaseUrl);
    } catch (e) {
      if (e instanceof RuntimeRoleError) throw new Error(`SSO_BRIDGE_MIGRATION_DATABASE_URL: ${e.message}`);
      throw databaseProblem(e, c.databaseUrl, "DATABASE_URL");
    }
  }
  await checkKeysPresent(c, ring);
  return { applied };
}

/**
 * Fails now, not at the first use of a secret or the next verification, when the ring lacks a key
 * something stored needs: an encrypted secret or webhook URL, a retention checkpoint, the newest
 * audit anchor, or the links of the audit events that anchor does not vouch for.
 */
async function checkKeysPresent(c: Config, ring: KeyRing): Promise<void> {
  const client = createDb(c.databaseUrl);
  try {
    const problems = missingKeyProblems(await keysInUse(client, c), ring);
    if (problems.length > 0) throw new ConfigError(problems);
  } finally {
    await client.$disconnect();
  }
}

function databaseProblem(e: unknown, url: string, variable: string): Error {
  if (e instanceof MigrationError) return new Error(`${variable}: ${e.message}`);
  const code = (e as NodeJS.ErrnoException).code;
  const where = describeDatabase(url);
  const fixes: Record<string, string> = {
    ECONNREFUSED: `nothing is listening there: start PostgreSQL or fix the host and port in ${variable}`,
    ENOTFOUND: `that host name does not resolve: fix the host in ${variable}`,
    "28P01": `the password was refused: fix the user or password in ${variable}`,
    "28000": `the server refused this user: fix the user in ${variable} or the server's pg_hba.conf`,
    "3D000": `that database does not exist: create it (createdb) or fix the database name in ${variable}`,
    SQLITE_CANTOPEN: "the file cannot be opened: check the folder exists and is writable",
    EACCES: "permission denied: make the data folder writable by this user",
  };
  const fix = (code && fixes[code]) ?? `${(e as Error).message}: fix ${variable} or the database server`;
  return new Error(`${variable}: cannot use the database at ${where}: ${fix}`);
}

/** The URL without its password, fit for a message. */
export function describeDatabase(url: string): string {
  try {
    if (url.startsWith("file:")) return url;
    const u = new URL(url);
    return `${u.protocol}//${u.username ? `${u.username}@` : ""}${u.host}${u.pathname}`;
  } catch {
    return "(unparseable URL)";
  }
}

export function startupProblemLines(e: unknown): string[] {
  if (e instanceof ConfigError) return e.problems;
  if (e instanceof KeyRingError) return [e.message];
  return [(e as Error).message];
}
