import { storageConfig } from "../config";
import { db, type Db } from "../db";
import { keyRing } from "../security/encryption";
import type { KeyRing } from "../security/key-ring";
import { anchorAt, anchorProblem, describeAnchor, describeGivenAnchor, newestAnchor, type Anchor, type AnchorPlace } from "./anchors";
import { archivedLink, archiveProblem } from "./archive-files";
import { walkChain, type ChainPoint, type EventRange, type Expected } from "./chain-walk";
import { GENESIS_HASH } from "./hash";
import { linkKeys } from "./link-key";
import { recordAuditEventAlone, type ChangedBy } from "./record-audit-event";
import { checkpointSignatureValid, type Checkpoint } from "./checkpoints";
import { writeAnchor } from "./write-anchor";

export type ChainVerification =
  | {
      ok: true;
      events: number;
      /** events linked before links were keyed (plain SHA-256) */
      unkeyed?: EventRange;
      /** events linked with keys no longer in SSO_BRIDGE_ENCRYPTION_KEY, vouched for by the anchor's digest */
      retiredKeys?: EventRange & { keys: string[] };
      /** the newest anchor, which the chain passes through */
      anchor?: { seq: number; createdAt: Date };
      /** an anchor given from outside (a copy a webhook received), which the chain or an archive of it holds */
      given?: { seq: number; createdAt: Date; archive: string | null };
      /** archive files checked against their retention checkpoints */
      archives?: number;
    }
  | { ok: false; events: number; firstBad: { seq: number; id: string }; reason: string };

/** Where the retained history starts: after the newest retention checkpoint, or at the beginning. */
export function chainStart(checkpoint: Pick<Checkpoint, "throughSeq" | "throughHash"> | null): ChainPoint {
  const hash = checkpoint?.throughHash ?? GENESIS_HASH;
  return { seq: checkpoint?.throughSeq ?? 0, hash, events: 0, digest: hash };
}

/** What an anchor (the newest, or one given) asks of the chain that starts at `start`, and how far its digest vouches for events. */
export function anchorCoverage(
  anchor: Anchor | null,
  start: ChainPoint,
  what = anchor && describeAnchor(anchor),
): { expected?: Expected; coveredThrough: number } | { problem: string } {
  if (!anchor || !what || anchor.seq <= start.seq) return { coveredThrough: 0 };
  if (anchor.fromSeq > start.seq) {
    return {
      problem: `${what} was taken of a history starting after #${anchor.fromSeq}, but this one starts after #${start.seq}: a retention checkpoint is missing`,
    };
  }
  // Taken from the same start, the anchor's count and digest cover every event up to it; otherwise
  // retention has since removed part of what it covered, and only its link can be compared.
  const fromHere = anchor.fromSeq === start.seq;
  return {
    expected: { seq: anchor.seq, hash: anchor.hash, digest: fromHere ? anchor.digest : null, events: fromHere ? anchor.events : null, what },
    coveredThrough: fromHere ? anchor.seq : 0,
  };
}

/** A verification, with where the retained chain starts and ends and how far the newest anchor vouches for events with retired keys. */
export type Inspection = { result: ChainVerification; start: ChainPoint; end?: ChainPoint; coveredThrough: number };

/**
 * The whole verification: checkpoints and their archives, the chain from its start, the newest anchor and the head,
 * and, when one is `given` (a copy from outside, which whoever can delete the anchor files cannot take back), that
 * anchor too: the chain, or for an anchor older than the retained history the archive, must hold its event and link.
 */
