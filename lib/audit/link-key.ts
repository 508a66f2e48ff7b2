import crypto from "node:crypto";
import { keyRing } from "../security/encryption";
import { deriveKeyFrom, type KeyRing } from "../security/key-ring";

// The keys audit links are made with: one per key of SSO_BRIDGE_ENCRYPTION_KEY, derived for this
// purpose alone. New events are linked with the first key's; each event records which key linked
// it, so events linked before a rotation still verify with theirs.

const PURPOSE = "audit-link";
const HMAC_BLOCK = 64;

export type LinkKey = {
  id: string;
  key: Buffer;
  /** For PostgreSQL: "<key id>:<ipad>:<opad>" in hex, what it needs to compute the HMAC with sha256() alone */
  pads: string;
};

const byRing = new WeakMap<KeyRing, Map<string, Buffer>>();
const activeByRing = new WeakMap<KeyRing, LinkKey>();

/** The link key of each key in the ring, by key id; undefined for a key the ring does not hold. */
export function linkKeys(ring: KeyRing = keyRing()): (keyId: string) => Buffer | undefined {
  const cache = byRing.get(ring) ?? new Map<string, Buffer>();
  byRing.set(ring, cache);
  return (keyId) => {
    const known = cache.get(keyId);
    if (known) return known;
    const key = ring.byId.get(keyId);
    if (!key) return undefined;
    const linkKey = deriveKeyFrom(key, PURPOSE);
    cache.set(keyId, linkKey);
    return linkKey;
  };
}

/** The key new events are linked with: the first key's. */
export function activeLinkKey(ring: KeyRing = keyRing()): LinkKey {
  const known = activeByRing.get(ring);
  if (known) return known;
  const key = linkKeys(ring)(ring.active.id)!;
  const { ipad, opad } = hmacPads(key);
  const link = { id: ring.active.id, key, pads: `${ring.active.id}:${ipad.toString("hex")}:${opad.toString("hex")}` };
  activeByRing.set(ring, link);
  return link;
}

/** HMAC's inner and outer pads (RFC 2104) of a key no longer than a SHA-256 block. */
export function hmacPads(key: Buffer): { ipad: Buffer; opad: Buffer } {
  if (key.length > HMAC_BLOCK) throw new Error("an HMAC-SHA256 key longer than a block is hashed first; link keys are 32 bytes");
  const block = Buffer.concat([key, Buffer.alloc(HMAC_BLOCK - key.length)]);
  return { ipad: Buffer.from(block.map((b) => b ^ 0x36)), opad: Buffer.from(block.map((b) => b ^ 0x5c)) };
}

/** HMAC-SHA256 from the pads, as PostgreSQL computes it: sha256(opad || sha256(ipad || message)). */
export function hmacFromPads(pads: { ipad: Buffer; opad: Buffer }, message: string): string {
  const inner = crypto.createHash("sha256").update(pads.ipad).update(message, "utf8").digest();
  return crypto.createHash("sha256").update(pads.opad).update(inner).digest("hex");
}
