import type { Db } from "../db";
import { checkLink, contentHash, nextDigest, type StoredLink } from "./hash";

// Walks the chain in order from a point already trusted (the start of the retained history, or an
// anchor), checking each link. Verification, anchoring and retention all walk through here, so
// they agree on what a valid chain is.

const BATCH = 2_000;

/** A place in the chain, with the number of events and the running digest from where the walk began. */
export type ChainPoint = { seq: number; hash: string; events: number; digest: string };

export type EventRange = { events: number; firstSeq: number; lastSeq: number };

/** What an anchor recorded about the event at `seq`; `digest` and `events` only when it was taken from the walk's start. */
export type Expected = { seq: number; hash: string; digest: string | null; events: number | null; what: string };

export type WalkOptions = {
  /** the link key of a key id, when the ring holds the key */
  linkKey: (keyId: string) => Buffer | undefined;
  /** whether the event at the walk's start was linked with a key: no unkeyed link may follow one */
  keyedBefore: boolean;
  /** events up to here may have been linked with a retired key: an anchor's digest vouches for them */
  coveredThrough: number;
  /** the anchors the chain must pass through, unchanged */
  expected?: Expected[];
  /** stop after this event (retention); otherwise the walk goes to the end of the chain */
  through?: number;
  /** each batch of events as it is checked, in order */
  onBatch?: (rows: (StoredLink & { seq: number })[]) => void;
};

export type Walk =
  | { ok: true; end: ChainPoint; unkeyed: EventRange | null; retired: (EventRange & { keys: string[] }) | null }
  | { ok: false; events: number; at: { seq: number; id: string }; reason: string };

const extend = (range: EventRange | null, seq: number): EventRange =>
  range ? { events: range.events + 1, firstSeq: range.firstSeq, lastSeq: seq } : { events: 1, firstSeq: seq, lastSeq: seq };

export async function walkChain(client: Db, from: ChainPoint, opts: WalkOptions): Promise<Walk> {
  let point = from;
  let keyed = opts.keyedBefore;
  let unkeyed: EventRange | null = null;
  let retired: EventRange | null = null;
  const retiredKeys = new Set<string>();
  // The anchors still ahead, nearest first: each must be met on the way, in order.
  const ahead = (opts.expected ?? []).filter((e) => e.seq > from.seq).sort((x, y) => x.seq - y.seq);
  const fail = (seq: number, id: string, reason: string): Walk => ({ ok: false, events: point.events - from.events, at: { seq, id }, reason });

  for (;;) {
    const where = { seq: { gt: point.seq, ...(opts.through === undefined ? {} : { lte: opts.through }) } };
    const rows = await client.auditEvent.findMany({ where, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) {
      const skipped = ahead[0];
      if (skipped && row.seq > skipped.seq) {
        return fail(skipped.seq, "(missing)", `is missing: ${skipped.what} recorded it, but the chain goes on without it (an event was removed)`);
      }
      const content = contentHash(row);
      const check = checkLink(row, point.hash, content, opts.linkKey);
      if ("problem" in check) return fail(row.seq, row.id, check.problem);
      if ("missingKey" in check) {
        if (row.seq > opts.coveredThrough) {
          return fail(
            row.seq,
            row.id,
            `was linked with key "${check.missingKey}", which SSO_BRIDGE_ENCRYPTION_KEY does not hold: add that key after the first one to verify it`,
          );
        }
        retired = extend(retired, row.seq);
        retiredKeys.add(check.missingKey);
      } else if (check.keyed) {
        keyed = true;
      } else if (keyed) {
        return fail(row.seq, row.id, "is linked without a key after events linked with one (only someone without SSO Bridge's key would link an event so)");
      } else {
        unkeyed = extend(unkeyed, row.seq);
      }
      point = { seq: row.seq, hash: row.hash, events: point.events + 1, digest: nextDigest(point.digest, row.hash, content) };
      while (ahead[0]?.seq === row.seq) {
        const expected = ahead.shift()!;
        if (row.hash !== expected.hash) return fail(row.seq, row.id, `differs from ${expected.what}: the history up to it was rewritten`);
        if ((expected.digest !== null && expected.digest !== point.digest) || (expected.events !== null && expected.events !== point.events)) {
          return fail(
            row.seq,
            row.id,
            `is where ${expected.what} was taken, but the events before it differ from what it recorded (an event was changed, added or removed)`,
          );
        }
      }
    }
    opts.onBatch?.(rows);
    if (rows.length < BATCH) break;
  }
  const expected = ahead[0];
  if (expected && opts.through === undefined) {
    return fail(
      expected.seq,
      "(missing)",
      `is missing: ${expected.what} recorded the chain up to it, but the chain now ends at #${point.seq} (the newest events were removed)`,
    );
  }
  return { ok: true, end: point, unkeyed, retired: retired && { ...retired, keys: [...retiredKeys] } };
}
