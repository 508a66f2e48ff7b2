import { z } from "zod";
import { recordAuditEventAlone, type ChangedBy } from "../audit/record-audit-event";
import { createAccountAssignment, deleteAccountAssignment, type AssignmentKey } from "../aws/account-assignments";
import type { IdentityCenter } from "../aws/identity-center";
import { describePrincipal, type Principal } from "../aws/identity-store-principals";
import { permissionSetNames } from "../aws/permission-sets";
import { AppError, isAppError } from "../errors";
import { operationsFor, recordOperation, refreshOperations, type AwsOperationView } from "./aws-operations";
import { identityCenter } from "./configured-identity-center";
import { accountsById } from "./organization";

// Giving a provisioned user or group a permission set in one or many accounts, and taking it
// away. AWS works on each assignment in the background and allows only a few at once, so requests
// are sent as AWS admits them and followed until they end.

const ACCOUNT_ID = /^\d{12}$/;
export const MAX_ACCOUNTS_PER_REQUEST = 100;
// How long one request keeps sending while AWS says too many are outstanding, and then waits for answers.
const SUBMIT_BUDGET_MS = 45_000;
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
        .max(MAX_ACCOUNTS_PER_REQUEST, `At most ${MAX_ACCOUNTS_PER_REQUEST} accounts at a time.`),
    ),
});

export type AssignOutcome = { accountId: string; accountName: string; status: "IN_PROGRESS" | "SUCCEEDED" | "FAILED" | "NOT_SENT"; reason: string | null };
export type AssignResult = { principal: Principal; permissionSetName: string; outcomes: AssignOutcome[] };

export async function assignAccess(
  input: z.output<typeof assignInput>,
  by: ChangedBy,
  opts: { sleep?: (ms: number) => Promise<void> } = {},
): Promise<AssignResult> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
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

  const started = Date.now();
  const requests = new Map<string, string>();
  const outcomes: AssignOutcome[] = [];
  for (const accountId of input.accountIds) {
    const key: AssignmentKey = { accountId, permissionSetArn: input.permissionSetArn, principalType: input.principalType, principalId: input.principalId };
    const accountName = accounts.get(accountId)!.name;
    const audit = (outcome: "success" | "failure", details: Record<string, unknown>) =>
      recordAuditEventAlone({
        actor: by.actor,
        action: "assignment.create",
        target: { type: "aws-account", id: accountId, label: accountName },
        outcome,
        details: {
          principal: { type: principal.type, id: principal.id, name: principal.name },
          permissionSet: { arn: input.permissionSetArn, name: permissionSetName },
          ...details,
        },
        context: by.context,
      });
    for (;;) {
      try {
        const request = await createAccountAssignment(t, key);
        await recordOperation({
          kind: "create-assignment",
          request,
          permissionSetArn: input.permissionSetArn,
          permissionSetName,
          accountId,
          principal: { type: principal.type, id: principal.id, name: principal.name },
          requestedBy: by.actor.label,
        });
        await audit("success", { requestId: request.requestId, before: null, after: { permissionSet: permissionSetName, principal: principal.name } });
        requests.set(accountId, request.requestId);
        outcomes.push({ accountId, accountName, status: request.status, reason: request.failureReason });
        break;
      } catch (e) {
        if (!isAppError(e)) throw e;
        // AWS admits only a few outstanding assignment requests: let some finish, then send again.
        if (e.code === "Throttled" && Date.now() - started < SUBMIT_BUDGET_MS) {
          await sleep(1_000);
          await refreshOperations(t);
          continue;
        }
        await audit("failure", { error: e.message });
        outcomes.push({ accountId, accountName, status: "NOT_SENT", reason: e.message });
        break;
      }
    }
  }
  return { principal, permissionSetName, outcomes: await settle(t, outcomes, requests, sleep) };
}

/** Waits a few seconds for AWS's answers, so most people see the outcome without reloading. */
async function settle(
  t: IdentityCenter,
  outcomes: AssignOutcome[],
  requests: Map<string, string>,
  sleep: (ms: number) => Promise<void>,
): Promise<AssignOutcome[]> {
  const deadline = Date.now() + SETTLE_BUDGET_MS;
  let latest: AwsOperationView[] = [];
  for (;;) {
    await refreshOperations(t);
    latest = await operationsFor([...requests.values()]);
    const pending = latest.some((o) => o.status === "IN_PROGRESS");
    if (!pending || Date.now() > deadline) break;
    await sleep(500);
  }
  return outcomes.map((o) => {
    const op = latest.find((l) => l.requestId === requests.get(o.accountId));
    return op ? { ...o, status: op.status, reason: op.failureReason } : o;
  });
}

export const removeInput = z.object({
  accountId: z.string().regex(ACCOUNT_ID),
  permissionSetArn: z.string().min(1).max(1224),
  principalType: z.enum(["USER", "GROUP"]),
  principalId: z.string().min(1).max(47),
});

export async function removeAssignment(key: AssignmentKey, by: ChangedBy): Promise<{ principal: string; permissionSet: string; accountId: string }> {
  const t = await identityCenter();
  const principal = await describePrincipal(t, key.principalType, key.principalId).catch((e: unknown) => {
    if (e instanceof AppError && e.code === "NotFound") return { type: key.principalType, id: key.principalId, name: key.principalId, detail: null };
    throw e;
  });
  const permissionSetName = (await permissionSetNames(t, [key.permissionSetArn])).get(key.permissionSetArn)!;
  const before = { principal: principal.name, permissionSet: permissionSetName, accountId: key.accountId };
  const audit = (outcome: "success" | "failure", details: Record<string, unknown>) =>
    recordAuditEventAlone({
      actor: by.actor,
      action: "assignment.delete",
      target: { type: "aws-account", id: key.accountId, label: key.accountId },
      outcome,
      details: { before, after: null, ...details },
      context: by.context,
    });
  try {
    const request = await deleteAccountAssignment(t, key);
    await recordOperation({
      kind: "delete-assignment",
      request,
      permissionSetArn: key.permissionSetArn,
      permissionSetName,
      accountId: key.accountId,
      principal: { type: principal.type, id: principal.id, name: principal.name },
      requestedBy: by.actor.label,
    });
    await audit("success", { requestId: request.requestId });
  } catch (e) {
    if (isAppError(e)) await audit("failure", { error: e.message });
    throw e;
  }
  return before;
}
