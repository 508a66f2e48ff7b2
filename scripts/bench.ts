// npm run bench [-- --events N]      (npm run bench -- load: the team-scale load benchmark, scripts/bench-load.ts;
// npm run bench -- drift: a drift scan at 100,000 users, scripts/bench-drift.ts;
// npm run bench -- mirrors: mirror groups at 10,000 nested groups, scripts/bench-mirrors.ts)
// The audit history at scale, on SQLite and on PostgreSQL: seeds a valid hash chain of N events
// (1,000,000 by default) into a fresh database, then measures, server-side through the same lib/
// functions the Audit page calls, the first page and filtered pages over many requests (targets:
// p95 under 150 ms; text search through the index, p95 under 50 ms), and on PostgreSQL appends from 8 concurrent writers (target: at least 500
// events per second, one valid chain of keyed links). Prints its figures; exits 1 when a target is missed.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findOrStartTestPostgres } from "../tests/support/test-postgres";
import { freshPostgresDatabase } from "./bench-database";

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const EVENTS = Number(arg("--events") ?? 1_000_000);
const REQUESTS = 200;
const P95_TARGET_MS = 150;
const TEXT_P95_TARGET_MS = 50;
const WRITERS = 8;
const WRITE_SECONDS = 10;
const WRITE_TARGET_PER_S = 500;

const ACTORS = Array.from({ length: 20 }, (_, i) => `Person ${i + 1}`);
const ACTIONS = Array.from({ length: 30 }, (_, i) => `bench.action-${i + 1}`);
const TARGETS = ["setup-step", "permission-set", "aws-account", "webhook", "connection"];

async function main() {
  // Links are keyed: a key of the bench's own, the same in both providers' processes.
  process.env.SSO_BRIDGE_ENCRYPTION_KEY ??= crypto.randomBytes(32).toString("base64");
  const provider = arg("--provider");
  if (!provider) {
    // The server the tests use, or one started for the bench; the PostgreSQL run finds it in TEST_POSTGRES_URL.
    const server = await findOrStartTestPostgres();
    process.env.TEST_POSTGRES_URL = server.url;
    // Each provider in a process of its own: the configuration (DATABASE_URL) is read once per process.
    let failed = false;
    try {
      for (const p of ["sqlite", "postgresql"]) {
        try {
          execFileSync(process.execPath, [...process.execArgv, __filename, "--provider", p, "--events", String(EVENTS)], { stdio: "inherit" });
        } catch {
          failed = true;
        }
      }
    } finally {
      await server.stop();
    }
    process.exit(failed ? 1 : 0);
  }
  const { url, drop } = await freshDatabase(provider as "sqlite" | "postgresql");
  process.env.DATABASE_URL = url;
  process.env.SSO_BRIDGE_DATA_DIR ??= path.join(os.tmpdir(), "ssob-bench-data");
  try {
    await run(provider, url);
  } finally {
    await drop();
  }
}

