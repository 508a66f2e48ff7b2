import type { Db, Tx } from "../db";
import { decrypt, encrypt, envelopeKeyId, type SecretBinding } from "./encryption";
import type { KeyRing } from "./key-ring";
import { secretName, WEBHOOK_URL_PURPOSE } from "./secret-kinds";

// Every value SSO Bridge stores encrypted, wherever it lives: what the start-up check and key
// rotation go through, so neither can miss one. A new encrypted column belongs here (a test holds
// every column whose name says it holds ciphertext to that).

export const ENCRYPTED_COLUMNS = ["Secret.ciphertext", "Webhook.urlCiphertext"] as const;

export type EncryptedValue = {
  column: (typeof ENCRYPTED_COLUMNS)[number];
  id: string;
  binding: SecretBinding;
  envelope: string;
  /** the key it was encrypted with, or null when the value is not in SSO Bridge's form */
  keyId: string | null;
  /** how a person knows it: "the SCIM token", 'the URL of webhook "Ops"' */
  name: string;
};

export async function encryptedValues(client: Db | Tx): Promise<EncryptedValue[]> {
  const secrets = await client.secret.findMany({ select: { id: true, purpose: true, ciphertext: true }, orderBy: { purpose: "asc" } });
  const webhooks = await client.webhook.findMany({ select: { id: true, name: true, urlCiphertext: true }, orderBy: { createdAt: "asc" } });
  return [
    ...secrets.map((s) => ({
      column: "Secret.ciphertext" as const,
      id: s.id,
      binding: { purpose: s.purpose, rowId: s.id },
      envelope: s.ciphertext,
      keyId: envelopeKeyId(s.ciphertext),
      name: secretName(s.purpose),
    })),
    ...webhooks.map((w) => ({
      column: "Webhook.urlCiphertext" as const,
      id: w.id,
      binding: { purpose: WEBHOOK_URL_PURPOSE, rowId: w.id, name: w.name },
      envelope: w.urlCiphertext,
      keyId: envelopeKeyId(w.urlCiphertext),
      name: secretName(WEBHOOK_URL_PURPOSE, w.name),
    })),
  ];
}

/** Decrypts the value with whichever key of the ring it needs and stores it encrypted with the first. */
export async function reencrypt(tx: Tx, v: EncryptedValue, ring: KeyRing): Promise<void> {
  const envelope = encrypt(ring, decrypt(ring, v.envelope, v.binding), v.binding);
  if (v.column === "Secret.ciphertext") await tx.secret.update({ where: { id: v.id }, data: { ciphertext: envelope, keyId: ring.active.id } });
  else await tx.webhook.update({ where: { id: v.id }, data: { urlCiphertext: envelope } });
}
