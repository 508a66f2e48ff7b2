import crypto from "node:crypto";
import type { ChangedBy } from "../audit/record-audit-event";
import type { IdentityCenter } from "../aws/identity-center";
import { db } from "../db";
import { isAppError } from "../errors";
import { errorFields, log } from "../log";
import { sharedRead } from "../shared-reads";
import { storedVocabulary } from "../stored-vocabulary";
import { refreshAccessDetailsAfterAssignment } from "./access-detail-readings";
import { assignInAccount, checkAssignment, settle, type AssignInput, type AssignOutcome, type Sent } from "./assignment-changes";
import { operationsFor } from "./aws-operations";
import { identityCenter } from "./configured-identity-center";

// Assigning a permission set in many accounts is work for minutes, not for one request: the order
// is stored with one row per account, and a sender (any instance, holding the batch's lease) sends
// the accounts in order, recording each before the next. A server that stops leaves its lease to
// run out; the next sender carries on from the first account not done, asking AWS what became of
// the one that was being sent. The page shows the rows as they change.

export const ASSIGNMENT_BATCHES_TASK = "assignment-batches";
// Renewed before each account; one account takes at most about a minute (AWS's throttling included).
const LEASE_MS = 3 * 60_000;
// Batches shown on the page: the newest.
const SHOWN_BATCHES = 5;
// Accounts listed per batch, those that need a look first; the counts cover them all.
const SHOWN_ACCOUNTS = 500;

const ACCOUNT_STATUSES = ["PENDING", "SENDING", "IN_PROGRESS", "SUCCEEDED", "FAILED", "NOT_SENT"] as const;
type AccountStatus = (typeof ACCOUNT_STATUSES)[number];
const storedStatus = storedVocabulary("AssignmentBatchAccount.status", ACCOUNT_STATUSES);

export type BatchAccountView = { accountId: string; accountName: string; status: AccountStatus; reason: string | null };
export type AssignmentBatchView = {
  id: string;
  createdAt: Date;
  requestedBy: string;
  principal: { type: string; id: string; name: string };
  permissionSetName: string;
  /** every account sent or refused; some may still be in progress in AWS */
  sent: boolean;
  counts: Record<AccountStatus, number>;
  /** in the order chosen; past SHOWN_ACCOUNTS, the failed and unsent ones first, then the order chosen */
  accounts: BatchAccountView[];
  /** accounts not listed */
  more: number;
};

/** Checks the order against AWS, then stores it for the background sender: nothing is sent here. */
export async function startAssignment(input: AssignInput, by: ChangedBy): Promise<{ id: string; accounts: number; principal: string; permissionSet: string }> {
  const order = await checkAssignment(input);
  const batch = await db().assignmentBatch.create({
    data: {
      principalType: order.principal.type,
      principalId: order.principal.id,
      principalName: order.principal.name,
      permissionSetArn: order.permissionSetArn,
      permissionSetName: order.permissionSetName,
      actorId: by.actor.id,
      actorLabel: by.actor.label,
      requestId: by.context.requestId ?? null,
      ipAddress: by.context.ipAddress ?? null,
      userAgent: by.context.userAgent ?? null,
      accounts: {
        create: order.accounts.map((a, position) => ({ position, accountId: a.id, accountName: a.name, status: "PENDING" })),
      },
    },
    select: { id: true },
  });
  return { id: batch.id, accounts: order.accounts.length, principal: order.principal.name, permissionSet: order.permissionSetName };
}

type BatchRow = NonNullable<Awaited<ReturnType<ReturnType<typeof db>["assignmentBatch"]["findFirst"]>>>;

/**
 * Sends every batch that has accounts left and no live sender, one after another. Safe to call from
 * any instance at any time: a batch is sent by one sender at once.
 */
export async function sendAssignmentBatches(opts: { sleep?: (ms: number) => Promise<void> } = {}): Promise<string> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const owner = crypto.randomUUID();
  let accounts = 0;
  let batches = 0;
  for (let batch = await claimBatch(owner); batch; batch = await claimBatch(owner)) {
    accounts += await sendKeepingLease(batch, owner, sleep);
    batches += 1;
  }
  return batches === 0
    ? "no assignment to send"
    : `${accounts} ${accounts === 1 ? "account" : "accounts"} sent in ${batches} ${batches === 1 ? "batch" : "batches"}`;
}

let sendingHere: Promise<string> | null = null;

/** Batches with accounts left whose sender, if they had one, has let go or stopped renewing. */
const waitingForSender = (now: Date) => ({ sentAt: null, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }] });

/**
 * The background task: starts a sender when a batch waits for one, and returns at once, so that a
 * batch of thousands of accounts never holds up the monitor, the alerts or the other tasks.
 */
