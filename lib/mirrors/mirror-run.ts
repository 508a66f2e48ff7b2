import crypto from "node:crypto";
import { z } from "zod";
import { recordAuditEvent, SYSTEM_ACTOR, type Actor } from "../audit/record-audit-event";
import { BUDGETS, spend } from "../cloud-readings/budget";
import { entraConnection } from "../connections/entra-connection";
import { db, isUniqueViolation } from "../db";
import { GROUPS_WITH_MEMBERS, readGroupRound, type GroupRound } from "../entra/group-nesting";
import { openGraph } from "../entra/graph-session";
import { AppError, isAppError } from "../errors";
import { readFederationConfig } from "../federation/federation-config";
import { jsonColumn } from "../json-column";
import { errorFields, log } from "../log";
import { applyPlans, type Planned } from "./apply-plans";
import { planMirror } from "./mirror-plan";
import { finishWaitingSwaps } from "./mirror-swaps";
import { deltaLinkState, loadNesting, membersOf, saveNesting, storedMirrors, type MirrorMembers, type StoredMirror, WRITE_TIMEOUT } from "./mirror-store";
import { applyRound, expand, type Nesting } from "./nesting";

// A run keeps every active mirror equal to the people its source reaches. It reads Entra's groups
// through the groups delta: everything on a full run, else only what changed since the last run,
// applied to the nesting kept from it. Only mirrors whose source nests a changed group, or whose
// own group changed, are planned again. Their changes are marked unsettled before they are sent
// and settled once sent (apply-plans.ts); the new nesting and delta link are kept only after every
// mirror is settled, so a run stopped halfway is completed by the next: it reads the same changes
// again, Graph's delta reports what the stopped run wrote, and nothing it wrote is taken for a hand
// edit. One run at a time across instances, held by a lease.

const LEASE_MS = 2 * 60_000;
const RENEW_MS = 20_000;
const BUDGET_WAIT_MS = 5 * 60_000;
/** A full run heals whatever the changes missed, once a day. */
export const FULL_RUN_EVERY_MS = 24 * 3_600_000;
// A mirror created this recently may not be in the round yet (Entra replicates new groups within seconds).
const NEW_GROUP_GRACE_MS = 5 * 60_000;

export const MIRROR_SYNC_TASK = "mirror-sync";

const progressSchema = z.object({
  phase: z.enum(["reading", "writing", "saving", "done"]),
  requests: z.number(),
  groupsRead: z.number(),
  mirrorsPlanned: z.number(),
  membersToWrite: z.number(),
  membersWritten: z.number(),
  added: z.number(),
  removed: z.number(),
  held: z.number(),
  budgetWaitMs: z.number(),
});
export type MirrorRunProgress = z.output<typeof progressSchema>;
export const runProgressColumn = jsonColumn("MirrorRun.progress", progressSchema);

const emptyProgress = (): MirrorRunProgress => ({
  phase: "reading",
  requests: 0,
  groupsRead: 0,
  mirrorsPlanned: 0,
  membersToWrite: 0,
  membersWritten: 0,
  added: 0,
  removed: 0,
  held: 0,
  budgetWaitMs: 0,
});

class LeaseLost extends Error {}

export type StartedRun = { id: string; started: boolean; done?: Promise<void> };

/** The scheduled run, once per period across instances: a full one daily or when no link is kept, else the changes since the last. */
export async function startScheduledMirrorRun(now = new Date()): Promise<string> {
  if ((await db().mirror.count({ where: { state: "active" } })) === 0) return "no mirrors to keep";
  const { deltaLink, lastFullAt } = await deltaLinkState();
  const full = !deltaLink || !lastFullAt || now.getTime() - lastFullAt.getTime() >= FULL_RUN_EVERY_MS;
  const { id, started } = await startMirrorRun(null, { full });
  return started ? `started ${full ? "a full" : "a"} mirror run ${id}` : `mirror run ${id} is still running`;
}

