import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAuditEvent, recordAuditEventAlone, type ChangedBy } from "@/lib/audit/record-audit-event";
import { archiveOldEvents } from "@/lib/audit/retention";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { db, type Db } from "@/lib/db";
import { updateSettings } from "@/lib/settings";
import { testPostgresUrl } from "../support/databases";
import { startUpProblems } from "../support/start-up-problems";

// The hardened deployment: migrations run as an owner role (SSO_BRIDGE_MIGRATION_DATABASE_URL),
// SSO Bridge serves as a runtime role (DATABASE_URL) that can record events but not change,
// remove or relink them, whatever it sets in its session.

const suffix = crypto.randomBytes(4).toString("hex");
const password = crypto.randomBytes(12).toString("hex");
const owner = `ssob_owner_${suffix}`;
const runtime = `ssob_runtime_${suffix}`;
const name = `ssob_roles_${suffix}`;
const by: ChangedBy = { actor: { type: "person", id: "u-ada", label: "Ada Admin" }, context: {} };
const DAY = 86_400_000;

const urlAs = (user: string) => {
  const u = new URL(testPostgresUrl());
  u.username = user;
  u.password = password;
  u.pathname = `/${name}`;
  return u.toString();
};

async function asAdmin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: testPostgresUrl() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let client: Db;

beforeAll(async () => {
  await asAdmin(`CREATE ROLE ${owner} LOGIN PASSWORD '${password}'`);
  await asAdmin(`CREATE ROLE ${runtime} LOGIN PASSWORD '${password}'`);
  await asAdmin(`CREATE DATABASE ${name} OWNER ${owner}`);
  expect(await startUpProblems({ DATABASE_URL: urlAs(runtime), SSO_BRIDGE_MIGRATION_DATABASE_URL: urlAs(owner) })).toEqual([]);
  process.env.DATABASE_URL = urlAs(runtime);
  client = db();
});

afterAll(async () => {
  await client?.$disconnect();
  await asAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await asAdmin(`DROP ROLE IF EXISTS ${runtime}`);
  await asAdmin(`DROP ROLE IF EXISTS ${owner}`);
});

const event = (n: number) => ({
  actor: by.actor,
  action: "settings.sign-in.update" as const,
  target: { type: "settings" },
  outcome: "success" as const,
  details: { n },
});

describe("the hardened PostgreSQL deployment (an owner role migrates, a runtime role serves)", () => {
  it("lets the runtime role record events, change settings, archive old events and verify the chain", async () => {
    await client.$transaction((tx) => recordAuditEvent(tx, event(1)));
    await recordAuditEventAlone(event(2));
    await updateSettings({ auditRetentionDays: 30 }, by);
    expect(await archiveOldEvents(new Date(Date.now() + 31 * DAY))).toMatch(/^archived 3 events through #3 /);
    await recordAuditEventAlone(event(3));
    expect(await verifyAuditChain(client)).toMatchObject({ ok: true, events: 2 });
  });

  it("refuses the runtime role any change to recorded events, the chain's head and the checkpoints, even with the retention setting on", async () => {
    const attempts = [
      `UPDATE "AuditEvent" SET "outcome" = 'failure'`,
      `DELETE FROM "AuditEvent"`,
      `TRUNCATE "AuditEvent"`,
      `INSERT INTO "AuditEvent" ("id", "occurredAt", "actorType", "actorLabel", "action", "targetType", "outcome", "details", "prevHash", "hash")
         VALUES ('forged', now(), 'system', 'x', 'x', 'x', 'success', '{}', 'p', 'h')`,
      `UPDATE "AuditChainHead" SET "hash" = 'h'`,
      `DELETE FROM "AuditChainHead"`,
      `UPDATE "AuditCheckpoint" SET "throughSeq" = 1`,
      `DELETE FROM "AuditCheckpoint"`,
      `TRUNCATE "AuditCheckpoint"`,
      `DELETE FROM "AuditEventPending"`,
      `ALTER TABLE "AuditEvent" DISABLE TRIGGER USER`,
    ];
    for (const sql of attempts) {
      await expect(
        client.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL sso_bridge.audit_retention = 'on'");
          await tx.$executeRawUnsafe(sql);
        }),
        sql,
      ).rejects.toThrow(/permission denied|must be owner/);
    }
    expect(await verifyAuditChain(client)).toMatchObject({ ok: true, events: 2 });
  });

  it("refuses to serve as a runtime role that could change the history itself", async () => {
    const lines = await startUpProblems({ DATABASE_URL: urlAs(owner), SSO_BRIDGE_MIGRATION_DATABASE_URL: urlAs(owner) });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^SSO_BRIDGE_MIGRATION_DATABASE_URL: .*${owner}.*DATABASE_URL`))]);
  });
});
