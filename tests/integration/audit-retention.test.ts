import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recordAuditEvent, type ChangedBy } from "@/lib/audit/record-audit-event";
import { archiveOldEvents } from "@/lib/audit/retention";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { storageConfig } from "@/lib/config";
import { updateSettings } from "@/lib/settings";
import { clearAuditLog, testProvider, useFreshDatabase, withoutAuditGuard } from "../support/databases";

// Retention archives old events to a file and removes them, leaving a signed checkpoint from which
// the remaining chain still verifies; a forged checkpoint or a broken chain is caught, not archived.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "u-ada", label: "Ada Admin" }, context: {} };
const DAY = 86_400_000;
const append = (n: number) =>
  database.client.$transaction((tx) =>
    recordAuditEvent(tx, { actor: by.actor, action: "settings.sign-in.update", target: { type: "settings" }, outcome: "success", details: { n } }),
  );

describe(`audit retention on ${testProvider()}`, () => {
  it("keeps everything until a retention is set", async () => {
    await clearAuditLog(database.client);
    for (let n = 0; n < 10; n++) await append(n);
    expect(await archiveOldEvents(new Date(Date.now() + 400 * DAY))).toBe("retention is off: every event is kept");
  });

  it("archives events past the retention to a file, removes them, and the rest of the chain still verifies", async () => {
    await updateSettings({ auditRetentionDays: 30 }, by);
    expect(await archiveOldEvents()).toBe("no event older than 30 days");

    const at = new Date(Date.now() + 31 * DAY);
    const message = await archiveOldEvents(at);
    expect(message).toMatch(/^archived 11 events through #\d+ to audit-through-\d+-.*\.jsonl$/);
    const checkpoint = await database.client.auditCheckpoint.findFirstOrThrow();
    const file = path.join(storageConfig().dataDir, "audit-archive", checkpoint.archiveFile);
    const text = fs.readFileSync(file, "utf8");
    expect(crypto.createHash("sha256").update(text).digest("hex")).toBe(checkpoint.archiveSha256);
    const archived = text
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as { seq: number; hash: string });
    expect(archived).toHaveLength(11);
    expect(archived.at(-1)).toMatchObject({ seq: checkpoint.throughSeq, hash: checkpoint.throughHash });

    const remaining = await database.client.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(remaining.map((e) => e.action)).toEqual(["audit.retention"]);
    expect(remaining[0]!.prevHash).toBe(checkpoint.throughHash);
    await append(99);
    // Retention anchored what remains at once, and verification checks the archive too.
    expect(await verifyAuditChain(database.client)).toEqual({
      ok: true,
      events: 2,
      anchor: { seq: remaining[0]!.seq, createdAt: at },
      archives: 1,
    });
  });

  it("catches a forged checkpoint", async () => {
    const checkpoint = await database.client.auditCheckpoint.findFirstOrThrow();
    await database.client.auditCheckpoint.update({ where: { id: checkpoint.id }, data: { throughSeq: checkpoint.throughSeq - 1 } });
    try {
      const result = await verifyAuditChain(database.client);
      expect(result.ok || result.reason).toMatch(/checkpoint's signature does not verify/);
    } finally {
      await database.client.auditCheckpoint.update({ where: { id: checkpoint.id }, data: { throughSeq: checkpoint.throughSeq } });
    }
    expect((await verifyAuditChain(database.client)).ok).toBe(true);
  });

  it("catches an archive file altered after it was written", async () => {
    const checkpoint = await database.client.auditCheckpoint.findFirstOrThrow();
    const file = path.join(storageConfig().dataDir, "audit-archive", checkpoint.archiveFile);
    const original = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, original.replace('"n":3', '"n":4'));
    try {
      const result = await verifyAuditChain(database.client);
      expect(result).toMatchObject({ ok: false, firstBad: { seq: checkpoint.throughSeq, id: checkpoint.id } });
      expect(result.ok || result.reason).toContain(`${checkpoint.archiveFile}, whose SHA-256 no longer matches`);
    } finally {
      fs.writeFileSync(file, original);
    }
    expect((await verifyAuditChain(database.client)).ok).toBe(true);
  });

  it("does not archive a broken chain, and leaves it as it was", async () => {
    const victim = await database.client.auditEvent.findFirstOrThrow({ where: { action: "settings.sign-in.update" }, orderBy: { seq: "desc" } });
    await withoutAuditGuard(database.client, () => database.client.auditEvent.update({ where: { seq: victim.seq }, data: { outcome: "failure" } }));
    const before = await database.client.auditEvent.count();
    await expect(archiveOldEvents(new Date(Date.now() + 62 * DAY))).rejects.toThrow(/does not verify/);
    expect(await database.client.auditEvent.count()).toBe(before);
    expect(await database.client.auditCheckpoint.count()).toBe(1);
  });
});
