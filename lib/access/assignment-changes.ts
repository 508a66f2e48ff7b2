import { z } from "zod";
import { recordAuditEventAlone, type AuditInput, type ChangedBy } from "../audit/record-audit-event";
import { assignmentCreationStatus, createAccountAssignment, deleteAccountAssignment, type AssignmentKey } from "../aws/account-assignments";
import type { AsyncRequest } from "../aws/async-request";
import type { IdentityCenter } from "../aws/identity-center";
import { describePrincipal } from "../aws/identity-store-principals";
import { permissionSetNames } from "../aws/permission-sets";
import { UncertainWrite } from "../aws/aws-errors";
import { AppError, isAppError } from "../errors";
import { recordAcceptedChange, recordInAuditLog } from "./accepted-change";
import { refreshAccessDetailsAfterAssignment } from "./access-detail-readings";
import { operationsFor, refreshOperations } from "./aws-operations";
import { identityCenter } from "./configured-identity-center";
import { settleLostAnswer } from "./lost-assignment-answers";
import { accountsById } from "./organization";

// Giving a provisioned user or group a permission set in one or many accounts, and taking it
// away. AWS works on each assignment in the background and allows only a few at once, so requests
// are sent as AWS admits them and followed until they end. Many accounts are sent in the
// background, account by account (assignment-batches.ts).

const ACCOUNT_ID = /^\d{12}$/;
// An organisation's accounts, whatever its size: AWS Organizations allows a few thousand at most.
export const MAX_ACCOUNTS_PER_REQUEST = 10_000;
// How long one account keeps being sent while AWS says too many are outstanding.
const THROTTLED_BUDGET_MS = 60_000;
const SETTLE_BUDGET_MS = 8_000;

