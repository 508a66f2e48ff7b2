import { recordAuditEventAlone, SYSTEM_ACTOR } from "../audit/record-audit-event";
import { assignmentCreationStatus, assignmentDeletionStatus } from "../aws/account-assignments";
import { ASYNC_REQUEST_STATUSES, type AsyncRequest } from "../aws/async-request";
import type { IdentityCenter } from "../aws/identity-center";
import { permissionSetProvisioningStatus } from "../aws/permission-sets";
import { db } from "../db";
import { isAppError } from "../errors";
import { storedVocabulary } from "../stored-vocabulary";
import { accessConfigured, identityCenter } from "./configured-identity-center";

// IAM Identity Center does some work in the background and hands back a request id. Each request is
// kept here and asked about again until AWS says it succeeded or failed, so the page can show its
// progress and a failure keeps AWS's reason.

export const OPERATION_KINDS = ["provision-permission-set", "create-assignment", "delete-assignment"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];
export type OperationStatus = AsyncRequest["status"];

const storedKind = storedVocabulary("AwsOperation.kind", OPERATION_KINDS);
const storedStatus = storedVocabulary("AwsOperation.status", ASYNC_REQUEST_STATUSES);
export type AwsOperationView = {
  id: string;
  requestId: string;
  kind: OperationKind;
  permissionSetName: string;
  accountId: string | null;
  principalName: string | null;
  status: OperationStatus;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
};

export type NewOperation = {
  kind: OperationKind;
  request: AsyncRequest;
  permissionSetArn: string;
  permissionSetName: string;
  accountId?: string | null;
  principal?: { type: string; id: string; name: string } | null;
  requestedBy: string;
};

type Describe = (t: IdentityCenter, kind: OperationKind, requestId: string) => Promise<AsyncRequest>;

export async function recordOperation(op: NewOperation, now = new Date()): Promise<void> {
  await db().awsOperation.create({
    data: {
      kind: op.kind,
      requestId: op.request.requestId,
      permissionSetArn: op.permissionSetArn,
      permissionSetName: op.permissionSetName,
      accountId: op.accountId ?? null,
      principalType: op.principal?.type ?? null,
      principalId: op.principal?.id ?? null,
      principalName: op.principal?.name ?? null,
      status: op.request.status,
      failureReason: op.request.failureReason,
      requestedBy: op.requestedBy,
      createdAt: now,
      updatedAt: now,
    },
  });
}

export const AWS_OPERATIONS_TASK = "aws-operations";

/** The background task: requests nobody is watching in the browser still reach their end. */
export async function followAwsOperations(): Promise<string> {
  if (!(await accessConfigured())) return "no IAM Identity Center instance yet";
  if ((await pendingOperations()) === 0) return "no request in progress";
  const ended = await refreshOperations(await identityCenter());
  return `${ended} ${ended === 1 ? "request" : "requests"} ended`;
}

/** Asks AWS about every request still in progress; a request that ends is audited with its outcome. */
export async function refreshOperations(t: IdentityCenter, describe: Describe = describeOperation, now = new Date()): Promise<number> {
  const pending = await db().awsOperation.findMany({ where: { status: "IN_PROGRESS" }, orderBy: { createdAt: "asc" }, take: 100 });
  let ended = 0;
  for (const op of pending) {
    const kind = storedKind.read(op.kind);
    let latest: AsyncRequest;
    try {
      latest = await describe(t, kind, op.requestId);
    } catch (e) {
      // Still pending as far as SSO Bridge knows; the next refresh asks again.
      if (isAppError(e)) continue;
      throw e;
    }
    if (latest.status === "IN_PROGRESS") continue;
    // Only one refresher records the end: the update matches while the row is still in progress.
    const { count } = await db().awsOperation.updateMany({
      where: { id: op.id, status: "IN_PROGRESS" },
      data: { status: latest.status, failureReason: latest.failureReason, updatedAt: now },
    });
    if (count === 0) continue;
    ended += 1;
    await recordAuditEventAlone({
      actor: SYSTEM_ACTOR,
      action: `${kind}.${latest.status === "SUCCEEDED" ? "complete" : "fail"}`,
      target: op.accountId
        ? { type: "aws-account", id: op.accountId, label: op.accountId }
        : { type: "permission-set", id: op.permissionSetArn, label: op.permissionSetName },
      outcome: latest.status === "SUCCEEDED" ? "success" : "failure",
      details: {
        requestId: op.requestId,
        permissionSet: op.permissionSetName,
        principal: op.principalName,
        requestedBy: op.requestedBy,
        failureReason: latest.failureReason,
      },
    });
  }
  return ended;
}

export async function pendingOperations(scope: { accountId?: string; permissionSetArn?: string } = {}): Promise<number> {
  return db().awsOperation.count({ where: { status: "IN_PROGRESS", ...scope } });
}

export async function recentOperations(where: { permissionSetArn?: string; accountId?: string } = {}, take = 20): Promise<AwsOperationView[]> {
  return (await db().awsOperation.findMany({ where, orderBy: { createdAt: "desc" }, take })).map(view);
}

export async function operationsFor(requestIds: string[]): Promise<AwsOperationView[]> {
  return (await db().awsOperation.findMany({ where: { requestId: { in: requestIds } } })).map(view);
}

function view(r: Awaited<ReturnType<ReturnType<typeof db>["awsOperation"]["findFirstOrThrow"]>>): AwsOperationView {
  return {
    id: r.id,
    requestId: r.requestId,
    kind: storedKind.read(r.kind),
    permissionSetName: r.permissionSetName,
    accountId: r.accountId,
    principalName: r.principalName,
    status: storedStatus.read(r.status),
    failureReason: r.failureReason,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function describeOperation(t: IdentityCenter, kind: OperationKind, requestId: string): Promise<AsyncRequest> {
  if (kind === "create-assignment") return assignmentCreationStatus(t, requestId);
  if (kind === "delete-assignment") return assignmentDeletionStatus(t, requestId);
  return permissionSetProvisioningStatus(t, requestId);
}
