import { config, ConfigError, type Config } from "./config";
import { MigrationError, migrate } from "./migrate";
import { createDb } from "./db";
import { KeyRingError, loadKeyRing, type KeyRing } from "./security/key-ring";

// What must hold before SSO Bridge serves a request. Each failure becomes one line that names the
// variable and the fix, never a stack trace.

export async function prepareToServe(c: Config = config()): Promise<{ applied: string[] }> {
  const ring = loadKeyRing({ envKey: c.encryptionKey, dataDir: c.dataDir });
  let applied: string[];
  try {
    applied = await migrate(c.databaseUrl);
  } catch (e) {
    throw databaseProblem(e, c.databaseUrl);
  }
  await checkSecretsDecryptable(c.databaseUrl, ring);
  return { applied };
}

/** Fails now, not at the first use of a secret, when a key that stored secrets need is missing. */
async function checkSecretsDecryptable(url: string, ring: KeyRing): Promise<void> {
  const client = createDb(url);
  try {
    const used = await client.secret.findMany({ distinct: ["keyId"], select: { keyId: true } });
    const missing = used.map((s) => s.keyId).filter((id) => !ring.byId.has(id));
    if (missing.length > 0) {
      throw new KeyRingError(
        `SSO_BRIDGE_ENCRYPTION_KEY: stored secrets were encrypted with key ${missing.join(", ")}, which the configured keys do not include: list the old key after the new one`,
      );
    }
  } finally {
    await client.$disconnect();
  }
}

function databaseProblem(e: unknown, url: string): Error {
  if (e instanceof MigrationError) return new Error(`DATABASE_URL: ${e.message}`);
  const code = (e as NodeJS.ErrnoException).code;
  const where = describeDatabase(url);
  const fixes: Record<string, string> = {
    ECONNREFUSED: "nothing is listening there: start PostgreSQL or fix the host and port in DATABASE_URL",
    ENOTFOUND: "that host name does not resolve: fix the host in DATABASE_URL",
    "28P01": "the password was refused: fix the user or password in DATABASE_URL",
    "28000": "the server refused this user: fix the user in DATABASE_URL or the server's pg_hba.conf",
    "3D000": "that database does not exist: create it (createdb) or fix the database name in DATABASE_URL",
    SQLITE_CANTOPEN: "the file cannot be opened: check the folder exists and is writable",
    EACCES: "permission denied: make the data folder writable by this user",
  };
  const fix = (code && fixes[code]) ?? `${(e as Error).message}: fix DATABASE_URL or the database server`;
  return new Error(`DATABASE_URL: cannot use the database at ${where}: ${fix}`);
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
