import crypto from "node:crypto";
import { keyRing } from "../security/encryption";
import { deriveKeyFrom, type KeyRing } from "../security/key-ring";

// A retention checkpoint: where the retained history starts once older events were archived and
// removed, signed with a key derived from SSO_BRIDGE_ENCRYPTION_KEY, so that the start of the
// remaining chain cannot be forged by someone without it.

const KEY_PURPOSE = "audit-checkpoint";

export type Checkpoint = {
  createdAt: Date;
  throughSeq: number;
  throughHash: string;
  events: number;
  archiveFile: string;
  archiveSha256: string;
  keyId: string;
  signature: string;
};

type Signed = Omit<Checkpoint, "keyId" | "signature">;

const signedText = (c: Signed) => JSON.stringify([c.createdAt.toISOString(), c.throughSeq, c.throughHash, c.events, c.archiveFile, c.archiveSha256]);
const mac = (key: Buffer, c: Signed) => crypto.createHmac("sha256", deriveKeyFrom(key, KEY_PURPOSE)).update(signedText(c)).digest();

/** The signature of a checkpoint with the ring's first key. */
export function signCheckpoint(c: Signed, ring: KeyRing = keyRing()): { keyId: string; signature: string } {
  return { keyId: ring.active.id, signature: mac(ring.active.key, c).toString("hex") };
}

/** Whether SSO Bridge signed this checkpoint, with whichever of its keys was active then. */
export function checkpointSignatureValid(c: Checkpoint, ring: KeyRing = keyRing()): boolean {
  const key = ring.byId.get(c.keyId);
  if (!key) return false;
  const expected = mac(key, c);
  const given = Buffer.from(c.signature, "hex");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