export async function inspectAuditChain(
  client: Db = db(),
  ring: KeyRing = keyRing(),
  place: AnchorPlace = storageConfig(),
  given?: Anchor,
): Promise<Inspection> {
  const checkpoints = await client.auditCheckpoint.findMany({ orderBy: { throughSeq: "desc" } });
  const checkpoint = checkpoints[0] ?? null;
  const start = chainStart(checkpoint);
  const broken = (seq: number, id: string, reason: string, events = 0): Inspection => ({
    result: { ok: false, events, firstBad: { seq, id }, reason },
    start,
    coveredThrough: 0,
  });
  if (checkpoint && !checkpointSignatureValid(checkpoint, ring)) {
    return broken(
      checkpoint.throughSeq,
      checkpoint.id,
      "is where the retention checkpoint says the history resumes, but the checkpoint's signature does not verify (it was forged or altered)",
    );
  }

  const read = newestAnchor(place);
  if (!read.ok) return broken(start.seq, "(anchor)", `cannot be checked against the anchors: ${read.problem}`);
  const anchor = read.newest;
  const anchorFault = anchor && anchorProblem(anchor, ring);
  if (anchor && anchorFault) return broken(anchor.seq, "(anchor)", `is where ${describeAnchor(anchor)} in ${read.file} stands, but the anchor ${anchorFault}`);
  const coverage = anchorCoverage(anchor, start);
  if ("problem" in coverage) return broken(start.seq, "(checkpoint)", `is where the retained history starts, but ${coverage.problem}`);

  const givenFault = given && anchorProblem(given, ring, "the copy");
  if (given && givenFault) return broken(given.seq, "(anchor given)", `is where ${describeGivenAnchor(given)} stands, but that anchor ${givenFault}`);
  const givenCoverage = given && given.seq > start.seq ? anchorCoverage(given, start, describeGivenAnchor(given)) : { coveredThrough: 0 };
  if ("problem" in givenCoverage) return broken(start.seq, "(checkpoint)", `is where the retained history starts, but ${givenCoverage.problem}`);

  const walk = await walkChain(client, start, {
    linkKey: linkKeys(ring),
    keyedBefore: false,
    expected: [coverage.expected, givenCoverage.expected].filter((e) => e !== undefined),
    coveredThrough: Math.max(coverage.coveredThrough, givenCoverage.coveredThrough),
  });
  if (!walk.ok) return broken(walk.at.seq, walk.at.id, walk.reason, walk.events);
  const head = await client.auditChainHead.findUnique({ where: { id: 1 } });
  if (head && head.hash !== walk.end.hash) {
    return broken(
      walk.end.seq + 1,
      "(missing)",
      "is missing: the chain ends before the newest event recorded (the newest events were deleted)",
      walk.end.events,
    );
  }

  // Oldest first: each archive holds the events its checkpoint removed.
  for (const c of [...checkpoints].reverse()) {
    if (c !== checkpoint && !checkpointSignatureValid(c, ring)) {
      return broken(
        c.throughSeq,
        c.id,
        "is where an earlier retention checkpoint ends, but its signature does not verify (it was forged or altered)",
        walk.end.events,
      );
    }
    const problem = await archiveProblem(place.dataDir, c);
    if (problem) return broken(c.throughSeq, c.id, problem, walk.end.events);
  }

  // An anchor older than the retained history: the archive that holds its event, checked above, must hold its link.
  let archive: string | null = null;
  if (given && given.seq <= start.seq) {
    const holder = [...checkpoints].reverse().find((c) => c.throughSeq >= given.seq);
    const found = holder && (holder.throughSeq === given.seq ? holder.throughHash : await archivedLink(place.dataDir, holder, given.seq));
    const what = describeGivenAnchor(given);
    if (!holder || !found) {
      return broken(given.seq, "(anchor given)", `is missing: ${what} recorded it, but neither the chain nor its archives hold it`, walk.end.events);
    }
    if (found !== given.hash) {
      return broken(
        given.seq,
        "(anchor given)",
        `differs in the archive ${holder.archiveFile} from ${what}: the history up to it was rewritten`,
        walk.end.events,
      );
    }
    archive = holder.archiveFile;
  }

  const result: ChainVerification = {
    ok: true,
    events: walk.end.events,
    ...(walk.unkeyed && { unkeyed: walk.unkeyed }),
    ...(walk.retired && { retiredKeys: walk.retired }),
    ...(anchor && { anchor: { seq: anchor.seq, createdAt: anchor.createdAt } }),
    ...(given && { given: { seq: given.seq, createdAt: given.createdAt, archive } }),
    ...(checkpoints.length > 0 && { archives: checkpoints.length }),
  };
  return { result, start, end: walk.end, coveredThrough: coverage.coveredThrough };
}

/**
 * Walks the whole chain in order; an edit, a deletion, a reordering or a truncation breaks it at the first such event.
 * A `given` anchor (a copy kept outside the server) is checked besides the newest anchor in the data folder.
 */
export async function verifyAuditChain(client: Db, given?: Anchor): Promise<ChainVerification> {
  return (await inspectAuditChain(client, keyRing(), storageConfig(), given)).result;
}

/**
 * Verifies the whole chain and, when it verifies, anchors it where the verification ended: what the
 * anchoring task does when there is no usable anchor to continue from, and what an admin's
 * verification does on demand.
 */
export async function verifyAndAnchor(client: Db = db(), now = new Date()): Promise<{ result: ChainVerification; anchor: Anchor | null }> {
  const ring = keyRing();
  const place = storageConfig();
  const { result, end, start } = await inspectAuditChain(client, ring, place);
  if (!result.ok || !end || end.seq === start.seq) return { result, anchor: null };
  const anchor = anchorAt(end, start.seq, now, ring);
  await writeAnchor(anchor, client, place);
  return { result, anchor };
}

/** Verifies on a person's behalf, anchors what verified, and records that it was done, and what it found. */
export async function verifyAndRecord(by: ChangedBy): Promise<ChainVerification> {
  const { result, anchor } = await verifyAndAnchor();
  await recordAuditEventAlone({
    actor: by.actor,
    action: "audit.verify",
    target: { type: "audit-log", label: "Audit history" },
    outcome: result.ok ? "success" : "failure",
    details: result.ok
      ? { events: result.events, anchoredAt: anchor?.seq ?? null, ...(result.unkeyed && { unkeyed: result.unkeyed }) }
      : { events: result.events, firstBad: result.firstBad, reason: result.reason },
    context: by.context,
  });
  return result;
}

/** What else a verification that passed established, one sentence each, for the CLI and the Audit page. */
export function verificationNotes(result: ChainVerification): string[] {
  if (!result.ok) return [];
  const range = (r: EventRange) => `${r.events.toLocaleString("en-US")} event${r.events === 1 ? "" : "s"} (#${r.firstSeq}–#${r.lastSeq})`;
  return [
    result.anchor
      ? `It passes through the newest anchor, taken ${result.anchor.createdAt.toISOString()} at #${result.anchor.seq}.`
      : "There is no anchor yet to check it against: one is written every hour, after retention, and when an admin verifies the chain.",
    ...(result.given
      ? [
          result.given.archive
            ? `The anchor given, taken ${result.given.createdAt.toISOString()} at #${result.given.seq}, matches event #${result.given.seq} in the archive ${result.given.archive}.`
            : `It passes through the anchor given, taken ${result.given.createdAt.toISOString()} at #${result.given.seq}.`,
        ]
      : []),
    ...(result.unkeyed ? [`${range(result.unkeyed)} were linked before links were keyed (plain SHA-256).`] : []),
    ...(result.retiredKeys
      ? [`${range(result.retiredKeys)} were linked with retired keys (${result.retiredKeys.keys.join(", ")}); the anchor's digest vouches for them.`]
      : []),
    ...(result.archives ? [`${result.archives} archive file${result.archives === 1 ? "" : "s"} match their retention checkpoints.`] : []),
  ];
}
