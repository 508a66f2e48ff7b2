import { afterEach, describe, expect, it, vi } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { storageConfig } from "@/lib/config";
import { readSettings, updateSettings } from "@/lib/settings";
import { SHARE_FOR_MS } from "@/lib/shared-reads";
import { runSqlDirectly, testProvider, useFreshDatabase } from "../support/databases";

// Pages share what they read for up to a second (lib/shared-reads.ts). What this process writes
// shows at once, whichever way it is written; what another instance writes, within the second.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-ada", label: "Ada Admin" }, context: { requestId: "req-shared-reads" } };

describe(`shared reads on ${testProvider()}`, () => {
  afterEach(() => vi.useRealTimers());

  it("a change saved here shows on the very next read", async () => {
    await updateSettings({ selfSignUp: true }, by);
    expect((await readSettings()).selfSignUp).toBe(true);
    await updateSettings({ selfSignUp: false }, by);
    expect((await readSettings()).selfSignUp).toBe(false);
  });

  it("a plain write outside a transaction shows on the very next read", async () => {
    await updateSettings({ auditRetentionDays: 400 }, by);
    expect((await readSettings()).auditRetentionDays).toBe(400);
    await database.client.setting.update({ where: { key: "auditRetentionDays" }, data: { value: "500" } });
    expect((await readSettings()).auditRetentionDays).toBe(500);
  });

  it("what was read while a transaction was open is not shown once it has committed", async () => {
    expect((await readSettings()).allowLabWebhooks).toBe(false);
    let commit: () => void = () => {};
    const held = new Promise<void>((resolve) => (commit = resolve));
    let written: () => void = () => {};
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const transaction = database.client.$transaction(async (tx) => {
      await tx.setting.upsert({ where: { key: "allowLabWebhooks" }, create: { key: "allowLabWebhooks", value: "true" }, update: { value: "true" } });
      written();
      await held;
    });
    await wrote;
    const during = readSettings();
    // PostgreSQL answers from before the transaction; SQLite's one connection makes the read wait for it to end.
    if (testProvider() === "postgresql") expect((await during).allowLabWebhooks).toBe(false);
    commit();
    await transaction;
    await during;
    expect((await readSettings()).allowLabWebhooks).toBe(true);
  });

  it("another instance's change shows within the sharing period", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    await updateSettings({ auditRetentionDays: 30 }, by);
    expect((await readSettings()).auditRetentionDays).toBe(30);
    // Another instance writes through a connection of its own, unseen by this process.
    await runSqlDirectly(storageConfig().databaseUrl, [{ sql: `UPDATE "Setting" SET "value" = '90' WHERE "key" = 'auditRetentionDays'` }]);
    expect((await readSettings()).auditRetentionDays).toBe(30);
    vi.setSystemTime(Date.now() + SHARE_FOR_MS);
    expect((await readSettings()).auditRetentionDays).toBe(90);
  });
});
