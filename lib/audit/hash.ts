import crypto from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type HashedFields = {
  id: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  outcome: string;
  details: string;
  requestId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  prevHash: string;
};

// A fixed field order (not object key order) makes the hash independent of how a row was loaded.
export const HASHED_CONTENT = [
  "id",
  "occurredAt",
  "actorType",
  "actorId",
  "actorLabel",
  "action",
  "targetType",
  "targetId",
  "targetLabel",
  "outcome",
  "details",
  "requestId",
  "ipAddress",
  "userAgent",
] as const satisfies readonly (keyof HashedFields)[];

const sha256 = (text: string) => crypto.createHash("sha256").update(text, "utf8").digest("hex");
const values = (e: Omit<HashedFields, "prevHash">, keys: readonly (keyof HashedFields)[]) =>
  keys.map((k) => {
    const v = (e as HashedFields)[k];
    return v instanceof Date ? v.toISOString() : v;
  });

/** The hash of an event's own contents, computable before it is known where in the chain it goes. */
export function contentHash(e: Omit<HashedFields, "prevHash">): string {
  return sha256(JSON.stringify(values(e, HASHED_CONTENT)));
}

/**
 * A link: the previous hash and this event's content hash, as text. Simple enough that PostgreSQL
 * computes the same value (sha256 of the two hex strings joined), so an append is one statement.
 */
export function chainHash(prevHash: string, content: string): string {
  return sha256(prevHash + content);
}

export function eventHash(e: HashedFields): string {
  return chainHash(e.prevHash, contentHash(e));
}

/** How events were hashed before links were split into content and chain; such events still verify. */
export function legacyEventHash(e: HashedFields): string {
  return sha256(JSON.stringify(values(e, [...HASHED_CONTENT, "prevHash"])));
}

/** Why a stored event is not a valid link after `prevHash`, or null when it is. */
export function linkProblem(row: HashedFields & { hash: string }, prevHash: string): string | null {
  if (row.prevHash !== prevHash) return "does not follow the event before it (an event was deleted, inserted or reordered)";
  if (eventHash(row) !== row.hash && legacyEventHash(row) !== row.hash) return "its contents do not match its hash (the event was edited)";
  return null;
}
