import {
  CreateAccountAssignmentCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  paginateListAccountAssignmentCreationStatus,
  paginateListAccountAssignmentDeletionStatus,
  paginateListAccountAssignments,
  paginateListAccountAssignmentsForPrincipal,
  paginateListPermissionSetsProvisionedToAccount,
} from "@aws-sdk/client-sso-admin";
import type { IdentityCenter } from "./identity-center";
import { awsError, awsWriteError } from "./aws-errors";
import { asyncRequest, type AsyncRequest } from "./async-request";
import { accountsWithPermissionSet, permissionSetArns } from "./permission-sets";

// Account assignments (sso-admin): a user or group gets a permission set in an account. AWS creates
// and deletes them in the background; each call returns a request to follow.

export type PrincipalType = "USER" | "GROUP";
export type AssignmentKey = { accountId: string; permissionSetArn: string; principalType: PrincipalType; principalId: string };

const assignmentInput = (k: AssignmentKey, t: IdentityCenter) => ({
  InstanceArn: t.instanceArn,
  TargetId: k.accountId,
  TargetType: "AWS_ACCOUNT" as const,
  PermissionSetArn: k.permissionSetArn,
  PrincipalType: k.principalType,
  PrincipalId: k.principalId,
});

export async function createAccountAssignment(t: IdentityCenter, k: AssignmentKey): Promise<AsyncRequest> {
  try {
    const { AccountAssignmentCreationStatus: s } = await t.clients.ssoAdminWrites.send(new CreateAccountAssignmentCommand(assignmentInput(k, t)));
    return asyncRequest(s);
  } catch (e) {
    throw awsWriteError(e, `assign the permission set in account ${k.accountId}`);
  }
}

export async function deleteAccountAssignment(t: IdentityCenter, k: AssignmentKey): Promise<AsyncRequest> {
  try {
    const { AccountAssignmentDeletionStatus: s } = await t.clients.ssoAdminWrites.send(new DeleteAccountAssignmentCommand(assignmentInput(k, t)));
    return asyncRequest(s);
  } catch (e) {
    throw awsWriteError(e, `remove the assignment in account ${k.accountId}`);
  }
}

export async function assignmentCreationStatus(t: IdentityCenter, requestId: string): Promise<AsyncRequest> {
  try {
    const { AccountAssignmentCreationStatus: s } = await t.clients.ssoAdmin.send(
      new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: t.instanceArn, AccountAssignmentCreationRequestId: requestId }),
    );
    return asyncRequest(s);
  } catch (e) {
    throw awsError(e, "read the progress of an account assignment");
  }
}

export async function assignmentDeletionStatus(t: IdentityCenter, requestId: string): Promise<AsyncRequest> {
  try {
    const { AccountAssignmentDeletionStatus: s } = await t.clients.ssoAdmin.send(
      new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: t.instanceArn, AccountAssignmentDeletionRequestId: requestId }),
    );
    return asyncRequest(s);
  } catch (e) {
    throw awsError(e, "read the progress of an assignment's removal");
  }
}