export async function startWaitingAssignmentBatches(now = new Date()): Promise<string> {
  const waiting = await db().assignmentBatch.count({ where: waitingForSender(now) });
  if (waiting === 0) return "no assignment to send";
  sendAssignmentBatchesSoon();
  return `sending ${waiting} ${waiting === 1 ? "batch" : "batches"} in the background`;
}

/** Starts sending now, in this process, without waiting for it: the request that stored the batch answers at once. */
export function sendAssignmentBatchesSoon(): void {
  sendingHere ??= sendAssignmentBatches()
    .catch((e: unknown) => {
      log("error", "sending account assignments stopped; the background task carries on", errorFields(e));
      return "failed";
    })
    .finally(() => {
      sendingHere = null;
    });
}

async function claimBatch(owner: string): Promise<BatchRow | null> {
  const now = new Date();
  const free = waitingForSender(now);
  const candidate = await db().assignmentBatch.findFirst({ where: free, orderBy: { createdAt: "asc" } });
  if (!candidate) return null;
  const { count } = await db().assignmentBatch.updateMany({
    where: { id: candidate.id, ...free },
    data: { leaseOwner: owner, leaseUntil: new Date(now.getTime() + LEASE_MS) },
  });
  // Another sender took it between the two statements: look for the next.
  return count === 1 ? candidate : claimBatch(owner);
}

/** Keeps the batch while this sender works on it; false when another sender has taken it over. */
async function renewLease(batchId: string, owner: string): Promise<boolean> {
  const { count } = await db().assignmentBatch.updateMany({
    where: { id: batchId, leaseOwner: owner },
    data: { leaseUntil: new Date(Date.now() + LEASE_MS) },
  });
  return count === 1;
}

/** Gives the batch up, finished (`sentAt`) or for another sender to carry on at once. */
function letGo(batchId: string, owner: string, finished: boolean) {
  return db().assignmentBatch.updateMany({
    where: { id: batchId, leaseOwner: owner },
    data: { leaseOwner: null, leaseUntil: null, ...(finished ? { sentAt: new Date() } : {}) },
  });
}

/**
 * Sends the batch while keeping its lease fresh (one account can take longer than expected when
 * AWS throttles); on an unexpected failure the lease is let go at once, so the next sender does not
 * wait for it to run out.
 */
async function sendKeepingLease(batch: BatchRow, owner: string, sleep: (ms: number) => Promise<void>): Promise<number> {
  const held = { still: true };
  const timer = setInterval(() => {
    renewLease(batch.id, owner).then(
      (ok) => (held.still &&= ok),
      () => undefined,
    );
  }, LEASE_MS / 3);
  timer.unref();
  try {
    return await sendBatch(batch, owner, sleep, held);
  } catch (e) {
    await letGo(batch.id, owner, false).catch(() => undefined);
    throw e;
  } finally {
    clearInterval(timer);
  }
}