export const assignInput = z.object({
  principalType: z.enum(["USER", "GROUP"]),
  principalId: z.string().min(1, "Choose a user or group.").max(47),
  permissionSetArn: z.string().min(1, "Choose a permission set.").max(1224),
  accountIds: z
    .string()
    .transform((v) => [
      ...new Set(
        v
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.string().regex(ACCOUNT_ID, "Account ids are 12 digits."))
        .min(1, "Choose at least one account.")
        .max(MAX_ACCOUNTS_PER_REQUEST, `At most ${MAX_ACCOUNTS_PER_REQUEST.toLocaleString("en-US")} accounts at a time.`),
    ),
});

export type AssignInput = z.output<typeof assignInput>;

export type AssignOutcome = { accountId: string; accountName: string; status: "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "NOT_SENT"; reason: string | null };

/** What is to be assigned, checked against AWS: who, which permission set, and each account's name. */
export type AssignmentOrder = {
  principal: { type: "USER" | "GROUP"; id: string; name: string };
  permissionSetArn: string;
  permissionSetName: string;
  accounts: { id: string; name: string }[];
};

/** Refuses, with the reason, a principal AWS does not have, an account outside the organization or a deleted permission set. */
export async function checkAssignment(input: AssignInput): Promise<AssignmentOrder> {
  const t = await identityCenter();
  const principal = await describePrincipal(t, input.principalType, input.principalId);
  const accounts = await accountsById(t);
  const unknown = input.accountIds.filter((id) => !accounts.has(id));
  if (unknown.length > 0)
    throw new AppError("InvalidInput", `${unknown.join(", ")} ${unknown.length === 1 ? "is not an account" : "are not accounts"} of this organization.`, {
      accountIds: "Choose accounts from the list.",
    });
  const permissionSetName = (await permissionSetNames(t, [input.permissionSetArn])).get(input.permissionSetArn)!;
  if (permissionSetName.startsWith("deleted set ")) throw new AppError("NotFound", "That permission set no longer exists in AWS; choose another.");
  return {
    principal: { type: principal.type, id: principal.id, name: principal.name },
    permissionSetArn: input.permissionSetArn,
    permissionSetName,
    accounts: input.accountIds.map((id) => ({ id, name: accounts.get(id)!.name })),
  };
}

export type AccountSent = {
  outcome: AssignOutcome;
  /** the request AWS works on, to follow until it ends */
  sent: Sent | null;
  /** the change could not be written to the audit log: send nothing more that could not be recorded either */
  halt: string | null;
};

/**
 * Sends one account's assignment. What AWS accepted is recorded before anything else happens (see
 * accepted-change.ts), and a local failure is never silent: the outcome says whether AWS did it,
 * refused it, or it was not sent, and why. `resumedAfter`: an earlier sender stopped after this
 * time without recording AWS's answer, so AWS is asked what became of it before anything is sent.
 */
export async function assignInAccount(
  t: IdentityCenter,
  order: Omit<AssignmentOrder, "accounts">,
  account: { id: string; name: string },
  by: ChangedBy,
  opts: { sleep: (ms: number) => Promise<void>; resumedAfter?: Date | null },
): Promise<AccountSent> {
  const { principal, permissionSetArn, permissionSetName } = order;
  const accountId = account.id;
  const accountName = account.name;
  const key: AssignmentKey = { accountId, permissionSetArn, principalType: principal.type, principalId: principal.id };
  const event = (outcome: "success" | "failure", details: Record<string, unknown>): AuditInput => ({
    actor: by.actor,
    action: "assignment.create",
    target: { type: "aws-account", id: accountId, label: accountName },
    outcome,
    details: { principal, permissionSet: { arn: permissionSetArn, name: permissionSetName }, ...details },
    context: by.context,
  });
  const answer = await sendKnowingWhatHappened(t, key, opts);
  if (isAppError(answer)) {
    const audited = await recordInAuditLog(event("failure", { error: answer.message }));
    return { outcome: { accountId, accountName, status: "NOT_SENT", reason: answer.message }, sent: null, halt: audited ? null : notSentAfter(accountId) };
  }
  const after = { permissionSet: permissionSetName, principal: principal.name };
  const answerLost = answer.answerLost ? { answerLost: answer.answerLost } : {};
  if (!answer.request) {
    // Already in place: nothing for AWS to work on, nothing to follow.
    const recorded = await recordAcceptedChange(event("success", { requestId: null, before: null, after, ...answerLost }));
    return {
      outcome: { accountId, accountName, status: "SUCCEEDED", reason: recorded.problem },
      sent: null,
      halt: recorded.audited ? null : notSentAfter(accountId),
    };
  }
  const request = answer.request;
  const recorded = await recordAcceptedChange(event("success", { requestId: request.requestId, before: null, after, ...answerLost }), {
    kind: "create-assignment",
    request,
    permissionSetArn,
    permissionSetName,
    accountId,
    principal,
    requestedBy: by.actor.label,
  });
  return {
    outcome: { accountId, accountName, status: request.status, reason: joined(request.failureReason, recorded.problem) },
    sent: { accountId, requestId: request.requestId, followed: recorded.followed, note: recorded.problem },
    halt: recorded.audited ? null : notSentAfter(accountId),
  };
}

export type Sent = { accountId: string; requestId: string; followed: boolean; note: string | null };

const notSentAfter = (accountId: string) =>
  `Not sent: SSO Bridge could not write what happened in account ${accountId} to its audit log, so it sent no more. Assign these again once the database answers.`;

const joined = (...parts: (string | null)[]) => parts.filter((p) => p !== null).join(" ") || null;

/**
 * Sends one assignment and, when AWS's answer is lost, finds out from AWS what became of it: the
 * request it is working on, the assignment already in place (no request), or the failure to report.
 */
async function sendKnowingWhatHappened(
  t: IdentityCenter,
  key: AssignmentKey,
  opts: { sleep: (ms: number) => Promise<void>; resumedAfter?: Date | null },
): Promise<{ request: AsyncRequest | null; answerLost: string | null } | AppError> {
  if (opts.resumedAfter) {
    const stopped = new UncertainWrite("SSO Bridge stopped while it was sending this assignment.", "SSO Bridge stopped before recording it");
    const lost = await settleLostAnswer(t, "create", key, opts.resumedAfter, stopped);
    if (lost.kind !== "failed") return { request: lost.kind === "request" ? lost.request : null, answerLost: lost.note };
    // Only when AWS was seen not to have it is it safe to send again.
    if (!lost.looked) return lost.error;
  }
  const attempted = new Date();
  const sent = await sendAdmitted(t, key, opts.sleep);
  if (!(sent instanceof UncertainWrite)) return isAppError(sent) ? sent : { request: sent, answerLost: null };
  const lost = await settleLostAnswer(t, "create", key, attempted, sent);
  if (lost.kind === "failed") return lost.error;
  return { request: lost.kind === "request" ? lost.request : null, answerLost: lost.note };
}

/** Sends one assignment; while AWS says too many are outstanding, lets some finish and sends again. AWS's refusal is returned, not thrown. */
async function sendAdmitted(t: IdentityCenter, key: AssignmentKey, sleep: (ms: number) => Promise<void>): Promise<AsyncRequest | AppError> {
  const started = Date.now();
  for (;;) {
    try {
      return await createAccountAssignment(t, key);
    } catch (e) {
      if (!isAppError(e)) throw e;
      if (e.code !== "Throttled" || Date.now() - started >= THROTTLED_BUDGET_MS) return e;
      await sleep(1_000);
      await refreshOperations(t);
    }
  }
}

/** Waits a few seconds for AWS's answers, so most outcomes are final when the sending ends. */
export async function settle(t: IdentityCenter, outcomes: AssignOutcome[], sent: Sent[], sleep: (ms: number) => Promise<void>): Promise<AssignOutcome[]> {
  const deadline = Date.now() + SETTLE_BUDGET_MS;
  const followed = sent.filter((s) => s.followed);
  // A request SSO Bridge could not keep is asked about directly.
  const unkept = sent.filter((s) => !s.followed);
  let latest: AsyncRequest[] = [];
  for (;;) {
    await refreshOperations(t);
    const kept = await operationsFor(followed.map((s) => s.requestId));
    const asked = await Promise.all(unkept.map((s) => statusOrNull(t, s.requestId)));
    latest = [...kept, ...asked.filter((a) => a !== null)];
    if (!latest.some((o) => o.status === "IN_PROGRESS") || Date.now() > deadline) break;
    await sleep(500);
  }
  return outcomes.map((o) => {
    const s = sent.find((x) => x.accountId === o.accountId);
    const op = s && latest.find((l) => l.requestId === s.requestId);
    return op && s ? { ...o, status: op.status, reason: joined(op.failureReason, s.note) } : o;
  });
}

/** What AWS says of a request; null when it cannot be asked now (the outcome then stays as first answered). */
async function statusOrNull(t: IdentityCenter, requestId: string): Promise<AsyncRequest | null> {
  try {
    return await assignmentCreationStatus(t, requestId);
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
}

export const removeInput = z.object({
  accountId: z.string().regex(ACCOUNT_ID),
  permissionSetArn: z.string().min(1).max(1224),
  principalType: z.enum(["USER", "GROUP"]),
  principalId: z.string().min(1).max(47),
});

export async function removeAssignment(
  key: AssignmentKey,
  by: ChangedBy,
): Promise<{ principal: string; permissionSet: string; accountId: string; problem: string | null }> {
  const t = await identityCenter();
  const principal = await describePrincipal(t, key.principalType, key.principalId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "NotFound") return { type: key.principalType, id: key.principalId, name: key.principalId, detail: null };
    throw e;
  });
  const permissionSetName = (await permissionSetNames(t, [key.permissionSetArn])).get(key.permissionSetArn)!;
  const before = { principal: principal.name, permissionSet: permissionSetName, accountId: key.accountId };
  const event = (outcome: "success" | "failure", details: Record<string, unknown>): AuditInput => ({
    actor: by.actor,
    action: "assignment.delete",
    target: { type: "aws-account", id: key.accountId, label: key.accountId },
    outcome,
    details: { before, after: null, ...details },
    context: by.context,
  });
  let answer: { request: AsyncRequest | null; answerLost: string | null };
  try {
    answer = await deleteKnowingWhatHappened(t, key);
  } catch (e) {
    if (isAppError(e)) await recordAuditEventAlone(event("failure", { error: e.message }));
    throw e;
  }
  const { request } = answer;
  await refreshAccessDetailsAfterAssignment([key]);
  const answerLost = answer.answerLost ? { answerLost: answer.answerLost } : {};
  if (!request) {
    // Already gone: nothing for AWS to work on, nothing to follow.
    const recorded = await recordAcceptedChange(event("success", { requestId: null, ...answerLost }));
    return { ...before, problem: recorded.problem };
  }
  const recorded = await recordAcceptedChange(event("success", { requestId: request.requestId, ...answerLost }), {
    kind: "delete-assignment",
    request,
    permissionSetArn: key.permissionSetArn,
    permissionSetName,
    accountId: key.accountId,
    principal: { type: principal.type, id: principal.id, name: principal.name },
    requestedBy: by.actor.label,
  });
  return { ...before, problem: recorded.problem };
}

/** Removes one assignment; when AWS's answer is lost, AWS is asked what became of it (see sendKnowingWhatHappened). */
async function deleteKnowingWhatHappened(t: IdentityCenter, key: AssignmentKey): Promise<{ request: AsyncRequest | null; answerLost: string | null }> {
  const attempted = new Date();
  try {
    return { request: await deleteAccountAssignment(t, key), answerLost: null };
  } catch (e) {
    if (!(e instanceof UncertainWrite)) throw e;
    const lost = await settleLostAnswer(t, "delete", key, attempted, e);
    if (lost.kind === "failed") throw lost.error;
    return { request: lost.kind === "request" ? lost.request : null, answerLost: lost.note };
  }
}