/** Every assignment in one account: each permission set provisioned there, and who has it. */
export async function assignmentsInAccount(t: IdentityCenter, accountId: string): Promise<AssignmentKey[]> {
  const found: AssignmentKey[] = [];
  try {
    const sets: string[] = [];
    for await (const page of paginateListPermissionSetsProvisionedToAccount(
      { client: t.clients.ssoAdmin },
      { InstanceArn: t.instanceArn, AccountId: accountId },
    ))
      sets.push(...(page.PermissionSets ?? []));
    for (const permissionSetArn of sets) {
      for await (const page of paginateListAccountAssignments(
        { client: t.clients.ssoAdmin },
        { InstanceArn: t.instanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
      )) {
        for (const a of page.AccountAssignments ?? []) {
          if (a.PrincipalId && (a.PrincipalType === "USER" || a.PrincipalType === "GROUP"))
            found.push({ accountId, permissionSetArn, principalType: a.PrincipalType, principalId: a.PrincipalId });
        }
      }
    }
  } catch (e) {
    throw awsError(e, `list the assignments in account ${accountId}`);
  }
  return found;
}

/**
 * Every assignment in the instance, whichever principal it names (one the identity store no longer
 * has included): each permission set, the accounts it is provisioned to, and who holds it in each.
 * Pages are the largest the API allows (100).
 */
export async function allAccountAssignments(t: IdentityCenter, onObjects: (count: number) => void): Promise<AssignmentKey[]> {
  const found: AssignmentKey[] = [];
  const InstanceArn = t.instanceArn;
  for (const permissionSetArn of await permissionSetArns(t)) {
    for (const accountId of await accountsWithPermissionSet(t, permissionSetArn)) {
      try {
        for await (const page of paginateListAccountAssignments(
          { client: t.clients.ssoAdmin, pageSize: 100 },
          { InstanceArn, AccountId: accountId, PermissionSetArn: permissionSetArn },
        )) {
          for (const a of page.AccountAssignments ?? [])
            if (a.PrincipalId && (a.PrincipalType === "USER" || a.PrincipalType === "GROUP"))
              found.push({ accountId, permissionSetArn, principalType: a.PrincipalType, principalId: a.PrincipalId });
          onObjects(page.AccountAssignments?.length ?? 0);
        }
      } catch (e) {
        throw awsError(e, `list the assignments in account ${accountId}`);
      }
    }
  }
  return found;
}

/** Every assignment made to one user or group directly (not through its groups). */
export async function assignmentsOfPrincipal(t: IdentityCenter, principalType: PrincipalType, principalId: string): Promise<AssignmentKey[]> {
  const found: AssignmentKey[] = [];
  try {
    for await (const page of paginateListAccountAssignmentsForPrincipal(
      { client: t.clients.ssoAdmin },
      { InstanceArn: t.instanceArn, PrincipalType: principalType, PrincipalId: principalId },
    )) {
      for (const a of page.AccountAssignments ?? [])
        if (a.AccountId && a.PermissionSetArn) found.push({ accountId: a.AccountId, permissionSetArn: a.PermissionSetArn, principalType, principalId });
    }
  } catch (e) {
    throw awsError(e, "list a principal's account assignments");
  }
  return found;
}

/** Whether the user or group holds the permission set in the account now. */
export async function assignmentExists(t: IdentityCenter, k: AssignmentKey): Promise<boolean> {
  try {
    for await (const page of paginateListAccountAssignments(
      { client: t.clients.ssoAdmin },
      { InstanceArn: t.instanceArn, AccountId: k.accountId, PermissionSetArn: k.permissionSetArn },
    )) {
      if ((page.AccountAssignments ?? []).some((a) => a.PrincipalType === k.principalType && a.PrincipalId === k.principalId)) return true;
    }
    return false;
  } catch (e) {
    throw awsError(e, `list the assignments of the permission set in account ${k.accountId}`);
  }
}

// AWS allows only a few outstanding requests at once, so those in progress are few; described at most this many.
const PENDING_LOOKUP_LIMIT = 25;

/** A creation or deletion of this assignment that AWS is still working on, begun at or after `since`; null when there is none. */
export async function pendingAssignmentRequest(t: IdentityCenter, kind: "create" | "delete", k: AssignmentKey, since: Date): Promise<AsyncRequest | null> {
  const doing = `list the ${kind === "create" ? "assignments" : "removals"} AWS is working on`;
  const ids: string[] = [];
  try {
    for await (const statuses of requestsInProgress(t, kind)) {
      for (const s of statuses) if (s.RequestId && (!s.CreatedDate || s.CreatedDate >= since)) ids.push(s.RequestId);
      if (ids.length >= PENDING_LOOKUP_LIMIT) break;
    }
  } catch (e) {
    throw awsError(e, doing);
  }
  for (const requestId of ids.slice(0, PENDING_LOOKUP_LIMIT)) {
    let s;
    try {
      s =
        kind === "create"
          ? (
              await t.clients.ssoAdmin.send(
                new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: t.instanceArn, AccountAssignmentCreationRequestId: requestId }),
              )
            ).AccountAssignmentCreationStatus
          : (
              await t.clients.ssoAdmin.send(
                new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: t.instanceArn, AccountAssignmentDeletionRequestId: requestId }),
              )
            ).AccountAssignmentDeletionStatus;
    } catch (e) {
      throw awsError(e, doing);
    }
    if (s?.TargetId === k.accountId && s.PermissionSetArn === k.permissionSetArn && s.PrincipalType === k.principalType && s.PrincipalId === k.principalId)
      return asyncRequest(s);
  }
  return null;
}

async function* requestsInProgress(t: IdentityCenter, kind: "create" | "delete"): AsyncGenerator<{ RequestId?: string; CreatedDate?: Date }[]> {
  const input = { InstanceArn: t.instanceArn, Filter: { Status: "IN_PROGRESS" as const } };
  if (kind === "create") {
    for await (const page of paginateListAccountAssignmentCreationStatus({ client: t.clients.ssoAdmin }, input))
      yield page.AccountAssignmentsCreationStatus ?? [];
  } else {
    for await (const page of paginateListAccountAssignmentDeletionStatus({ client: t.clients.ssoAdmin }, input))
      yield page.AccountAssignmentsDeletionStatus ?? [];
  }
}
