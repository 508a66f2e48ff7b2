import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { storageConfig } from "../config";
import { db } from "../db";
import { allowAuditRetentionDelete } from "../db-dialect";
import { deriveKeyFrom } from "../security/key-ring";
import { keyRing } from "../security/encryption";
import { readSettings } from "../settings";
import { auditDetails } from "./audit-event-columns";
import { GENESIS_HASH, linkProblem } from "./hash";
import { recordAuditEvent, SYSTEM_ACTOR } from "./record-audit-event";

// Retention: events older than the configured number of days are written to an archive file (JSON
// Lines, in chain order), then removed, and a signed checkpoint records where the remaining chain
// starts and what the archive held. Verification starts from the newest checkpoint, so the
// remaining chain still verifies, and the archive can be checked against the checkpoint's digest.

export const AUDIT_RETENTION_TASK = "audit-retention";
const DAY_MS = 86_400_000;
const CHECKPOINT_KEY_PURPOSE = "audit-checkpoint";
const BATCH = 2_000;

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

const signed = (c: Omit<Checkpoint, "keyId" | "signature">) =>
  JSON.stringify([c.createdAt.toISOString(), c.throughSeq, c.throughHash, c.events, c.archiveFile, c.archiveSha256]);

function sign(c: Omit<Checkpoint, "keyId" | "signature">): { keyId: string; signature: string } {
  const ring = keyRing();
  return {
    keyId: ring.active.id,
    signature: crypto.createHmac("sha256", deriveKeyFrom(ring.active.key, CHECKPOINT_KEY_PURPOSE)).update(signed(c)).digest("hex"),
  };
}

/** Whether SSO Bridge signed this checkpoint, with whichever of its keys was active then. */
export function checkpointSignatureValid(c: Checkpoint): boolean {
  const ring = keyRing();
  const key = ring.byId.get(c.keyId);
  if (!key) return false;
  const expected = crypto.createHmac("sha256", deriveKeyFrom(key, CHECKPOINT_KEY_PURPOSE)).update(signed(c)).digest();
  const given = Buffer.from(c.signature, "hex");
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}

export async function latestCheckpoint(): Promise<Checkpoint | null> {
  return db().auditCheckpoint.findFirst({ orderBy: { throughSeq: "desc" } });
}

/** The background task: archives what the retention setting says is old enough. */
export async function archiveOldEvents(now = new Date()): Promise<string> {
  const { auditRetentionDays } = await readSettings();
  if (auditRetentionDays === null) return "retention is off: every event is kept";
  const cutoff = new Date(now.getTime() - auditRetentionDays * DAY_MS);
  const last = await db().auditEvent.findFirst({ where: { occurredAt: { lt: cutoff } }, orderBy: { seq: "desc" }, select: { seq: true } });
  if (!last) return `no event older than ${auditRetentionDays} days`;
  const previous = await latestCheckpoint();
  const dir = path.join(storageConfig().dataDir, "audit-archive");
  fs.mkdirSync(dir, { recursive: true });

  // Written and checked link by link: a broken chain is evidence, never archived away.
  const file = path.join(dir, `audit-through-${last.seq}-${now.toISOString().replace(/[:.]/g, "-")}.jsonl`);
  const digest = crypto.createHash("sha256");
  const out = fs.openSync(file, "wx");
  let prev = previous?.throughHash ?? GENESIS_HASH;
  let count = 0;
  try {
    let after = previous?.throughSeq ?? 0;
    for (;;) {
      const rows = await db().auditEvent.findMany({ where: { seq: { gt: after, lte: last.seq } }, orderBy: { seq: "asc" }, take: BATCH });
      if (rows.length === 0) break;
      let chunk = "";
      for (const r of rows) {
        const problem = linkProblem(r, prev);
        if (problem) throw new Error(`event #${r.seq} does not verify (${problem}): the chain is not archived while it is broken`);
        prev = r.hash;
        count += 1;
        chunk += `${JSON.stringify({ ...r, occurredAt: r.occurredAt.toISOString(), details: auditDetails.decode(r.details, `#${r.seq}`) })}\n`;
      }
      fs.writeSync(out, chunk);
      digest.update(chunk);
      after = rows.at(-1)!.seq;
    }
    fs.fsyncSync(out);
  } catch (e) {
    fs.closeSync(out);
    fs.rmSync(file, { force: true });
    throw e;
  }
  fs.closeSync(out);

  const body = {
    createdAt: now,
    throughSeq: last.seq,
    throughHash: prev,
    events: count,
    archiveFile: path.basename(file),
    archiveSha256: digest.digest("hex"),
  };
  await db().$transaction(async (tx) => {
    await tx.auditCheckpoint.create({ data: { ...body, ...sign(body) } });
    await allowAuditRetentionDelete(tx);
    await tx.auditEvent.deleteMany({ where: { seq: { lte: last.seq } } });
    await recordAuditEvent(tx, {
      actor: SYSTEM_ACTOR,
      action: "audit.retention",
      target: { type: "audit-log", label: "Audit history" },
      outcome: "success",
      details: { archived: count, throughSeq: last.seq, olderThanDays: auditRetentionDays, archiveFile: body.archiveFile, archiveSha256: body.archiveSha256 },
    });
  });
  return `archived ${count} events through #${last.seq} to ${body.archiveFile}`;
}
