import { anchorAuditChain } from "../audit/anchor-chain";
import type { KeyUse } from "../audit/audit-keys";
import { signCheckpoint } from "../audit/checkpoints";
import { recordAuditEvent, SYSTEM_ACTOR, type RequestContext } from "../audit/record-audit-event";
import { inspectAuditChain } from "../audit/verify-chain";
import { storageConfig } from "../config";
import { db } from "../db";
import { resignAuditCheckpoint } from "../db-dialect";
import { AppError } from "../errors";
import { keyRing } from "./encryption";
import { encryptedValues, reencrypt, type EncryptedValue } from "./encrypted-values";
import { keysInUse, retiredKeys } from "./keys-in-use";

// Finishes a key rotation: with SSO_BRIDGE_ENCRYPTION_KEY=<new>,<old>, everything stored under an
// older key is re-encrypted or re-signed under the first, and a new anchor vouches for the audit
// events the older keys linked, so that nothing stored needs the older keys any more.

export type Rotation = {
  keyId: string;
  reencrypted: EncryptedValue[];
  checkpoints: number;
  anchorSeq: number | null;
  /** keys of the ring nothing stored needs any more: they can be removed */
  retired: string[];
  /** keys of the ring something still needs (an instance still running with the old key first, say) */
  stillNeeded: KeyUse[];
};

export async function rotateKeys(context: RequestContext, now = new Date()): Promise<Rotation> {
  const ring = keyRing();
  const client = db();
  // A signature vouches for what it covers: nothing is re-signed over a history that does not verify.
  const { result } = await inspectAuditChain(client, ring);
  if (!result.ok) {
    throw new AppError(
      "Conflict",
      `The audit chain does not verify at event #${result.firstBad.seq}, which ${result.reason}: nothing was re-encrypted or re-signed. ` +
        "Find out what happened (`npm run cli -- audit verify`) before rotating keys.",
    );
  }
  const values = (await encryptedValues(client)).filter((v) => v.keyId !== ring.active.id);
  const checkpoints = (await client.auditCheckpoint.findMany({ orderBy: { throughSeq: "asc" } })).filter((c) => c.keyId !== ring.active.id);
  const fromKeys = [...new Set([...values.map((v) => v.keyId ?? "(unknown)"), ...checkpoints.map((c) => c.keyId)])];
  await client.$transaction(
    async (tx) => {
      for (const v of values) await reencrypt(tx, v, ring);
      for (const c of checkpoints) {
        const { keyId, signature } = signCheckpoint(c, ring);
        await resignAuditCheckpoint(tx, c.id, keyId, signature);
      }
      await recordAuditEvent(tx, {
        actor: SYSTEM_ACTOR,
        action: "keys.rotate",
        target: { type: "encryption-key", id: ring.active.id, label: `key ${ring.active.id}` },
        outcome: "success",
        details: {
          keyId: ring.active.id,
          fromKeys,
          // Named, never shown: the values themselves stay out of the history.
          reencrypted: values.map((v) => v.name),
          checkpoints: checkpoints.length,
        },
        context,
      });
    },
    { timeout: 120_000 },
  );
  // After the event above, so that the anchor, signed with the first key, covers the rotation too.
  const { anchor } = await anchorAuditChain(now, { always: true });
  const uses = await keysInUse(client, storageConfig());
  return {
    keyId: ring.active.id,
    reencrypted: values,
    checkpoints: checkpoints.length,
    anchorSeq: anchor?.seq ?? null,
    retired: retiredKeys(uses, ring),
    stillNeeded: uses.filter((u) => u.keyId !== ring.active.id),
  };
}
