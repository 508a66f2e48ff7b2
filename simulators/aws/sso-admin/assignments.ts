import crypto from "node:crypto";
import { paginate } from "../json-protocol/pagination";
import { asRecord, optionalEnum, optionalString, requireEnum, requireString } from "../json-protocol/validate";
import { invalid, notFound, throttled } from "./errors";
import { ACCOUNT_ID, instanceArn, PAGE, PERMISSION_SET_ARN, permissionSet, PRINCIPAL_ID, REQUEST_ID, type Ops } from "./input";
import type { AssignmentOperation, OperationStatus, PrincipalType, ProvisioningOperation, SsoAdminState } from "./state";

// Account assignments and provisioning: the asynchronous half of sso-admin. Writes answer
// IN_PROGRESS with a request id at once and settle after the configured delay.

const STATUSES: OperationStatus[] = ["IN_PROGRESS", "FAILED", "SUCCEEDED"];
const PROVISIONING_STATUSES = ["LATEST_PERMISSION_SET_PROVISIONED", "LATEST_PERMISSION_SET_NOT_PROVISIONED"] as const;

function assignmentStatus(op: AssignmentOperation) {
  const { Status, RequestId, FailureReason, TargetId, TargetType, PermissionSetArn, PrincipalType, PrincipalId, CreatedDate } = op;
  return { Status, RequestId, FailureReason, TargetId, TargetType, PermissionSetArn, PrincipalType, PrincipalId, CreatedDate };
}

function provisioningStatus(op: ProvisioningOperation) {
  const { Status, RequestId, AccountId, PermissionSetArn, FailureReason, CreatedDate } = op;
  return { Status, RequestId, AccountId, PermissionSetArn, FailureReason, CreatedDate };
}

function statusFilter(input: Record<string, unknown>): OperationStatus | undefined {
  const filter = asRecord(input.Filter);
  return filter ? optionalEnum(filter, "Status", STATUSES, invalid) : undefined;
}

