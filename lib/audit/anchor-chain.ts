import { storageConfig } from "../config";
import { db } from "../db";
import { AppError } from "../errors";
import { keyRing } from "../security/encryption";
import { anchorAt, anchorProblem, newestAnchor, type Anchor } from "./anchors";
import { walkChain } from "./chain-walk";
import { checkpointSignatureValid } from "./checkpoints";
import { linkKeys } from "./link-key";
import { chainStart, verifyAndAnchor } from "./verify-chain";
import { writeAnchor } from "./write-anchor";

// The periodic anchor: the chain's head, signed and written outside the database. Each anchor
// continues from the one before it, checking only the events since; with no anchor to continue from
// (the first one, or after retention moved the history's start) the whole chain is verified first.
// Nothing is anchored over a chain that does not verify.

export const AUDIT_ANCHOR_TASK = "audit-anchor";

export type Anchored = { anchor: Anchor | null; message: string };

/** Anchors the chain where it ends now; `always` writes an anchor even when no event came since the last (key rotation re-signs so). */
export async function anchorAuditChain(now = new Date(), opts: { always?: boolean } = {}): Promise<Anchored> {
  const client = db();
  const ring = keyRing();
  const place = storageConfig();
  const checkpoint = await client.auditCheckpoint.findFirst({ orderBy: { throughSeq: "desc" } });
  const start = chainStart(checkpoint);
  const read = newestAnchor(place);
  const previous = read.ok ? read.newest : null;
  const usable =
    previous !== null &&
    previous.fromSeq === start.seq &&
    previous.seq > start.seq &&
    anchorProblem(previous, ring) === null &&
    (!checkpoint || checkpointSignatureValid(checkpoint, ring));
  if (!usable) return fromFullVerification(now);

  const at = await client.auditEvent.findUnique({ where: { seq: previous.seq } });
  if (!at || at.hash !== previous.hash) {
    throw new AppError(
      "Conflict",
      `The chain no longer holds the event #${previous.seq} the newest anchor recorded: nothing anchored. Run \`npm run cli -- audit verify\`.`,
    );
  }
  const from = { seq: previous.seq, hash: previous.hash, events: previous.events, digest: previous.digest };
  const walk = await walkChain(client, from, { linkKey: linkKeys(ring), keyedBefore: at.linkKeyId !== null, coveredThrough: previous.seq });
  if (!walk.ok) throw new AppError("Conflict", `The chain does not verify at event #${walk.at.seq}, which ${walk.reason}: nothing anchored.`);
  if (walk.end.seq === previous.seq && (previous.keyId === ring.active.id || !opts.always)) {
    return { anchor: null, message: `no event since the anchor at #${previous.seq}` };
  }
  const anchor = anchorAt(walk.end, start.seq, now, ring);
  await writeAnchor(anchor, client, place);
  return { anchor, message: `anchored the chain at #${anchor.seq} (${anchor.events} events since #${start.seq})` };
}

async function fromFullVerification(now: Date): Promise<Anchored> {
  const { result, anchor } = await verifyAndAnchor(db(), now);
  if (!result.ok) throw new AppError("Conflict", `The chain does not verify at event #${result.firstBad.seq}, which ${result.reason}: nothing anchored.`);
  if (!anchor) return { anchor: null, message: "the retained history is empty: nothing to anchor" };
  return { anchor, message: `anchored the chain at #${anchor.seq} (${anchor.events} events since #${anchor.fromSeq}, all verified)` };
}

/** The background task's run: what it did, for the task's record. */
export async function anchorAuditChainTask(now: Date): Promise<string> {
  return (await anchorAuditChain(now)).message;
}
