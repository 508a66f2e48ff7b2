import type { Db } from "../db";
import { newestAnchor, type AnchorPlace } from "./anchors";
import { anchorCoverage, chainStart } from "./verify-chain";

// The keys of SSO_BRIDGE_ENCRYPTION_KEY the audit history needs to verify: those that signed the
// retention checkpoints and the newest anchor, and those that linked the events the newest anchor
// does not vouch for. Older events' keys may be retired once an anchor covers them.

export type KeyUse = { keyId: string; by: string };

export async function auditKeysInUse(client: Db, place: AnchorPlace): Promise<KeyUse[]> {
  const uses: KeyUse[] = [];
  const checkpoints = await client.auditCheckpoint.groupBy({ by: ["keyId"], _count: { _all: true } });
  for (const c of checkpoints) uses.push({ keyId: c.keyId, by: `${c._count._all} retention checkpoint${c._count._all === 1 ? "" : "s"}` });

  const read = newestAnchor(place);
  const anchor = read.ok ? read.newest : null;
  if (anchor) uses.push({ keyId: anchor.keyId, by: "the newest audit anchor" });

  const newest = await client.auditCheckpoint.findFirst({ orderBy: { throughSeq: "desc" } });
  const start = chainStart(newest);
  const coverage = anchorCoverage(anchor, start);
  const after = Math.max(start.seq, "coveredThrough" in coverage ? coverage.coveredThrough : 0);
  const links = await client.auditEvent.groupBy({
    by: ["linkKeyId"],
    where: { seq: { gt: after }, linkKeyId: { not: null } },
    _min: { seq: true },
    _max: { seq: true },
  });
  for (const l of links) uses.push({ keyId: l.linkKeyId!, by: `audit events #${l._min.seq}–#${l._max.seq} (their links, newer than the newest anchor)` });
  return uses;
}
