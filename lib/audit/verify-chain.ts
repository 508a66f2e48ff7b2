import { db, type Db } from "../db";
import { recordAuditEventAlone, type ChangedBy } from "./record-audit-event";
import { GENESIS_HASH, linkProblem } from "./hash";
import { checkpointSignatureValid } from "./retention";

export type ChainVerification = { ok: true; events: number } | { ok: false; events: number; firstBad: { seq: number; id: string }; reason: string };

const BATCH = 2_000;

/** Walks the whole chain in order; an edit, a deletion or a reordering breaks it at the first such event. */
export async function verifyAuditChain(client: Db): Promise<ChainVerification> {
  // After retention the chain starts at the newest signed checkpoint, not at the first event ever.
  const checkpoint = await client.auditCheckpoint.findFirst({ orderBy: { throughSeq: "desc" } });
  if (checkpoint && !checkpointSignatureValid(checkpoint)) {
    return {
      ok: false,
      events: 0,
      firstBad: { seq: checkpoint.throughSeq, id: checkpoint.id },
      reason: "is where the retention checkpoint says the history resumes, but the checkpoint's signature does not verify (it was forged or altered)",
    };
  }
  let prev = checkpoint?.throughHash ?? GENESIS_HASH;
  let count = 0;
  let after = checkpoint?.throughSeq ?? 0;
  for (;;) {
    const rows = await client.auditEvent.findMany({ where: { seq: { gt: after } }, orderBy: { seq: "asc" }, take: BATCH });
    for (const row of rows) {
      const problem = linkProblem(row, prev);
      if (problem) return { ok: false, events: count, firstBad: { seq: row.seq, id: row.id }, reason: problem };
      prev = row.hash;
      count += 1;
    }
    const last = rows.at(-1);
    if (!last) return endOfChain(client, prev, count, after);
    after = last.seq;
  }
}

/** The head records the newest link; a chain that ends before it lost its newest events. */
async function endOfChain(client: Db, prev: string, count: number, lastSeq: number): Promise<ChainVerification> {
  const head = await client.auditChainHead.findUnique({ where: { id: 1 } });
  if (head && head.hash !== prev) {
    return {
      ok: false,
      events: count,
      firstBad: { seq: lastSeq + 1, id: "(missing)" },
      reason: "is missing: the chain ends before the newest event recorded (the newest events were deleted)",
    };
  }
  return { ok: true, events: count };
}

/** Verifies on a person's behalf and records that it was done, and what it found. */
export async function verifyAndRecord(by: ChangedBy): Promise<ChainVerification> {
  const result = await verifyAuditChain(db());
  await recordAuditEventAlone({
    actor: by.actor,
    action: "audit.verify",
    target: { type: "audit-log", label: "Audit history" },
    outcome: result.ok ? "success" : "failure",
    details: result.ok ? { events: result.events } : { events: result.events, firstBad: result.firstBad, reason: result.reason },
    context: by.context,
  });
  return result;
}
