import { recordAuditEvent, SYSTEM_ACTOR, type Actor } from "../audit/record-audit-event";
import { db } from "../db";
import { MEMBERS_PER_PATCH, writeGroupMembers, type MemberWritesDone, type WriteProgress } from "../entra/group-writes";
import type { GraphSession } from "../entra/graph-session";
import type { MirrorPlan } from "./mirror-plan";
import { addExceptions, markUnsettled, settleMirror, WRITE_TIMEOUT, type MirrorMembers, type StoredMirror } from "./mirror-store";

// A run's changes to its mirrors, a chunk of mirrors at a time. A chunk's changes are marked
// unsettled before they are sent; once they are done, each of its mirrors is settled (its members
// as Entra now has them, what the run found, an audit event). The next chunk is marked, and the
// last one settled, while the current chunk's writes wait on Graph's budget, so the database work
// of a large run adds little time to the writes themselves. A run stopped halfway leaves the
// chunks it finished settled and the one it was writing marked, which the next run completes.

// Write requests to a chunk: small enough that the last chunk's settling, which nothing overlaps,
// is short; large enough that a chunk's transaction carries many mirrors.
const REQUESTS_PER_CHUNK = 500;
const MIRRORS_PER_CHUNK = 100;

export type Planned = {
  mirror: StoredMirror;
  groupId: string;
  plan: MirrorPlan;
  actual: string[];
  known: MirrorMembers;
  tooDeep: string[];
  groupsFollowed: number;
};

/** Sends the plans' changes and settles every planned mirror; `onSettled` hears each mirror's writes once they are recorded. */
export async function applyPlans(
  runId: string,
  session: GraphSession,
  plans: Planned[],
  progress: WriteProgress & { onSettled: (done: MemberWritesDone) => void },
): Promise<void> {
  const chunks = chunked(plans);
  // Marking is started ahead and awaited later: its failure is kept as a value until then.
  const mark = (chunk: Planned[]) =>
    markUnsettled(chunk.filter(writes).map((p) => ({ mirrorId: p.mirror.id, add: p.plan.add, remove: p.plan.remove, before: p.known.unsettled }))).then(
      () => null,
      (e: unknown) => ({ failed: e }),
    );
  let marking = mark(chunks[0] ?? []);
  let settling = Promise.resolve();
  // Each chunk's writes count from zero; the run's progress counts from the first.
  let writtenBefore = 0;
  const settleFailures: unknown[] = [];
  try {
    for (const [i, chunk] of chunks.entries()) {
      const marked = await marking;
      if (marked) throw marked.failed;
      if (settleFailures.length > 0) throw settleFailures[0];
      const writing = writeGroupMembers(
        session,
        chunk.filter(writes).map((p) => ({ groupId: p.groupId, add: p.plan.add, remove: p.plan.remove })),
        { beforeRequest: progress.beforeRequest, onWritten: (n) => progress.onWritten?.(writtenBefore + n) },
      );
      marking = mark(chunks[i + 1] ?? []);
      const written = await writing;
      for (const done of written.values()) writtenBefore += done.added.length + done.removed.length;
      settling = settling.then(() => settle(runId, chunk, written, progress.onSettled).catch((e: unknown) => void settleFailures.push(e)));
    }
  } finally {
    await marking;
    await settling;
  }
  if (settleFailures.length > 0) throw settleFailures[0];
}

const writes = (p: Planned) => p.plan.add.length + p.plan.remove.length > 0;
const requestsOf = (p: Planned) => Math.ceil(p.plan.add.length / MEMBERS_PER_PATCH) + p.plan.remove.length;

/** Mirrors with nothing to send first, settled while the first writes go out; then chunks of about REQUESTS_PER_CHUNK requests. */
function chunked(plans: Planned[]): Planned[][] {
  const chunks: Planned[][] = [];
  let chunk: Planned[] = [];
  let requests = 0;
  for (const p of [...plans.filter((p) => !writes(p)), ...plans.filter(writes)]) {
    if (chunk.length > 0 && (chunk.length >= MIRRORS_PER_CHUNK || requests >= REQUESTS_PER_CHUNK || writes(p) !== writes(chunk[0] as Planned))) {
      chunks.push(chunk);
      chunk = [];
      requests = 0;
    }
    chunk.push(p);
    requests += requestsOf(p);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

const NOTHING_DONE: MemberWritesDone = { added: [], removed: [], gone: [], groupGone: false };

async function settle(runId: string, chunk: Planned[], written: Map<string, MemberWritesDone>, onSettled: (done: MemberWritesDone) => void) {
  const at = new Date();
  const actor: Actor = SYSTEM_ACTOR;
  const dones = chunk.map((p) => written.get(p.groupId) ?? NOTHING_DONE);
  await db().$transaction(async (tx) => {
    for (const [i, p] of chunk.entries()) {
      const done = dones[i] as MemberWritesDone;
      const members = new Set(p.actual);
      for (const u of done.added) members.add(u);
      for (const u of done.removed) members.delete(u);
      await settleMirror(tx, p.mirror.id, {
        members,
        heldRemovals: p.plan.held,
        findings: { handAdded: p.plan.handAdded, handRemoved: p.plan.handRemoved, tooDeep: p.tooDeep, gone: done.gone, groupsFollowed: p.groupsFollowed },
        outcome: describeOutcome(p.plan, done),
        at,
        groupDeleted: done.groupGone,
      });
      await addExceptions(tx, p.mirror.id, "kept", p.plan.keep);
      await addExceptions(tx, p.mirror.id, "excluded", p.plan.exclude);
    }
    // The audit events last: from the first to the commit, other writers of the audit chain wait.
    for (const [i, p] of chunk.entries()) {
      const done = dones[i] as MemberWritesDone;
      const handEdits = p.plan.handAdded.length + p.plan.handRemoved.length;
      if (done.added.length + done.removed.length + p.plan.held.length + handEdits === 0 && !done.groupGone) continue;
      await recordAuditEvent(tx, {
        actor,
        action: "mirror.sync",
        target: { type: "mirror", id: p.mirror.id, label: p.mirror.mirrorName },
        outcome: done.groupGone ? "failure" : "success",
        details: {
          runId,
          source: p.mirror.sourceName,
          added: done.added,
          removed: done.removed,
          ...(p.plan.held.length > 0 ? { removalsHeld: p.plan.held } : {}),
          ...(handEdits > 0
            ? { handEdits: { added: p.plan.handAdded, removed: p.plan.handRemoved, treatment: p.mirror.handEdits === "leave" ? "left" : "corrected" } }
            : {}),
          ...(done.gone.length > 0 ? { usersGone: done.gone } : {}),
        },
      });
    }
  }, WRITE_TIMEOUT);
  for (const done of dones) onSettled(done);
}

function describeOutcome(plan: MirrorPlan, done: MemberWritesDone): string {
  if (done.groupGone) return "Its group was deleted in Entra while SSO Bridge was changing it.";
  const parts = [`${done.added.length} added`, `${done.removed.length} removed`];
  if (plan.held.length > 0) parts.push(`${plan.held.length} removals held for confirmation`);
  if (plan.handAdded.length + plan.handRemoved.length > 0) parts.push(`${plan.handAdded.length + plan.handRemoved.length} hand edits found`);
  return parts.join(", ");
}
