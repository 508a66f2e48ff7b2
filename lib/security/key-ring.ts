import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// Keys are 32 bytes, base64. The ring lets keys rotate: the first key encrypts, every key decrypts.
// Format: "<base64>[,<base64>…]"; "<id>:<base64>" names a key explicitly. An unnamed key is named
// after a hash of its own bytes, so its name (stored with every ciphertext) does not depend on
// where it stands in the list.
export type KeyRing = { active: { id: string; key: Buffer }; byId: Map<string, Buffer> };

export class KeyRingError extends Error {}

export function parseKeyRing(text: string, source: string): KeyRing {
  const entries = text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const named = entry.includes(":");
      const b64 = named ? entry.slice(entry.indexOf(":") + 1) : entry;
      const key = Buffer.from(b64, "base64");
      if (key.length !== 32) {
        throw new KeyRingError(`${source} holds a key that is not 32 bytes of base64: create one with \`openssl rand -base64 32\``);
      }
      const id = named ? entry.slice(0, entry.indexOf(":")) : `k${crypto.createHash("sha256").update(key).digest("hex").slice(0, 8)}`;
      if (!/^[\w-]{1,32}$/.test(id)) throw new KeyRingError(`${source} names a key "${id}": use letters, digits, - or _`);
      return [id, key] as const;
    });
  const ids = entries.map(([id]) => id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new KeyRingError(`${source} holds the key "${duplicate}" twice: each key must appear once`);
  const first = entries[0];
  if (!first) throw new KeyRingError(`${source} is empty: create a key with \`openssl rand -base64 32\``);
  return { active: { id: first[0], key: first[1] }, byId: new Map(entries) };
}

/** The configured ring, or for local use a key file created once in the data folder (owner-only). */
export function loadKeyRing(opts: { envKey: string | undefined; dataDir: string }): KeyRing {
  if (opts.envKey) return parseKeyRing(opts.envKey, "SSO_BRIDGE_ENCRYPTION_KEY");
  const file = path.join(opts.dataDir, "encryption.key");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    const content = `${crypto.randomBytes(32).toString("base64")}\n`;
    try {
      // "wx" fails if another process created it first; then we read theirs.
      fs.writeFileSync(file, content, { mode: 0o600, flag: "wx" });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
  return parseKeyRing(fs.readFileSync(file, "utf8"), file);
}

/** A key for another purpose (session signing, fingerprints), derived so the master key is never reused. */
export function deriveKey(ring: KeyRing, purpose: string): Buffer {
  return deriveKeyFrom(ring.active.key, purpose);
}

/** The same derivation from a given key of the ring, for checking what an earlier active key made. */
export function deriveKeyFrom(key: Buffer, purpose: string): Buffer {
  return Buffer.from(crypto.hkdfSync("sha256", key, Buffer.alloc(0), `sso-bridge:${purpose}`, 32));
}
