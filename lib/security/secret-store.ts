import type { Tx } from "../db";
import { decrypt, encrypt, fingerprint, keyRing } from "./encryption";

// Secrets (SCIM token, Entra client secret) live only here, encrypted. Readers outside lib/ get
// the public view, which has no ciphertext.
export type SecretView = { purpose: string; fingerprint: string; createdAt: Date; expiresAt: Date | null };

export async function storeSecret(tx: Tx, purpose: string, value: string, expiresAt: Date | null = null): Promise<SecretView> {
  const ring = keyRing();
  const existing = await tx.secret.findUnique({ where: { purpose }, select: { id: true } });
  const id = existing?.id ?? crypto.randomUUID();
  const data = {
    keyId: ring.active.id,
    ciphertext: encrypt(ring, value, { purpose, rowId: id }),
    fingerprint: fingerprint(ring, value),
    expiresAt,
  };
  const row = await tx.secret.upsert({
    where: { purpose },
    create: { id, purpose, createdAt: new Date(), ...data },
    update: { ...data, createdAt: new Date() },
  });
  return { purpose, fingerprint: row.fingerprint, createdAt: row.createdAt, expiresAt: row.expiresAt };
}

export async function readSecret(tx: Tx, purpose: string): Promise<string | null> {
  const row = await tx.secret.findUnique({ where: { purpose } });
  return row ? decrypt(keyRing(), row.ciphertext, { purpose, rowId: row.id }) : null;
}

export async function describeSecret(tx: Tx, purpose: string): Promise<SecretView | null> {
  return tx.secret.findUnique({
    where: { purpose },
    select: { purpose: true, fingerprint: true, createdAt: true, expiresAt: true },
  });
}