/** Starts a run in the background unless one is running, whose id it returns then. */
export async function startMirrorRun(requestedBy: string | null, opts: { full?: boolean; wait?: boolean } = {}): Promise<StartedRun> {
  const { enterpriseApp } = await readFederationConfig();
  if (!enterpriseApp) throw new AppError("NotConfigured", "Finish the setup step “Enterprise application” first: mirrors are assigned to it.");
  await db().mirrorRun.updateMany({
    where: { status: "running", leaseUntil: { lt: new Date() } },
    data: { status: "failed", runningSlot: null, finishedAt: new Date(), problem: "The server running it stopped; the next run completes its work." },
  });
  const owner = crypto.randomUUID();
  let id: string;
  try {
    ({ id } = await db().mirrorRun.create({
      data: {
        mode: opts.full ? "full" : "changes",
        status: "running",
        runningSlot: "running",
        requestedByLabel: requestedBy,
        leaseOwner: owner,
        leaseUntil: new Date(Date.now() + LEASE_MS),
        progress: runProgressColumn.encode(emptyProgress()),
      },
      select: { id: true },
    }));
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const running = await db().mirrorRun.findFirst({ where: { runningSlot: "running" }, select: { id: true } });
    if (!running) return startMirrorRun(requestedBy, opts);
    return { id: running.id, started: false };
  }
  const done = run(id, owner, opts.full ?? false).catch((e: unknown) => log("error", "a mirror run stopped unexpectedly", { runId: id, ...errorFields(e) }));
  return { id, started: true, ...(opts.wait ? { done } : {}) };
}

async function run(id: string, owner: string, full: boolean): Promise<void> {
  const progress = emptyProgress();
  const held = { id, leaseOwner: owner, status: "running" };
  const state = { lost: false };
  const renew = async () => {
    const { count } = await db().mirrorRun.updateMany({
      where: held,
      data: { leaseUntil: new Date(Date.now() + LEASE_MS), progress: runProgressColumn.encode(progress) },
    });
    if (count === 0) state.lost = true;
  };
  const timer = setInterval(() => void renew().catch(() => undefined), RENEW_MS);
  try {
    const { enterpriseApp } = await readFederationConfig();
    if (!enterpriseApp) throw new AppError("NotConfigured", "Setup no longer has an enterprise application.");
    const budget = { budget: BUDGETS.graphDirectory, tenant: enterpriseApp.servicePrincipalId };
    const spendGraph = async (requests: number) => {
      if (state.lost) throw new LeaseLost();
      const started = Date.now();
      await spend(budget, requests, BUDGET_WAIT_MS);
      progress.budgetWaitMs += Date.now() - started;
      progress.requests += requests;
    };
    const session = openGraph(await entraConnection());
    const readProgress = { beforeRequest: () => spendGraph(1), onGroups: (n: number) => void (progress.groupsRead += n) };

    // The changes since the last run, applied to the nesting it kept; everything when there is none or Graph forgot the link.
    const sync = await deltaLinkState();
    let nesting: Nesting = new Map();
    let round: GroupRound | "expired" = "expired";
    let whole = full || !sync.deltaLink;
    if (!whole && sync.deltaLink) {
      nesting = await loadNesting();
      round = await readGroupRound(session, sync.deltaLink, readProgress);
      whole = round === "expired";
    }
    const mirrors = await storedMirrors({ state: "active" });
    // The groups each mirror followed before the changes: a change to any of them may change its people.
    const followed = new Map(whole ? [] : mirrors.map((m) => [m.id, expand(nesting, m.sourceGroupId).groups]));
    if (whole) {
      nesting = new Map();
      round = await readGroupRound(session, GROUPS_WITH_MEMBERS, readProgress);
      if (round === "expired") throw new AppError("CloudRejected", "Microsoft Graph gave up the groups delta query it had just started; try again.");
    }
    const { groups, deltaLink } = round as GroupRound;
    const changed = applyRound(nesting, groups, whole);

    const members = await membersOf(mirrors.map((m) => m.id));
    const plans: Planned[] = [];
    const flagged: { mirror: StoredMirror; state: "source-deleted" | "mirror-deleted" }[] = [];
    for (const mirror of mirrors) {
      const groupId = mirror.mirrorGroupId;
      if (!groupId) continue;
      const affected =
        whole ||
        mirror.lastSyncAt === null ||
        mirror.removalsConfirmed ||
        changed.has(groupId) ||
        [...(followed.get(mirror.id) ?? [])].some((g) => changed.has(g));
      if (!affected) continue;
      if (!nesting.has(mirror.sourceGroupId)) {
        flagged.push({ mirror, state: "source-deleted" });
        continue;
      }
      const own = nesting.get(groupId);
      if (!own) {
        if (Date.now() - mirror.createdAt.getTime() > NEW_GROUP_GRACE_MS) flagged.push({ mirror, state: "mirror-deleted" });
        continue;
      }
      const expansion = expand(nesting, mirror.sourceGroupId);
      // The mirror is never its own member, should someone nest it in its source.
      expansion.users.delete(groupId);
      const known = members.get(mirror.id) as MirrorMembers;
      const plan = planMirror({
        desired: expansion.users,
        actual: new Set(own.users),
        expected: mirror.lastSyncAt === null ? null : known.settled,
        unsettled: known.unsettled,
        kept: known.kept,
        excluded: known.excluded,
        handEdits: mirror.handEdits,
        removalGuardPercent: mirror.removalGuardPercent,
        removalsConfirmed: mirror.removalsConfirmed,
      });
      plans.push({ mirror, groupId, plan, actual: own.users, known, tooDeep: expansion.tooDeep, groupsFollowed: expansion.groups.size });
    }
    progress.mirrorsPlanned = plans.length;
    progress.membersToWrite = plans.reduce((n, p) => n + p.plan.add.length + p.plan.remove.length, 0);
    progress.held = plans.reduce((n, p) => n + p.plan.held.length, 0);

    progress.phase = "writing";
    await applyPlans(id, session, plans, {
      beforeRequest: spendGraph,
      onWritten: (n) => void (progress.membersWritten = n),
      onSettled: (done) => {
        progress.added += done.added.length;
        progress.removed += done.removed.length;
      },
    });

    progress.phase = "saving";
    if (state.lost) throw new LeaseLost();
    // Within the lease, so two instances never hand the same source's place over twice.
    await finishWaitingSwaps(session, enterpriseApp.servicePrincipalId, id);
    await complete(id, owner, progress, { nesting, changed, whole, deltaLink, flagged });
  } catch (e) {
    if (e instanceof LeaseLost) return;
    const problem = isAppError(e) ? e.message : unexpected(id, e);
    await db().mirrorRun.updateMany({
      where: held,
      data: { status: "failed", runningSlot: null, finishedAt: new Date(), problem, progress: runProgressColumn.encode(progress) },
    });
  } finally {
    clearInterval(timer);
  }
}