async function run(provider: string, url: string) {
  const { migrate } = await import("../lib/migrate");
  const { db } = await import("../lib/db");
  const { auditPage } = await import("../lib/audit/audit-query");
  await migrate(url);
  console.log(`\n== ${provider}: seeding ${EVENTS.toLocaleString("en-US")} audit events`);
  const seeded = Date.now();
  const lastHash = await seed(provider, url);
  console.log(`seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
  const tail = await db().auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" }, select: { seq: true, hash: true } });
  if (tail.hash !== lastHash) throw new Error("the seeded chain does not end where it should");

  let missed = false;
  const measure = async (label: string, fn: () => Promise<unknown>, target = P95_TARGET_MS) => {
    for (let i = 0; i < 10; i++) await fn();
    const times: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const t0 = performance.now();
      await fn();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
    const ok = p(0.95) < target;
    missed ||= !ok;
    console.log(
      `${label.padEnd(48)} p50 ${p(0.5).toFixed(1).padStart(7)} ms   p95 ${p(0.95).toFixed(1).padStart(7)} ms   max ${times.at(-1)!.toFixed(1).padStart(7)} ms   ${ok ? "ok" : `MISSED (target p95 < ${target} ms)`}`,
    );
  };
  const middle = Math.floor(tail.seq / 2);
  const lastMonth = new Date(Date.now() - 30 * 86_400_000);
  await measure("first page (newest 50)", () => auditPage({}, null));
  await measure("page deep in the history (before #n/2)", () => auditPage({}, middle));
  await measure("filtered: one action", () => auditPage({ action: ACTIONS[7] }, null));
  await measure("filtered: one actor, failures", () => auditPage({ actor: ACTORS[3], outcome: "failure" }, null));
  await measure("filtered: one target's history", () => auditPage({ targetType: "permission-set", targetId: "permission-set-17" }, null));
  await measure("filtered: action, last 30 days", () => auditPage({ action: ACTIONS[2], since: lastMonth }, null));
  await measure("filtered: action, next page (before #n/2)", () => auditPage({ action: ACTIONS[7] }, middle));
  await measure("filtered: actor by part of the name, any case", () => auditPage({ actor: "person 4" }, null));
  await measure("filtered: action prefix", () => auditPage({ action: "bench.action-1" }, null));
  await measure("text in the details, a word no event has", () => auditPage({ text: "no-such-word" }, null), TEXT_P95_TARGET_MS);
  await measure("text in the details, newest matches", () => auditPage({ text: "event 12345" }, null), TEXT_P95_TARGET_MS);
  await measure("text in the details, deep (before #n/2)", () => auditPage({ text: "event 12345" }, middle), TEXT_P95_TARGET_MS);
  await measure("text and an actor", () => auditPage({ text: "event 1234", actor: ACTORS[3] }, null), TEXT_P95_TARGET_MS);

  if (provider === "postgresql") {
    missed = (await concurrentWriters("alone")) || missed;
    missed = (await concurrentWriters("in a transaction")) || missed;
  }
  console.log(missed ? `${provider}: a target was MISSED` : `${provider}: all targets met`);
  await db().$disconnect();
  if (missed) process.exitCode = 1;
}

/** Appends as a change does (inside its transaction) or as a refusal or system event does (alone). */
async function concurrentWriters(mode: "alone" | "in a transaction"): Promise<boolean> {
  const { db } = await import("../lib/db");
  const { recordAuditEvent, recordAuditEventAlone } = await import("../lib/audit/record-audit-event");
  const { verifyAuditChain } = await import("../lib/audit/verify-chain");
  const before = await db().auditEvent.count();
  const until = Date.now() + WRITE_SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; Date.now() < until; i++) {
        const event = {
          actor: { type: "system" as const, label: "bench" },
          action: "webhook.deliver" as const,
          target: { type: "bench", id: `writer-${w}` },
          outcome: "success" as const,
          details: { i },
        };
        if (mode === "alone") await recordAuditEventAlone(event);
        else await db().$transaction((tx) => recordAuditEvent(tx, event));
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const written = (await db().auditEvent.count()) - before;
  const rate = written / seconds;
  const verifyStart = performance.now();
  const chain = await verifyAuditChain(db());
  const ok = rate >= WRITE_TARGET_PER_S && chain.ok;
  console.log(
    `${WRITERS} concurrent writers (${mode}) for ${seconds.toFixed(1)} s: ${written.toLocaleString("en-US")} events, ${rate.toFixed(0)} events/s (target ≥ ${WRITE_TARGET_PER_S}); ` +
      `chain of ${chain.events.toLocaleString("en-US")} events ${chain.ok ? "verifies" : "BROKEN"} (${((performance.now() - verifyStart) / 1000).toFixed(1)} s to verify)   ${ok ? "ok" : "MISSED"}`,
  );
  return !ok;
}

/** Writes the events straight through the driver, as a valid chain, in large batches. */
async function seed(provider: string, url: string): Promise<string> {
  const { contentHash, GENESIS_HASH, HASHED_CONTENT, keyedChainHash } = await import("../lib/audit/hash");
  const { activeLinkKey } = await import("../lib/audit/link-key");
  const link = activeLinkKey();
  const BATCH = 10_000;
  const start = Date.now() - 365 * 86_400_000;
  let prev = GENESIS_HASH;
  let prevOfLast = GENESIS_HASH;
  const columns = [...HASHED_CONTENT, "prevHash", "hash", "linkKeyId"] as const;
  const rowAt = (i: number) => {
    const actor = i % ACTORS.length;
    const target = TARGETS[i % TARGETS.length]!;
    const fields = {
      id: crypto.randomUUID(),
      occurredAt: new Date(start + Math.floor((i / EVENTS) * 365 * 86_400_000)),
      actorType: "person",
      actorId: `person-${actor}`,
      actorLabel: ACTORS[actor]!,
      action: ACTIONS[(i * 7) % ACTIONS.length]!,
      targetType: target,
      targetId: `${target}-${i % 1000}`,
      targetLabel: `${target} ${i % 1000}`,
      outcome: i % 25 === 0 ? "failure" : i % 100 === 1 ? "denied" : "success",
      details: JSON.stringify({ before: { value: i - 1 }, after: { value: i }, note: `event ${i}` }),
      requestId: `req-${i}`,
      ipAddress: "203.0.113.7",
      userAgent: "bench",
      prevHash: prev,
    };
    const hash = keyedChainHash(link.key, prev, contentHash(fields));
    prevOfLast = prev;
    prev = hash;
    return { ...fields, hash, linkKeyId: link.id };
  };

  if (provider === "sqlite") {
    const Database = (await import("better-sqlite3")).default;
    const conn = new Database(url.replace(/^file:/, ""));
    conn.pragma("journal_mode = WAL");
    const insert = conn.prepare(`INSERT INTO "AuditEvent" (${columns.map((c) => `"${c}"`).join(",")}) VALUES (${columns.map(() => "?").join(",")})`);
    const batch = conn.transaction((rows: ReturnType<typeof rowAt>[]) => {
      // As Prisma's SQLite adapter writes dates: ISO 8601 text with an explicit offset.
      for (const r of rows) insert.run(...columns.map((c) => (c === "occurredAt" ? r.occurredAt.toISOString().replace("Z", "+00:00") : r[c])));
    });
    for (let i = 0; i < EVENTS; i += BATCH) batch(Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, k) => rowAt(i + k)));
    conn.prepare(`UPDATE "AuditChainHead" SET "prevHash" = ?, "hash" = ?, "events" = ? WHERE "id" = 1`).run(prevOfLast, prev, EVENTS);
    conn.exec("ANALYZE");
    conn.close();
    return prev;
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const types = columns.map((c) => (c === "occurredAt" ? "timestamp(3)[]" : "text[]"));
    const sql = `INSERT INTO "AuditEvent" (${columns.map((c) => `"${c}"`).join(",")})
      SELECT ${columns.map((c) => `"${c}"`).join(",")} FROM unnest(${types.map((t, i) => `$${i + 1}::${t}`).join(",")}) WITH ORDINALITY AS t(${columns.map((c) => `"${c}"`).join(",")}, n) ORDER BY n`;
    for (let i = 0; i < EVENTS; i += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, EVENTS - i) }, (_, k) => rowAt(i + k));
      await client.query(
        sql,
        columns.map((c) => rows.map((r) => (c === "occurredAt" ? r.occurredAt.toISOString() : r[c]))),
      );
    }
    await client.query(`UPDATE "AuditChainHead" SET "prevHash" = $1, "hash" = $2, "events" = $3 WHERE "id" = 1`, [prevOfLast, prev, EVENTS]);
    await client.query('ANALYZE "AuditEvent"');
  } finally {
    await client.end();
  }
  return prev;
}

async function freshDatabase(provider: "sqlite" | "postgresql"): Promise<{ url: string; drop: () => Promise<void> }> {
  if (provider === "sqlite") {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-bench-"));
    return { url: `file:${path.join(dir, "bench.db")}`, drop: () => fs.promises.rm(dir, { recursive: true, force: true }) };
  }
  return freshPostgresDatabase("ssob_bench");
}

const named = { load: () => import("./bench-load"), drift: () => import("./bench-drift"), mirrors: () => import("./bench-mirrors") } as const;
const name = process.argv[2];
if (name === "load" || name === "drift" || name === "mirrors") {
  named[name]()
    .then(({ main: run }) => run(process.argv.slice(3)))
    .then(
      (code) => process.exit(code),
      (e: unknown) => {
        console.error(`bench ${name}: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
