import { recordAuditEvent, SYSTEM_ACTOR } from "../audit/record-audit-event";
import { assignmentCreationStatus, assignmentDeletionStatus } from "../aws/account-assignments";
import { ASYNC_REQUEST_STATUSES, type AsyncRequest } from "../aws/async-request";
import type { IdentityCenter } from "../aws/identity-center";
import { permissionSetProvisioningStatus } from "../aws/permission-sets";
import { db } from "../db";
import { isAppError } from "../errors";
import { errorFields, log } from "../log";
import { sharedRead } from "../shared-reads";
import { storedVocabulary } from "../stored-vocabulary";
import { refreshAccessDetailsAfterAssignment } from "./access-detail-readings";
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

/**
 * The account assignments SSO Bridge made that it has not removed since, as it recorded them: who
 * each named, under which name then. A principal recreated under a new id is found by that name.
 */
export async function assignmentRecords(): Promise<
  { accountId: string; permissionSetArn: string; permissionSetName: string; principalType: "USER" | "GROUP"; principalId: string; principalName: string }[]
> {
  const rows = await db().awsOperation.findMany({
    where: { kind: { in: ["create-assignment", "delete-assignment"] }, status: "SUCCEEDED", accountId: { not: null }, principalId: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { kind: true, accountId: true, permissionSetArn: true, permissionSetName: true, principalType: true, principalId: true, principalName: true },
  });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    // Removing an assignment whose principal was gone already (it is named by its id then) is no decision
    // about its access: a successor of the same name still lost it.
    if (r.kind === "delete-assignment" && r.principalName === r.principalId) continue;
    latest.set(`${r.accountId}|${r.permissionSetArn}|${r.principalType}|${r.principalId}`, r);
  }
  return [...latest.values()].flatMap((r) =>
    r.kind === "create-assignment" && (r.principalType === "USER" || r.principalType === "GROUP")
      ? [
          {
            accountId: r.accountId!,
            permissionSetArn: r.permissionSetArn,
            permissionSetName: r.permissionSetName,
            principalType: r.principalType,
            principalId: r.principalId!,
            principalName: r.principalName ?? r.principalId!,
          },
        ]
      : [],
  );
}

/** Keeps a request to follow. A request id already kept is the same request: the first record of it stays. */
export async function recordOperation(op: NewOperation, now = new Date()): Promise<void> {
  await db().awsOperation.upsert({
    where: { requestId: op.request.requestId },
    update: {},
    create: {
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
  const changedAssignments: { accountId: string; permissionSetArn: string }[] = [];
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
    try {
      if (await recordEnd(op, kind, latest, now)) {
        ended += 1;
        if (op.accountId && kind !== "provision-permission-set") changedAssignments.push({ accountId: op.accountId, permissionSetArn: op.permissionSetArn });
      }
    } catch (e) {
      // Neither the end nor its audit event was written: the row is still in progress, so the next refresh records both.
      log("error", "the end of an AWS request could not be recorded; the next refresh tries again", { requestId: op.requestId, kind, ...errorFields(e) });
    }
  }
  // What the account, set and person pages show changes when AWS has done the work, not when it was asked.
  if (changedAssignments.length > 0) await refreshAccessDetailsAfterAssignment(changedAssignments);
  return ended;
}

/** The end of a request and its audit event, in one transaction. Only one refresher records it: the update matches while the row is still in progress. */
function recordEnd(op: StoredOperation, kind: OperationKind, latest: AsyncRequest, now: Date): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.awsOperation.updateMany({
      where: { id: op.id, status: "IN_PROGRESS" },
      data: { status: latest.status, failureReason: latest.failureReason, updatedAt: now },
    });
    if (count === 0) return false;
    await recordAuditEvent(tx, {
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
    return true;
  });
}

export async function pendingOperations(scope: { accountId?: string; permissionSetArn?: string } = {}): Promise<number> {
  return db().awsOperation.count({ where: { status: "IN_PROGRESS", ...scope } });
}

export function recentOperations(where: { permissionSetArn?: string; accountId?: string } = {}, take = 20): Promise<AwsOperationView[]> {
  return sharedRead(`recent-operations:${JSON.stringify([where, take])}`, ["AwsOperation"], async () =>
    (await db().awsOperation.findMany({ where, orderBy: { createdAt: "desc" }, take })).map(view),
  );
}

export async function operationsFor(requestIds: string[]): Promise<AwsOperationView[]> {
  return (await db().awsOperation.findMany({ where: { requestId: { in: requestIds } } })).map(view);
}

type StoredOperation = Awaited<ReturnType<ReturnType<typeof db>["awsOperation"]["findFirstOrThrow"]>>;

function view(r: StoredOperation): AwsOperationView {
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