async function sendBatch(batch: BatchRow, owner: string, sleep: (ms: number) => Promise<void>, held: { still: boolean }): Promise<number> {
  let t: IdentityCenter;
  try {
    t = await identityCenter();
  } catch (e) {
    // AWS is no longer connected, or the instance is gone: nothing left can be sent, and waiting will not change that.
    if (!isAppError(e) || (e.code !== "NotConfigured" && e.code !== "NotFound")) throw e;
    await db().assignmentBatchAccount.updateMany({
      where: { batchId: batch.id, status: { in: ["PENDING", "SENDING"] } },
      data: { status: "NOT_SENT", reason: `Not sent: ${e.message}` },
    });
    await letGo(batch.id, owner, true);
    return 0;
  }
  const by: ChangedBy = {
    actor: { type: "person", id: batch.actorId, label: batch.actorLabel },
    context: { requestId: batch.requestId ?? undefined, ipAddress: batch.ipAddress ?? undefined, userAgent: batch.userAgent ?? undefined },
  };
  const order = {
    principal: { type: batch.principalType as "USER" | "GROUP", id: batch.principalId, name: batch.principalName },
    permissionSetArn: batch.permissionSetArn,
    permissionSetName: batch.permissionSetName,
  };
  const sent: Sent[] = [];
  const outcomes: AssignOutcome[] = [];
  const rowOf = new Map<string, number>();
  for (;;) {
    const row = await db().assignmentBatchAccount.findFirst({
      where: { batchId: batch.id, status: { in: ["PENDING", "SENDING"] } },
      orderBy: { position: "asc" },
    });
    if (!row) break;
    // Another sender has taken the batch over (this one was too slow to renew): it carries on from here.
    if (!held.still || !(await renewLease(batch.id, owner))) return outcomes.length;
    // Written only while this sender holds the batch.
    const at = { batchId: batch.id, position: row.position, batch: { leaseOwner: owner } };
    const resumedAfter = storedStatus.read(row.status) === "SENDING" ? row.sendingAt : null;
    if (!resumedAfter) await db().assignmentBatchAccount.updateMany({ where: at, data: { status: "SENDING", sendingAt: new Date() } });
    const done = await assignInAccount(t, order, { id: row.accountId, name: row.accountName }, by, { sleep, resumedAfter });
    await db().assignmentBatchAccount.updateMany({
      where: at,
      data: { status: done.outcome.status, reason: done.outcome.reason, requestId: done.sent?.requestId ?? null },
    });
    outcomes.push(done.outcome);
    rowOf.set(row.accountId, row.position);
    if (done.sent) sent.push(done.sent);
    if (done.halt) {
      await db().assignmentBatchAccount.updateMany({
        where: { batchId: batch.id, status: "PENDING" },
        data: { status: "NOT_SENT", reason: done.halt },
      });
      break;
    }
  }
  // Most of AWS's answers come within seconds: the batch ends with them rather than "in progress".
  for (const o of await settle(t, outcomes, sent, sleep)) {
    const before = outcomes.find((x) => x.accountId === o.accountId)!;
    if (o.status === before.status && o.reason === before.reason) continue;
    await db().assignmentBatchAccount.update({
      where: { batchId_position: { batchId: batch.id, position: rowOf.get(o.accountId)! } },
      data: { status: o.status, reason: o.reason },
    });
  }
  await letGo(batch.id, owner, true);
  await refreshAccessDetailsAfterAssignment(outcomes.map((o) => ({ accountId: o.accountId, permissionSetArn: batch.permissionSetArn })));
  return outcomes.length;
}

/** The newest batches with each account's state, requests still in progress as AWS last reported them. */
export function recentAssignmentBatches(): Promise<AssignmentBatchView[]> {
  return sharedRead("assignment-batches", ["AssignmentBatch", "AssignmentBatchAccount", "AwsOperation"], async () => {
    const batches = await db().assignmentBatch.findMany({
      orderBy: { createdAt: "desc" },
      take: SHOWN_BATCHES,
      include: { accounts: { orderBy: { position: "asc" } } },
    });
    return Promise.all(batches.map(batchView));
  });
}

/** One batch as the page shows it; null when there is none with that id. */
export async function assignmentBatch(id: string): Promise<AssignmentBatchView | null> {
  const batch = await db().assignmentBatch.findUnique({ where: { id }, include: { accounts: { orderBy: { position: "asc" } } } });
  return batch ? batchView(batch) : null;
}

type StoredBatch = BatchRow & { accounts: { accountId: string; accountName: string; status: string; reason: string | null; requestId: string | null }[] };

async function batchView(b: StoredBatch): Promise<AssignmentBatchView> {
  const followed = await operationsFor(b.accounts.filter((a) => a.requestId && storedStatus.read(a.status) === "IN_PROGRESS").map((a) => a.requestId!));
  const accounts = b.accounts.map((a): BatchAccountView => {
    const op = a.requestId ? followed.find((o) => o.requestId === a.requestId) : undefined;
    return op && op.status !== "IN_PROGRESS"
      ? { accountId: a.accountId, accountName: a.accountName, status: op.status, reason: op.failureReason ?? a.reason }
      : { accountId: a.accountId, accountName: a.accountName, status: storedStatus.read(a.status), reason: a.reason };
  });
  const counts = Object.fromEntries(ACCOUNT_STATUSES.map((s) => [s, accounts.filter((a) => a.status === s).length])) as Record<AccountStatus, number>;
  const needsALook = (a: BatchAccountView) => (a.status === "FAILED" || a.status === "NOT_SENT" ? 0 : 1);
  // All of them in the order chosen when they fit; otherwise those to look at first.
  const listed =
    accounts.length <= SHOWN_ACCOUNTS
      ? accounts
      : accounts
          .map((a, position) => ({ a, position }))
          .sort((x, y) => needsALook(x.a) - needsALook(y.a) || x.position - y.position)
          .slice(0, SHOWN_ACCOUNTS)
          .map((x) => x.a);
  return {
    id: b.id,
    createdAt: b.createdAt,
    requestedBy: b.actorLabel,
    principal: { type: b.principalType, id: b.principalId, name: b.principalName },
    permissionSetName: b.permissionSetName,
    sent: b.sentAt !== null,
    counts,
    accounts: listed,
    more: accounts.length - listed.length,
  };
}
