import { GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { BATCH_LIMIT, sendBatch, stepError, stepRetryDelayMs, type BatchRequest, type StepAnswer } from "./graph-batch";
import { graphError } from "./graph-errors";
import { odataString, parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// Groups SSO Bridge creates and whose members it writes. Members are added twenty to a PATCH
// (members@odata.bind, Graph's limit) and removed one to a request, twenty requests to a $batch.
// Every write is safe to repeat: a member already there counts as added, one already gone as
// removed, so a run that stopped halfway is completed by the next without duplicates. A group
// created a moment ago can refuse members until Entra's replicas know it; those writes are asked
// again after a pause.

/** Graph's limit on members bound in one PATCH. */
export const MEMBERS_PER_PATCH = 20;
// A new group replicates in seconds; past this, the refusal is real.
const REPLICATION_WAITS_MS = [1_000, 2_000, 4_000, 8_000, 15_000];

export type NewGroup = { displayName: string; mailNickname: string; description: string };

export type MemberWrites = { groupId: string; add: string[]; remove: string[] };
/**
 * What a group's writes came to: members now in it and now out of it, users Entra no longer has
 * (never added), and whether the group itself was gone (its remaining writes dropped).
 */
export type MemberWritesDone = { added: string[]; removed: string[]; gone: string[]; groupGone: boolean };

export type WriteProgress = {
  /** awaited before each round trip with the number of requests it carries (a budget) */
  beforeRequest: (requests: number) => Promise<void>;
  /** after each round trip, with the members written so far */
  onWritten?: (members: number) => void;
};

const created = z.object({ id: z.string() }).loose();
const found = z.object({ value: z.array(z.object({ id: z.string() })) });

/** Creates a security group (not mail-enabled); returns its id. */
export async function createSecurityGroup(session: GraphSession, group: NewGroup): Promise<string> {
  try {
    const body: unknown = await session.client.api("/groups").post({ ...group, mailEnabled: false, securityEnabled: true, groupTypes: [] });
    return parseGraph(created, body, "the group created").id;
  } catch (e) {
    throw graphError(e, `create the group “${group.displayName}” in Entra`);
  }
}

/** The group with this mail nickname, which SSO Bridge makes unique to each group it creates; null when there is none. */
export async function findGroupByNickname(session: GraphSession, mailNickname: string): Promise<string | null> {
  try {
    const body: unknown = await session.client.api(`/groups?$filter=${encodeURIComponent(`mailNickname eq ${odataString(mailNickname)}`)}&$select=id`).get();
    return parseGraph(found, body, "groups").value[0]?.id ?? null;
  } catch (e) {
    throw graphError(e, "look for a group SSO Bridge created");
  }
}

/** Deletes a group; `deleted` is false when it was already gone. */
export async function deleteGroup(session: GraphSession, groupId: string): Promise<{ deleted: boolean }> {
  try {
    await session.client.api(`/groups/${encodeURIComponent(groupId)}`).delete();
    return { deleted: true };
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return { deleted: false };
    throw graphError(e, "delete the group in Entra");
  }
}

type Write = { kind: "bind"; groupId: string; ids: string[] } | { kind: "add"; groupId: string; id: string } | { kind: "remove"; groupId: string; id: string };
type Queued = { write: Write; tries: number; waitedMs: number; replicationTries: number };

/** Adds and removes members of many groups, in as few requests as Graph allows. */
export async function writeGroupMembers(session: GraphSession, writes: MemberWrites[], progress: WriteProgress): Promise<Map<string, MemberWritesDone>> {
  const done = new Map<string, MemberWritesDone>(writes.map((w) => [w.groupId, { added: [], removed: [], gone: [], groupGone: false }]));
  const result = (groupId: string) => done.get(groupId) as MemberWritesDone;
  const queue: Queued[] = [];
  const enqueue = (write: Write) => queue.push({ write, tries: 0, waitedMs: 0, replicationTries: 0 });
  for (const w of writes) {
    for (let i = 0; i < w.add.length; i += MEMBERS_PER_PATCH) enqueue({ kind: "bind", groupId: w.groupId, ids: w.add.slice(i, i + MEMBERS_PER_PATCH) });
    for (const id of w.remove) enqueue({ kind: "remove", groupId: w.groupId, id });
  }
  const reference = (id: string) => `${session.endpoints.graphBaseUrl}/v1.0/directoryObjects/${encodeURIComponent(id)}`;
  const request = (w: Write): BatchRequest => {
    const group = `/groups/${encodeURIComponent(w.groupId)}`;
    if (w.kind === "bind") return { method: "PATCH", url: group, body: { "members@odata.bind": w.ids.map(reference) } };
    if (w.kind === "add") return { method: "POST", url: `${group}/members/$ref`, body: { "@odata.id": reference(w.id) } };
    return { method: "DELETE", url: `${group}/members/${encodeURIComponent(w.id)}/$ref` };
  };

  let written = 0;
  try {
    while (queue.length > 0) {
      const steps = queue.splice(0, BATCH_LIMIT);
      await progress.beforeRequest(steps.length);
      const answers = await sendBatch(
        session,
        steps.map((s) => request(s.write)),
        "group member changes",
      );
      let waitMs = 0;
      const again: Queued[] = [];
      steps.forEach((step, i) => {
        const answer = answers[i] as StepAnswer;
        const { write } = step;
        const outcome = outcomeOf(write, answer);
        if (result(write.groupId).groupGone) return;
        if (outcome === "group-gone") {
          result(write.groupId).groupGone = true;
          for (let j = queue.length - 1; j >= 0; j--) if ((queue[j] as Queued).write.groupId === write.groupId) queue.splice(j, 1);
        } else if (outcome === "done") {
          if (write.kind === "bind") result(write.groupId).added.push(...write.ids);
          else if (write.kind === "add") result(write.groupId).added.push(write.id);
          else result(write.groupId).removed.push(write.id);
          written += write.kind === "bind" ? write.ids.length : 1;
        } else if (outcome === "gone" && write.kind === "add") {
          result(write.groupId).gone.push(write.id);
        } else if (outcome === "one-by-one" && write.kind === "bind") {
          // One member of the twenty is already there or no longer exists: Graph added none, so each is asked alone.
          for (const id of write.ids) enqueue({ kind: "add", groupId: write.groupId, id });
        } else if (outcome === "replicating") {
          const delayMs = REPLICATION_WAITS_MS[step.replicationTries];
          if (delayMs === undefined) {
            if (write.kind === "bind") for (const id of write.ids) enqueue({ kind: "add", groupId: write.groupId, id });
            else throw stepError(answer);
            return;
          }
          again.push({ ...step, replicationTries: step.replicationTries + 1 });
          waitMs = Math.max(waitMs, delayMs);
        } else {
          const delayMs = stepRetryDelayMs(answer, step.tries, step.waitedMs);
          if (delayMs === null) throw stepError(answer);
          again.push({ ...step, tries: step.tries + 1, waitedMs: step.waitedMs + delayMs });
          waitMs = Math.max(waitMs, delayMs);
        }
      });
      progress.onWritten?.(written);
      queue.unshift(...again);
      if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
  } catch (e) {
    throw graphError(e, "change the members of a group SSO Bridge manages");
  }
  return done;
}

type Outcome = "done" | "gone" | "group-gone" | "one-by-one" | "replicating" | "retry";

function outcomeOf(write: Write, answer: StepAnswer): Outcome {
  const message = errorMessage(answer);
  if (answer.status === 204 || answer.status === 200) return "done";
  // Graph's 404 names the object it could not find: the group itself, or a member.
  if (answer.status === 404 && message.includes(write.groupId)) return "group-gone";
  if (answer.status === 400 && /do not exist/i.test(message)) return "replicating";
  if (write.kind === "remove") return answer.status === 404 ? "done" : "retry";
  if (answer.status === 400 && /already exist/i.test(message)) return write.kind === "bind" ? "one-by-one" : "done";
  if (answer.status === 404) return write.kind === "bind" ? "one-by-one" : "gone";
  return "retry";
}

function errorMessage(answer: StepAnswer): string {
  const error = (answer.body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === "string" ? error.message : "";
}
