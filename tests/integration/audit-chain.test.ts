import { describe, expect, it } from "vitest";
import { auditDetails } from "@/lib/audit/audit-event-columns";
import { recordAuditEvent, SYSTEM_ACTOR, type AuditInput } from "@/lib/audit/record-audit-event";
import { chainHash, contentHash } from "@/lib/audit/hash";
import { REDACTED } from "@/lib/audit/redact";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { clearAuditLog, testProvider, useFreshDatabase, withoutAuditGuard } from "../support/databases";

const database = useFreshDatabase();

const event = (n: number): AuditInput => ({
  actor: { type: "person", id: "u1", label: "Ada Admin" },
  action: "settings.sign-in.update",
  target: { type: "settings", id: "sso-bridge" },
  outcome: "success",
  details: { n, clientSecret: "must-not-be-stored" },
  context: { requestId: `req-${n}`, ipAddress: "203.0.113.9", userAgent: "test" },
});

/** Records an event in a transaction of its own and reads it back as committed, linked into the chain. */
async function append(n: number) {
  const { id } = await database.client.$transaction((tx) => recordAuditEvent(tx, event(n)));
  return database.client.auditEvent.findUniqueOrThrow({ where: { id } });
}

async function resetChain() {
  await clearAuditLog(database.client);
}

describe(`audit chain on ${testProvider()}`, () => {
  it("records actor, action, target, outcome, context, and redacts secrets", async () => {
    await resetChain();
    const e = await append(1);
    expect(e).toMatchObject({
      actorType: "person",
      actorId: "u1",
      action: "settings.sign-in.update",
      targetType: "settings",
      outcome: "success",
      requestId: "req-1",
      ipAddress: "203.0.113.9",
    });
    expect(JSON.parse(e.details)).toEqual({ n: 1, clientSecret: REDACTED });
    expect(await verifyAuditChain(database.client)).toEqual({ ok: true, events: 1 });
  });

  it("links several events of one transaction in the order they were recorded", async () => {
    await resetChain();
    await database.client.$transaction(async (tx) => {
      for (let n = 0; n < 3; n++) await recordAuditEvent(tx, event(n));
    });
    const rows = await database.client.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => auditDetails.decode(r.details).n)).toEqual([0, 1, 2]);
    expect(await database.client.auditEventPending.count()).toBe(0);
    expect(await verifyAuditChain(database.client)).toEqual({ ok: true, events: 3 });
  });

  it("is written in the same transaction as the change: a rolled-back change leaves no event", async () => {
    await resetChain();
    await expect(
      database.client.$transaction(async (tx) => {
        await recordAuditEvent(tx, { ...event(2), actor: SYSTEM_ACTOR });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await database.client.auditEvent.count()).toBe(0);
  });

  it("keeps verifying events linked before links were keyed, and says which they are", async () => {
    await resetChain();
    // As the version before keyed links wrote them: plain SHA-256 links, no key id.
    let prev = "0".repeat(64);
    for (let n = 0; n < 3; n++) {
      const fields = {
        id: `legacy-${n}`,
        occurredAt: new Date(Date.UTC(2026, 0, 1, 0, n)),
        actorType: "system",
        actorId: null,
        actorLabel: "SSO Bridge",
        action: "settings.sign-in.update",
        targetType: "settings",
        targetId: null,
        targetLabel: null,
        outcome: "success",
        details: "{}",
        requestId: null,
        ipAddress: null,
        userAgent: null,
      };
      const hash = chainHash(prev, contentHash(fields));
      await database.client.auditEvent.create({ data: { ...fields, prevHash: prev, hash } });
      await database.client.auditChainHead.update({ where: { id: 1 }, data: { prevHash: prev, hash, events: { increment: 1 } } });
      prev = hash;
    }
    await append(3);
    const legacy = await database.client.auditEvent.findMany({ where: { linkKeyId: null }, orderBy: { seq: "asc" } });
    expect(legacy).toHaveLength(3);
    expect(await verifyAuditChain(database.client)).toEqual({
      ok: true,
      events: 4,
      unkeyed: { events: 3, firstSeq: legacy[0]!.seq, lastSeq: legacy[2]!.seq },
    });
  });

  it("detects an edited event", async () => {
    await resetChain();
    for (let n = 0; n < 5; n++) await append(n);
    const victim = (await database.client.auditEvent.findMany({ orderBy: { seq: "asc" } }))[2]!;
    await withoutAuditGuard(database.client, () => database.client.auditEvent.update({ where: { seq: victim.seq }, data: { outcome: "failure" } }));
    const result = await verifyAuditChain(database.client);
    expect(result).toMatchObject({ ok: false, events: 2, firstBad: { seq: victim.seq } });
    expect(result.ok || result.reason).toMatch(/edited/);
  });

  it("detects a deleted event", async () => {
    await resetChain();
    for (let n = 0; n < 5; n++) await append(n);
    const rows = await database.client.auditEvent.findMany({ orderBy: { seq: "asc" } });
    await withoutAuditGuard(database.client, () => database.client.auditEvent.delete({ where: { seq: rows[1]!.seq } }));
    expect(await verifyAuditChain(database.client)).toMatchObject({ ok: false, firstBad: { seq: rows[2]!.seq } });
  });

  it("detects that the newest events were deleted", async () => {
    await resetChain();
    for (let n = 0; n < 4; n++) await append(n);
    const last = await database.client.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    await withoutAuditGuard(database.client, () => database.client.auditEvent.delete({ where: { seq: last.seq } }));
    const result = await verifyAuditChain(database.client);
    expect(result).toMatchObject({ ok: false, events: 3 });
    expect(result.ok || result.reason).toMatch(/newest events were deleted/);
  });

  it("detects reordered events", async () => {
    await resetChain();
    for (let n = 0; n < 4; n++) await append(n);
    const [, b, c] = await database.client.auditEvent.findMany({ orderBy: { seq: "asc" } });
    // Swap the contents of two rows so that their order in the log changes.
    const { seq: bSeq, ...bData } = b!;
    const { seq: cSeq, ...cData } = c!;
    await withoutAuditGuard(database.client, () =>
      database.client.$transaction([
        database.client.auditEvent.delete({ where: { seq: bSeq } }),
        database.client.auditEvent.delete({ where: { seq: cSeq } }),
        database.client.auditEvent.create({ data: { seq: bSeq, ...cData } }),
        database.client.auditEvent.create({ data: { seq: cSeq, ...bData } }),
      ]),
    );
    expect(await verifyAuditChain(database.client)).toMatchObject({ ok: false, firstBad: { seq: bSeq } });
  });

  it("a fork is impossible: two events cannot follow the same one", async () => {
    await resetChain();
    const first = await append(1);
    const second = await append(2);
    const { seq: _seq, ...copy } = second;
    await expect(database.client.auditEvent.create({ data: { ...copy, id: "forked", hash: "f".repeat(64), prevHash: first.hash } })).rejects.toThrow(
      /Unique constraint/i,
    );
  });

  // On SQLite the driver adapter already runs one transaction at a time per process, so this
  // proves the lock only on PostgreSQL, where the writers really overlap.
  it("concurrent writers still form one valid chain", async () => {
    await resetChain();
    const writers = 8;
    const each = 15;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < each; i++) await append(w * 100 + i);
      }),
    );
    expect(await verifyAuditChain(database.client)).toEqual({ ok: true, events: writers * each });
  });
});
