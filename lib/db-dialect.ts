import { chainHash, type HashedFields } from "./audit/hash";
import type { Db, Tx } from "./db";

// The only place where SQL differs between SQLite and PostgreSQL.

function provider(tx: Tx): string {
  return (tx as unknown as { _activeProvider: string })._activeProvider;
}

// Any constant works; every instance must use the same one.
const AUDITED_CHANGE_LOCK = 727_310_002;

/**
 * Serialises read-then-write changes (settings, people, connections, setup steps) until the
 * transaction ends, so the "before" each one audits is what it really replaced, across instances.
 * Appends to the audit chain need no such lock: they are ordered by the chain head's row.
 * SQLite already allows one writer at a time.
 */
export async function serialiseAuditedChange(tx: Tx): Promise<void> {
  if (provider(tx) === "postgresql") {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${AUDITED_CHANGE_LOCK})::text`;
  }
}

export async function pingDatabase(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT 1`;
}

/** A case-insensitive substring match on a text column, as a Prisma filter: SQLite's LIKE already ignores case, PostgreSQL's needs asking. */
export function containsIgnoringCase(tx: Tx, text: string): { contains: string; mode?: "insensitive" } {
  return provider(tx) === "postgresql" ? { contains: text, mode: "insensitive" } : { contains: text };
}

export type NewAuditEvent = Omit<HashedFields, "prevHash">;
export type StoredAuditEvent = HashedFields & { seq: number; hash: string };

/**
 * Records the event in the caller's transaction, to be linked to the chain when it commits. On
 * PostgreSQL a deferred trigger does the linking at commit, holding the chain's head only while the
 * commit completes; SQLite runs one writer at a time, so the link is made at once. The returned
 * event has its place in the chain only where it is known before commit.
 */
export async function appendToAuditChain(tx: Tx, e: NewAuditEvent, content: string): Promise<NewAuditEvent & Partial<StoredAuditEvent>> {
  if (provider(tx) === "postgresql") {
    await tx.$executeRaw`
      INSERT INTO "AuditEventPending" ("id", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "outcome", "details", "requestId", "ipAddress", "userAgent", "contentHash")
      VALUES (${e.id}::text, (${e.occurredAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${e.actorType}::text, ${e.actorId}::text, ${e.actorLabel}::text, ${e.action}::text,
              ${e.targetType}::text, ${e.targetId}::text, ${e.targetLabel}::text, ${e.outcome}::text, ${e.details}::text, ${e.requestId}::text, ${e.ipAddress}::text, ${e.userAgent}::text, ${content}::text)`;
    return e;
  }
  const head = await tx.auditChainHead.findUnique({ where: { id: 1 } });
  if (!head) throw new Error("the audit chain has no head row: the database was not migrated");
  const hash = chainHash(head.hash, content);
  await tx.auditChainHead.update({ where: { id: 1 }, data: { prevHash: head.hash, hash, events: { increment: 1 } } });
  return tx.auditEvent.create({ data: { ...e, prevHash: head.hash, hash } });
}

/** An event on its own: on PostgreSQL one statement, atomic by itself, so the head is held only while it runs. */
export async function appendAuditEventAlone(client: Db, e: NewAuditEvent, content: string): Promise<StoredAuditEvent> {
  if (provider(client) === "postgresql") return appendOnPostgres(client, e, content);
  return client.$transaction((tx) => appendToAuditChain(tx, e, content)) as Promise<StoredAuditEvent>;
}

async function appendOnPostgres(q: Db, e: NewAuditEvent, content: string): Promise<StoredAuditEvent> {
  const rows = await q.$queryRaw<{ seq: number; prevHash: string; hash: string }[]>`
    WITH head AS (
      UPDATE "AuditChainHead"
         SET "prevHash" = "hash", "hash" = encode(sha256(convert_to("hash" || ${content}::text, 'UTF8')), 'hex'), "events" = "events" + 1
       WHERE "id" = 1
      RETURNING "prevHash", "hash")
    INSERT INTO "AuditEvent" ("id", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "outcome", "details", "requestId", "ipAddress", "userAgent", "prevHash", "hash")
    SELECT ${e.id}::text, (${e.occurredAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${e.actorType}::text, ${e.actorId}::text, ${e.actorLabel}::text, ${e.action}::text,
           ${e.targetType}::text, ${e.targetId}::text, ${e.targetLabel}::text, ${e.outcome}::text, ${e.details}::text, ${e.requestId}::text, ${e.ipAddress}::text, ${e.userAgent}::text,
           head."prevHash", head."hash"
      FROM head
    RETURNING "seq", "prevHash", "hash"`;
  const row = rows[0];
  if (!row) throw new Error("the audit chain has no head row: the database was not migrated");
  return { ...e, seq: Number(row.seq), prevHash: row.prevHash, hash: row.hash };
}

/** Lets this transaction remove archived audit events, which PostgreSQL otherwise refuses. */
export async function allowAuditRetentionDelete(tx: Tx): Promise<void> {
  if (provider(tx) === "postgresql") await tx.$executeRawUnsafe("SET LOCAL sso_bridge.audit_retention = 'on'");
}