export function assignmentOperations(state: SsoAdminState): Ops {
  const admitAsyncWrite = () => {
    if (state.outstanding() >= state.settings.maxOutstandingOperations) {
      throw throttled(
        `Too many outstanding asynchronous operations (at most ${state.settings.maxOutstandingOperations}). Wait for some to complete and retry.`,
      );
    }
  };

  const startAssignment = (kind: "create" | "delete", input: Record<string, unknown>): AssignmentOperation => {
    instanceArn(state, input);
    const TargetId = requireString(input, "TargetId", invalid, { pattern: ACCOUNT_ID });
    const TargetType = requireEnum(input, "TargetType", ["AWS_ACCOUNT"] as const, invalid);
    const PermissionSetArn = requireString(input, "PermissionSetArn", invalid, { min: 10, max: 1224, pattern: PERMISSION_SET_ARN });
    const PrincipalType = requireEnum(input, "PrincipalType", ["USER", "GROUP"] as const, invalid);
    const PrincipalId = requireString(input, "PrincipalId", invalid, { min: 1, max: 47, pattern: PRINCIPAL_ID });
    admitAsyncWrite();
    const now = Date.now();
    const op: AssignmentOperation = {
      kind,
      RequestId: crypto.randomUUID(),
      Status: "IN_PROGRESS",
      TargetId,
      TargetType,
      PermissionSetArn,
      PrincipalType,
      PrincipalId,
      CreatedDate: new Date(now),
      settlesAt: now + state.settings.operationDelayMs,
    };
    state.assignmentOperations.push(op);
    return op;
  };

  const findAssignmentOperation = (kind: "create" | "delete", input: Record<string, unknown>, field: string) => {
    instanceArn(state, input);
    const id = requireString(input, field, invalid, { pattern: REQUEST_ID });
    const op = state.assignmentOperations.find((o) => o.kind === kind && o.RequestId === id);
    if (!op) throw notFound(`Could not find request with id ${id}`);
    return op;
  };

  const listAssignmentOperations = (kind: "create" | "delete", input: Record<string, unknown>) => {
    instanceArn(state, input);
    const status = statusFilter(input);
    const ops = state.assignmentOperations.filter((o) => o.kind === kind && (!status || o.Status === status));
    return paginate(ops, input, PAGE, `ListAccountAssignment${kind}Status`, invalid);
  };

  return {
    CreateAccountAssignment: (input) => ({ AccountAssignmentCreationStatus: assignmentStatus(startAssignment("create", input)) }),
    DeleteAccountAssignment: (input) => ({ AccountAssignmentDeletionStatus: assignmentStatus(startAssignment("delete", input)) }),
    DescribeAccountAssignmentCreationStatus: (input) => ({
      AccountAssignmentCreationStatus: assignmentStatus(findAssignmentOperation("create", input, "AccountAssignmentCreationRequestId")),
    }),
    DescribeAccountAssignmentDeletionStatus: (input) => ({
      AccountAssignmentDeletionStatus: assignmentStatus(findAssignmentOperation("delete", input, "AccountAssignmentDeletionRequestId")),
    }),
    ListAccountAssignmentCreationStatus: (input) => {
      const { page, NextToken } = listAssignmentOperations("create", input);
      return { AccountAssignmentsCreationStatus: page.map(({ Status, RequestId, CreatedDate }) => ({ Status, RequestId, CreatedDate })), NextToken };
    },
    ListAccountAssignmentDeletionStatus: (input) => {
      const { page, NextToken } = listAssignmentOperations("delete", input);
      return { AccountAssignmentsDeletionStatus: page.map(({ Status, RequestId, CreatedDate }) => ({ Status, RequestId, CreatedDate })), NextToken };
    },

    ListAccountAssignments: (input) => {
      const ps = permissionSet(state, input);
      const accountId = requireString(input, "AccountId", invalid, { pattern: ACCOUNT_ID });
      const rows = state.assignments.filter((a) => a.AccountId === accountId && a.PermissionSetArn === ps.PermissionSetArn);
      const { page, NextToken } = paginate(rows, input, PAGE, `ListAccountAssignments:${accountId}:${ps.PermissionSetArn}`, invalid);
      return { AccountAssignments: page, NextToken };
    },
    ListAccountAssignmentsForPrincipal: (input) => {
      instanceArn(state, input);
      const principalType: PrincipalType = requireEnum(input, "PrincipalType", ["USER", "GROUP"] as const, invalid);
      const principalId = requireString(input, "PrincipalId", invalid, { min: 1, max: 47, pattern: PRINCIPAL_ID });
      const filter = asRecord(input.Filter);
      const accountId = filter ? optionalString(filter, "AccountId", invalid, { pattern: ACCOUNT_ID }) : undefined;
      const rows = state.assignments
        .filter((a) => a.PrincipalType === principalType && a.PrincipalId === principalId && (!accountId || a.AccountId === accountId))
        .map(({ AccountId, PermissionSetArn, PrincipalId, PrincipalType }) => ({ AccountId, PermissionSetArn, PrincipalId, PrincipalType }));
      const { page, NextToken } = paginate(rows, input, PAGE, `ListAccountAssignmentsForPrincipal:${principalType}:${principalId}`, invalid);
      return { AccountAssignments: page, NextToken };
    },

    ProvisionPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const targetType = requireEnum(input, "TargetType", ["AWS_ACCOUNT", "ALL_PROVISIONED_ACCOUNTS"] as const, invalid);
      const targetId = optionalString(input, "TargetId", invalid, { pattern: ACCOUNT_ID });
      if (targetType === "AWS_ACCOUNT" && !targetId) throw invalid("TargetId is required when TargetType is AWS_ACCOUNT.");
      admitAsyncWrite();
      const now = Date.now();
      const op: ProvisioningOperation = {
        RequestId: crypto.randomUUID(),
        Status: "IN_PROGRESS",
        AccountId: targetType === "AWS_ACCOUNT" ? targetId : undefined,
        PermissionSetArn: ps.PermissionSetArn,
        CreatedDate: new Date(now),
        targetType,
        settlesAt: now + state.settings.operationDelayMs,
      };
      state.provisioningOperations.push(op);
      return { PermissionSetProvisioningStatus: provisioningStatus(op) };
    },
    DescribePermissionSetProvisioningStatus: (input) => {
      instanceArn(state, input);
      const id = requireString(input, "ProvisionPermissionSetRequestId", invalid, { pattern: REQUEST_ID });
      const op = state.provisioningOperations.find((o) => o.RequestId === id);
      if (!op) throw notFound(`Could not find request with id ${id}`);
      return { PermissionSetProvisioningStatus: provisioningStatus(op) };
    },
    ListPermissionSetProvisioningStatus: (input) => {
      instanceArn(state, input);
      const status = statusFilter(input);
      const ops = state.provisioningOperations.filter((o) => !status || o.Status === status);
      const { page, NextToken } = paginate(ops, input, PAGE, "ListPermissionSetProvisioningStatus", invalid);
      return { PermissionSetsProvisioningStatus: page.map(({ Status, RequestId, CreatedDate }) => ({ Status, RequestId, CreatedDate })), NextToken };
    },

    ListAccountsForProvisionedPermissionSet: (input) => {
      const ps = permissionSet(state, input);
      const wanted = optionalEnum(input, "ProvisioningStatus", PROVISIONING_STATUSES, invalid);
      const accounts = [...(state.provisioned.get(ps.PermissionSetArn) ?? new Map<string, number>()).entries()]
        .filter(([, v]) => wanted === undefined || (wanted === "LATEST_PERMISSION_SET_PROVISIONED") === (v === ps.version))
        .map(([id]) => id)
        .sort();
      const { page, NextToken } = paginate(accounts, input, PAGE, `ListAccountsForProvisionedPermissionSet:${ps.PermissionSetArn}`, invalid);
      return { AccountIds: page, NextToken };
    },
    ListPermissionSetsProvisionedToAccount: (input) => {
      instanceArn(state, input);
      const accountId = requireString(input, "AccountId", invalid, { pattern: ACCOUNT_ID });
      const wanted = optionalEnum(input, "ProvisioningStatus", PROVISIONING_STATUSES, invalid);
      const arns: string[] = [];
      for (const [arn, accounts] of state.provisioned) {
        const at = accounts.get(accountId);
        if (at === undefined) continue;
        const latest = at === state.permissionSets.get(arn)?.version;
        if (wanted === undefined || (wanted === "LATEST_PERMISSION_SET_PROVISIONED") === latest) arns.push(arn);
      }
      const { page, NextToken } = paginate(arns, input, PAGE, `ListPermissionSetsProvisionedToAccount:${accountId}`, invalid);
      return { PermissionSets: page, NextToken };
    },
  };
}