type Outcome = {
  nesting: Nesting;
  changed: Set<string>;
  whole: boolean;
  deltaLink: string;
  flagged: { mirror: StoredMirror; state: "source-deleted" | "mirror-deleted" }[];
};

/** The run's outcome: mirrors whose groups are gone flagged, and the nesting with its delta link, in one transaction. */
async function complete(id: string, owner: string, progress: MirrorRunProgress, outcome: Outcome): Promise<void> {
  const now = new Date();
  const actor: Actor = SYSTEM_ACTOR;
  await db().$transaction(async (tx) => {
    for (const { mirror, state } of outcome.flagged) {
      const problem =
        state === "source-deleted"
          ? `Its source group “${mirror.sourceName}” was deleted in Entra. The mirror is left as it was, not emptied: turn it off or delete it.`
          : `Its group “${mirror.mirrorName}” was deleted in Entra outside SSO Bridge. Mirror the source again to recreate it.`;
      await tx.mirror.update({ where: { id: mirror.id }, data: { state, lastSyncAt: now, lastSyncOutcome: problem } });
      await recordAuditEvent(tx, {
        actor,
        action: "mirror.sync",
        target: { type: "mirror", id: mirror.id, label: mirror.mirrorName },
        outcome: "failure",
        details: { runId: id, problem },
      });
    }
    await saveNesting(tx, outcome.nesting, outcome.changed, outcome.whole, outcome.deltaLink);
    const { count } = await tx.mirrorRun.updateMany({
      where: { id, leaseOwner: owner, status: "running" },
      data: { status: "complete", runningSlot: null, finishedAt: now, progress: runProgressColumn.encode({ ...progress, phase: "done" }) },
    });
    if (count === 0) throw new LeaseLost();
  }, WRITE_TIMEOUT);
}

function unexpected(id: string, e: unknown): string {
  log("error", "a mirror run failed on an unexpected error", { runId: id, ...errorFields(e) });
  return "The run failed on an unexpected error; see the server log.";
}
