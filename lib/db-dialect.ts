import type { Tx } from "./db";

// The only place where SQL differs between SQLite and PostgreSQL.

function provider(tx: Tx): string {
  return (tx as unknown as { _activeProvider: string })._activeProvider;
}

// Any constant works; every instance must use the same one.
const AUDIT_CHAIN_LOCK = 727_310_002;

/**
 * Serialises appends to the audit chain until the transaction ends. PostgreSQL needs a lock so that
 * concurrent writers on several instances read the same tail one after another; SQLite already
 * allows one writer at a time.
 */
export async function lockAuditChain(tx: Tx): Promise<void> {
  if (provider(tx) === "postgresql") {
    await tx.$queryRaw`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})::text`;
  }
}

export async function pingDatabase(tx: Tx): Promise<void> {
  await tx.$queryRaw`SELECT 1`;
}

/** A case-insensitive substring match on a text column, as a Prisma filter: SQLite's LIKE already ignores case, PostgreSQL's needs asking. */
export function containsIgnoringCase(tx: Tx, text: string): { contains: string; mode?: "insensitive" } {
  return provider(tx) === "postgresql" ? { contains: text, mode: "insensitive" } : { contains: text };
}
