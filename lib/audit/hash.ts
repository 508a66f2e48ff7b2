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
 * An unkeyed link, as events were linked before links were keyed: the previous hash and this
 * event's content hash, as text. Such events still verify, and verification reports them.
 */
export function chainHash(prevHash: string, content: string): string {
  return sha256(prevHash + content);
}

/**
 * A link: HMAC-SHA256 of the same text under a key derived from SSO_BRIDGE_ENCRYPTION_KEY, so that
 * nobody without that key (someone with only the database, say) can make one. PostgreSQL computes
 * the same value from the key's HMAC pads (lib/db-dialect.ts), so an append stays one statement.
 */
export function keyedChainHash(linkKey: Buffer, prevHash: string, content: string): string {
  return crypto
    .createHmac("sha256", linkKey)
    .update(prevHash + content, "utf8")
    .digest("hex");
}

/** How events were hashed before links were split into content and chain; such events still verify. */
export function legacyEventHash(e: HashedFields): string {
  return sha256(JSON.stringify(values(e, [...HASHED_CONTENT, "prevHash"])));
}

export type StoredLink = HashedFields & { hash: string; linkKeyId: string | null };

/** What checking one stored link found: a problem, a link made with a key, one made without, or one whose key is not at hand. */
export type LinkCheck = { problem: string } | { keyed: boolean } | { missingKey: string };

/** Checks a stored event as the link after `prevHash`, with the link keys at hand (by key id). */
export function checkLink(row: StoredLink, prevHash: string, content: string, linkKey: (keyId: string) => Buffer | undefined): LinkCheck {
  if (row.prevHash !== prevHash) return { problem: "does not follow the event before it (an event was deleted, inserted or reordered)" };
  const edited = { problem: "its contents do not match its hash (the event was edited)" };
  if (row.linkKeyId === null) return chainHash(prevHash, content) === row.hash || legacyEventHash(row) === row.hash ? { keyed: false } : edited;
  const key = linkKey(row.linkKeyId);
  if (!key) return { missingKey: row.linkKeyId };
  return timingSafeEqualHex(keyedChainHash(key, prevHash, content), row.hash) ? { keyed: true } : edited;
}

function timingSafeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/**
 * The running digest of a stretch of the chain: each event's link and content, in order. An anchor
 * signs it, so the events it covers verify even once the keys that linked them are retired.
 */
export function nextDigest(digest: string, hash: string, content: string): string {
  return sha256(digest + hash + content);
}
