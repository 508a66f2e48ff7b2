import crypto from "node:crypto";
import { storageConfig } from "../config";
import { AppError } from "../errors";
import { deriveKey, KeyRing, KeyRingError, loadKeyRing } from "./key-ring";
import { reenterSecret, secretName } from "./secret-kinds";

// AES-256-GCM with a random 96-bit nonce. The additional authenticated data binds a ciphertext to
// its row and purpose, so a ciphertext copied to another row fails to decrypt. `name` only names the
// secret to a person (a webhook's name) when it cannot be decrypted; it is not bound.
export type SecretBinding = { purpose: string; rowId: string; name?: string };

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

/**
 * A stored secret that cannot be decrypted, named for the person who has to act, with both ways out:
 * give SSO Bridge the key back, or enter the secret again. Never the secret or the ciphertext.
 */
export class DecryptionError extends AppError {
  constructor(binding: SecretBinding, why: string, keyId?: string) {
    const what = secretName(binding.purpose, binding.name);
    const reenter = reenterSecret(binding.purpose);
    const recover = keyId ? `Add key "${keyId}" to SSO_BRIDGE_ENCRYPTION_KEY after the first one, or ${lowerFirst(reenter)}` : reenter;
    super("NotConfigured", `${what[0]!.toUpperCase()}${what.slice(1)} cannot be decrypted: ${why}. ${recover}.`);
    this.name = "DecryptionError";
  }
}

const lowerFirst = (s: string) => `${s[0]!.toLowerCase()}${s.slice(1)}`;

/** The id of the key a stored ciphertext was encrypted with, or null when it is not one of SSO Bridge's. */
export function envelopeKeyId(envelope: string): string | null {
  const [version, keyId] = envelope.split(".");
  return version === VERSION && keyId ? keyId : null;
}

export function decrypt(ring: KeyRing, envelope: string, binding: SecretBinding): string {
  const [version, keyId, iv, tag, ct] = envelope.split(".");
  if (version !== VERSION || !keyId || !iv || !tag || ct === undefined) {
    throw new DecryptionError(binding, "it is not in the form SSO Bridge stores secrets in (it was altered)");
  }
  const key = ring.byId.get(keyId);
  if (!key) throw new DecryptionError(binding, `it was encrypted with key "${keyId}", which SSO_BRIDGE_ENCRYPTION_KEY does not hold`, keyId);
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(aad(binding));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new DecryptionError(binding, `it does not decrypt with key "${keyId}": it was tampered with or moved from another row`);
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
