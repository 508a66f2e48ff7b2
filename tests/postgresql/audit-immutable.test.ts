import { describe, expect, it } from "vitest";
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { useFreshDatabase } from "../support/databases";

// On PostgreSQL the audit table itself refuses changes, below the application: a bug or a stray
// query cannot rewrite history, and only someone who can alter the table's triggers could.

const database = useFreshDatabase();

describe("the audit table on PostgreSQL", () => {
  it("refuses UPDATE, DELETE and TRUNCATE of audit events", async () => {
    const { id } = await database.client.$transaction((tx) =>
      recordAuditEvent(tx, {
        actor: { type: "system", label: "SSO Bridge" },
        action: "settings.sign-in.update",
        target: { type: "settings" },
        outcome: "success",
      }),
    );
    const e = await database.client.auditEvent.findUniqueOrThrow({ where: { id } });
    await expect(database.client.auditEvent.update({ where: { seq: e.seq }, data: { outcome: "failure" } })).rejects.toThrow(/immutable/);
    await expect(database.client.auditEvent.deleteMany()).rejects.toThrow(/immutable/);
    await expect(database.client.$executeRawUnsafe('TRUNCATE "AuditEvent"')).rejects.toThrow(/immutable/);
    expect(await verifyAuditChain(database.client)).toEqual({ ok: true, events: 1 });
  });

  it("refuses them to a session that sets the setting the retention job once used, too", async () => {
    for (const sql of ['UPDATE "AuditEvent" SET "outcome" = \'failure\'', 'DELETE FROM "AuditEvent"', 'TRUNCATE "AuditEvent"']) {
      await expect(
        database.client.$transaction(async (tx) => {
          await tx.$executeRawUnsafe("SET LOCAL sso_bridge.audit_retention = 'on'");
          await tx.$executeRawUnsafe(sql);
        }),
        sql,
      ).rejects.toThrow(/immutable/);
    }
    expect(await verifyAuditChain(database.client)).toEqual({ ok: true, events: 1 });
  });
});
