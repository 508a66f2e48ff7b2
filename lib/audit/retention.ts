import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { storageConfig } from "../config";
import { db } from "../db";
import { archiveAuditEvents } from "../db-dialect";
import { errorFields, log } from "../log";
import { keyRing } from "../security/encryption";
import { readSettings } from "../settings";
import { archiveDir } from "./archive-files";
import { auditDetails } from "./audit-event-columns";
import { walkChain } from "./chain-walk";
import { signCheckpoint } from "./checkpoints";
import { linkKeys } from "./link-key";
import { recordAuditEvent, SYSTEM_ACTOR } from "./record-audit-event";
import { inspectAuditChain, verifyAndAnchor } from "./verify-chain";

// Retention: events older than the configured number of days are written to an archive file (JSON
// Lines, in chain order), then removed, and a signed checkpoint records where the remaining chain
// starts and what the archive held. Verification starts from the newest checkpoint, so the
// remaining chain still verifies, and checks each archive against its checkpoint's digest.

export const AUDIT_RETENTION_TASK = "audit-retention";
const DAY_MS = 86_400_000;

/** The background task: archives what the retention setting says is old enough. */
export async function archiveOldEvents(now = new Date()): Promise<string> {
  const { auditRetentionDays } = await readSettings();
  if (auditRetentionDays === null) return "retention is off: every event is kept";
  const cutoff = new Date(now.getTime() - auditRetentionDays * DAY_MS);
  const last = await db().auditEvent.findFirst({ where: { occurredAt: { lt: cutoff } }, orderBy: { seq: "desc" }, select: { seq: true } });
  if (!last) return `no event older than ${auditRetentionDays} days`;
  // A broken chain is evidence, never archived away: the whole of it verifies first.
  const ring = keyRing();
  const verified = await inspectAuditChain(db(), ring);
  if (!verified.result.ok) {
    const { firstBad, reason } = verified.result;
    throw new Error(`event #${firstBad.seq} does not verify (${reason}): the chain is not archived while it is broken`);
  }
  const dir = archiveDir(storageConfig().dataDir);
  fs.mkdirSync(dir, { recursive: true });

  // Written and checked link by link again, so the file holds exactly what verified.
  const file = path.join(dir, `audit-through-${last.seq}-${now.toISOString().replace(/[:.]/g, "-")}.jsonl`);
  const digest = crypto.createHash("sha256");
  const out = fs.openSync(file, "wx");
  let walk;
  try {
    walk = await walkChain(db(), verified.start, {
      linkKey: linkKeys(ring),
      keyedBefore: false,
      coveredThrough: verified.coveredThrough,
      through: last.seq,
      onBatch(rows) {
        const chunk = rows
          .map((r) => `${JSON.stringify({ ...r, occurredAt: r.occurredAt.toISOString(), details: auditDetails.decode(r.details, `#${r.seq}`) })}\n`)
          .join("");
        fs.writeSync(out, chunk);
        digest.update(chunk);
      },
    });
    if (!walk.ok) throw new Error(`event #${walk.at.seq} does not verify (${walk.reason}): the chain is not archived while it is broken`);
    fs.fsyncSync(out);
  } catch (e) {
    fs.closeSync(out);
    fs.rmSync(file, { force: true });
    throw e;
  }
  fs.closeSync(out);

  const body = {
    createdAt: now,
    throughSeq: walk.end.seq,
    throughHash: walk.end.hash,
    events: walk.end.events,
    archiveFile: path.basename(file),
    archiveSha256: digest.digest("hex"),
  };
  await db().$transaction(async (tx) => {
    await archiveAuditEvents(tx, { id: crypto.randomUUID(), ...body, ...signCheckpoint(body, ring) });
    await recordAuditEvent(tx, {
      actor: SYSTEM_ACTOR,
      action: "audit.retention",
      target: { type: "audit-log", label: "Audit history" },
      outcome: "success",
      details: {
        archived: body.events,
        throughSeq: body.throughSeq,
        olderThanDays: auditRetentionDays,
        archiveFile: body.archiveFile,
        archiveSha256: body.archiveSha256,
      },
    });
  });
  // The history now starts somewhere else: anchor it from there, so that what remains is vouched for at once.
  await verifyAndAnchor(db(), now).catch((e: unknown) => log("warn", "audit retention: the chain was archived but not anchored", errorFields(e)));
  return `archived ${body.events} events through #${body.throughSeq} to ${body.archiveFile}`;
}
