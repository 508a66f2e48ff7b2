import { keyedChainHash, type HashedFields } from "./audit/hash";
import type { LinkKey } from "./audit/link-key";
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

/**
 * Sequence numbers of the events whose details contain `text` (case ignored), newest first, below
 * `before` when given: through SQLite's trigram full-text index or PostgreSQL's trigram index
 * (migration audit_text_search). Both need three characters to use the index.
 */
export async function auditSeqsContaining(tx: Tx, text: string, before: number | null, limit: number): Promise<number[]> {
  // Sequence numbers are 32-bit integers on PostgreSQL; none is above the largest.
  const below = before ?? 2_147_483_647;
  if (provider(tx) === "postgresql") {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await tx.$queryRaw<{ seq: number }[]>`
      SELECT "seq" FROM "AuditEvent" WHERE "details" ILIKE ${pattern}::text AND "seq" < ${below}::integer ORDER BY "seq" DESC LIMIT ${limit}::integer`;
    return rows.map((r) => Number(r.seq));
  }
  // A quoted phrase: the text is matched as it is, whatever operators or quotes it holds.
  const phrase = `"${text.replace(/"/g, '""')}"`;
  const rows = await tx.$queryRaw<{ seq: number }[]>`
    SELECT rowid AS "seq" FROM "_audit_text" WHERE "_audit_text" MATCH ${phrase} AND rowid < ${below} ORDER BY rowid DESC LIMIT ${limit}`;
  return rows.map((r) => Number(r.seq));
}

/**
 * Every actor name the audit history holds, one index seek per name (a loose index scan), so that
 * a filter by part of a name becomes a lookup of whole names however long the history is. The
 * statement is the same on both databases.
 */
export async function auditActorLabels(tx: Tx): Promise<string[]> {
  const rows = await tx.$queryRaw<{ label: string | null }[]>`
    WITH RECURSIVE "labels"("label") AS (
      SELECT MIN("actorLabel") FROM "AuditEvent"
      UNION ALL
      SELECT (SELECT MIN("actorLabel") FROM "AuditEvent" WHERE "actorLabel" > "labels"."label") FROM "labels" WHERE "labels"."label" IS NOT NULL
    )
    SELECT "label" FROM "labels" WHERE "label" IS NOT NULL`;
  return rows.map((r) => r.label!);
}

export type NewAuditEvent = Omit<HashedFields, "prevHash">;
export type StoredAuditEvent = HashedFields & { seq: number; hash: string; linkKeyId: string | null };

/**
 * Records the event in the caller's transaction, to be linked to the chain when it commits. On
 * PostgreSQL a deferred trigger does the linking at commit, holding the chain's head only while the
 * commit completes, with the link key's pads the transaction set (a setting local to it, never
 * stored); SQLite runs one writer at a time, so the link is made at once. The returned event has
 * its place in the chain only where it is known before commit.
 */
export async function appendToAuditChain(tx: Tx, e: NewAuditEvent, content: string, link: LinkKey): Promise<NewAuditEvent & Partial<StoredAuditEvent>> {
  if (provider(tx) === "postgresql") {
    await tx.$executeRaw`
      INSERT INTO "AuditEventPending" ("id", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId", "targetLabel", "outcome", "details", "requestId", "ipAddress", "userAgent", "contentHash")
      SELECT ${e.id}::text, (${e.occurredAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${e.actorType}::text, ${e.actorId}::text, ${e.actorLabel}::text, ${e.action}::text,
             ${e.targetType}::text, ${e.targetId}::text, ${e.targetLabel}::text, ${e.outcome}::text, ${e.details}::text, ${e.requestId}::text, ${e.ipAddress}::text, ${e.userAgent}::text, ${content}::text
        FROM (SELECT set_config('sso_bridge.audit_link_key', ${link.pads}::text, true)) AS link_key`;
    return e;
  }
  const head = await tx.auditChainHead.findUnique({ where: { id: 1 } });
  if (!head) throw new Error("the audit chain has no head row: the database was not migrated");
  const hash = keyedChainHash(link.key, head.hash, content);
  await tx.auditChainHead.update({ where: { id: 1 }, data: { prevHash: head.hash, hash, events: { increment: 1 } } });
  return tx.auditEvent.create({ data: { ...e, prevHash: head.hash, hash, linkKeyId: link.id } });
}

/** An event on its own: on PostgreSQL one statement, atomic by itself, so the head is held only while it runs. */
export async function appendAuditEventAlone(client: Db, e: NewAuditEvent, content: string, link: LinkKey): Promise<StoredAuditEvent> {
  if (provider(client) === "postgresql") return appendOnPostgres(client, e, content, link);
  return client.$transaction((tx) => appendToAuditChain(tx, e, content, link)) as Promise<StoredAuditEvent>;
}

async function appendOnPostgres(q: Db, e: NewAuditEvent, content: string, link: LinkKey): Promise<StoredAuditEvent> {
  const rows = await q.$queryRaw<{ seq: number; prevHash: string; hash: string }[]>`
    SELECT "out_seq" AS "seq", "out_prev_hash" AS "prevHash", "out_hash" AS "hash"
      FROM "sso_bridge_audit_link"(${e.id}::text, (${e.occurredAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${e.actorType}::text, ${e.actorId}::text, ${e.actorLabel}::text,
             ${e.action}::text, ${e.targetType}::text, ${e.targetId}::text, ${e.targetLabel}::text, ${e.outcome}::text, ${e.details}::text, ${e.requestId}::text, ${e.ipAddress}::text,
             ${e.userAgent}::text, ${content}::text, ${link.pads}::text)`;
  const row = rows[0];
  if (!row) throw new Error("the audit chain has no head row: the database was not migrated");
  return { ...e, seq: Number(row.seq), prevHash: row.prevHash, hash: row.hash, linkKeyId: link.id };
}

export type NewCheckpoint = {
  id: string;
  createdAt: Date;
  throughSeq: number;
  throughHash: string;
  events: number;
  archiveFile: string;
  archiveSha256: string;
  keyId: string;
  signature: string;
};

/**
 * Writes the retention checkpoint and removes the events it covers. On PostgreSQL both happen in
 * one function owned by the migration role: the table refuses any other removal of events.
 */
export async function archiveAuditEvents(tx: Tx, c: NewCheckpoint): Promise<void> {
  if (provider(tx) === "postgresql") {
    await tx.$executeRaw`
      SELECT "sso_bridge_audit_archive"(${c.id}::text, (${c.createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC'), ${c.throughSeq}::integer, ${c.throughHash}::text,
             ${c.events}::integer, ${c.archiveFile}::text, ${c.archiveSha256}::text, ${c.keyId}::text, ${c.signature}::text)`;
    return;
  }
  await tx.auditCheckpoint.create({ data: c });
  await tx.auditEvent.deleteMany({ where: { seq: { lte: c.throughSeq } } });
}

/** Replaces a checkpoint's signature (key rotation); nothing else about it may change. */
export async function resignAuditCheckpoint(tx: Tx, id: string, keyId: string, signature: string): Promise<void> {
  if (provider(tx) === "postgresql") {
    await tx.$executeRaw`SELECT "sso_bridge_audit_checkpoint_resign"(${id}::text, ${keyId}::text, ${signature}::text)`;
    return;
  }
  await tx.auditCheckpoint.update({ where: { id }, data: { keyId, signature } });
}
