import crypto from "node:crypto";
import { storageConfig } from "../config";
import { deriveKey, KeyRing, KeyRingError, loadKeyRing } from "./key-ring";

// AES-256-GCM with a random 96-bit nonce. The additional authenticated data binds a ciphertext to
// its row and purpose, so a ciphertext copied to another row fails to decrypt.
export type SecretBinding = { purpose: string; rowId: string };

const VERSION = "v1";

function aad(b: SecretBinding): Buffer {
  return Buffer.from(`${b.purpose}\u0000${b.rowId}`, "utf8");
}

export function encrypt(ring: KeyRing, plaintext: string, binding: SecretBinding): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", ring.active.key, iv);
  cipher.setAAD(aad(binding));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, ring.active.id, iv.toString("base64url"), tag.toString("base64url"), ct.toString("base64url")].join(".");
}

export class DecryptionError extends Error {}

export function decrypt(ring: KeyRing, envelope: string, binding: SecretBinding): string {
  const [version, keyId, iv, tag, ct] = envelope.split(".");
  if (version !== VERSION || !keyId || !iv || !tag || ct === undefined) {
    throw new DecryptionError("stored secret has an unknown format");
  }
  const key = ring.byId.get(keyId);
  if (!key) throw new DecryptionError(`stored secret was encrypted with key "${keyId}", which is not in SSO_BRIDGE_ENCRYPTION_KEY`);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError("stored secret does not decrypt: wrong key, or it was tampered with or moved");
  }
}

/**
 * What people see instead of a secret. Keyed, so that a short or guessable secret cannot be
 * recovered from its fingerprint by hashing candidates.
 */
export function fingerprint(ring: KeyRing, secret: string): string {
  const mac = crypto.createHmac("sha256", deriveKey(ring, "fingerprint")).update(secret).digest("hex");
  return `${mac.slice(0, 4)}…${mac.slice(-4)}`.toUpperCase().replace("…", "-");
}

let ring: KeyRing | undefined;

export function keyRing(): KeyRing {
  const c = storageConfig();
  if (c.mode === "production" && !c.encryptionKey) {
    throw new KeyRingError("SSO_BRIDGE_ENCRYPTION_KEY is not set: production needs a key; create one with `openssl rand -base64 32`");
  }
  ring ??= loadKeyRing({ envKey: c.encryptionKey, dataDir: c.dataDir });
  return ring;
}
