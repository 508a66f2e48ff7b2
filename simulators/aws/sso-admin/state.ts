import crypto from "node:crypto";
import type { AwsWorld } from "../world";

// What sso-admin owns in the world: permission sets, account assignments, which permission set
// version each account has been provisioned with, and the asynchronous operations in flight.

export type CustomerManagedPolicyReference = { Name: string; Path: string };
export type PermissionsBoundary = { CustomerManagedPolicyReference?: CustomerManagedPolicyReference; ManagedPolicyArn?: string };

export type PermissionSetRecord = {
  Name: string;
  PermissionSetArn: string;
  Description?: string;
  CreatedDate: Date;
  SessionDuration: string;
  RelayState?: string;
  managedPolicies: string[];
  customerManagedPolicies: CustomerManagedPolicyReference[];
  inlinePolicy?: string;
  permissionsBoundary?: PermissionsBoundary;
  /** bumped by every change to the permission set; provisioning records the version it pushed */
  version: number;
};

export type PrincipalType = "USER" | "GROUP";
export type AccountAssignment = { AccountId: string; PermissionSetArn: string; PrincipalType: PrincipalType; PrincipalId: string };
export type OperationStatus = "IN_PROGRESS" | "FAILED" | "SUCCEEDED";

export type AssignmentOperation = {
  kind: "create" | "delete";
  RequestId: string;
  Status: OperationStatus;
  FailureReason?: string;
  TargetId: string;
  TargetType: "AWS_ACCOUNT";
  PermissionSetArn: string;
  PrincipalType: PrincipalType;
  PrincipalId: string;
  CreatedDate: Date;
  settlesAt: number;
};

export type ProvisioningOperation = {
  RequestId: string;
  Status: OperationStatus;
  AccountId?: string;
  PermissionSetArn: string;
  FailureReason?: string;
  CreatedDate: Date;
  targetType: "AWS_ACCOUNT" | "ALL_PROVISIONED_ACCOUNTS";
  settlesAt: number;
};

export type SsoAdminSettings = {
  /** how long an asynchronous operation stays IN_PROGRESS */
  operationDelayMs: number;
  /** how many asynchronous write operations may be in progress at once */
  maxOutstandingOperations: number;
};

export class SsoAdminState {
  readonly permissionSets = new Map<string, PermissionSetRecord>();
  readonly assignments: AccountAssignment[] = [];
  /** permission set ARN → account id → permission set version last provisioned there */
  readonly provisioned = new Map<string, Map<string, number>>();
  readonly assignmentOperations: AssignmentOperation[] = [];
  readonly provisioningOperations: ProvisioningOperation[] = [];

  constructor(
    readonly world: AwsWorld,
    readonly settings: SsoAdminSettings,
  ) {}

  newPermissionSetArn(): string {
    const instanceId = this.world.instance.InstanceArn.split("/").pop();
    return `arn:aws:sso:::permissionSet/${instanceId}/ps-${crypto.randomBytes(8).toString("hex")}`;
  }

  outstanding(): number {
    return (
      this.assignmentOperations.filter((o) => o.Status === "IN_PROGRESS").length + this.provisioningOperations.filter((o) => o.Status === "IN_PROGRESS").length
    );
  }

  provisionedAccounts(permissionSetArn: string): Map<string, number> {
    let m = this.provisioned.get(permissionSetArn);
    if (!m) this.provisioned.set(permissionSetArn, (m = new Map<string, number>()));
    return m;
  }

  /** Completes, in the order they were started, every operation whose time has come. */
  settle(now = Date.now()): void {
    const due = [
      ...this.assignmentOperations
        .filter((o) => o.Status === "IN_PROGRESS" && o.settlesAt <= now)
        .map((o) => ({ at: o.settlesAt, run: () => this.settleAssignment(o) })),
      ...this.provisioningOperations
        .filter((o) => o.Status === "IN_PROGRESS" && o.settlesAt <= now)
        .map((o) => ({ at: o.settlesAt, run: () => this.settleProvisioning(o) })),
    ].sort((a, b) => a.at - b.at);
    for (const d of due) d.run();
  }

  private fail(op: { Status: OperationStatus; FailureReason?: string }, reason: string): void {
    op.Status = "FAILED";
    op.FailureReason = reason;
  }

  // As in AWS, the request is accepted first and checked while it runs: a principal, account or
  // permission set that does not exist shows up only as a FAILED status with a reason.
  private settleAssignment(op: AssignmentOperation): void {
    const ps = this.permissionSets.get(op.PermissionSetArn);
    if (!ps) return this.fail(op, `Received a 404 status error: Permission set ${op.PermissionSetArn} does not exist.`);
    const index = this.assignments.findIndex(
      (a) =>
        a.AccountId === op.TargetId && a.PermissionSetArn === op.PermissionSetArn && a.PrincipalType === op.PrincipalType && a.PrincipalId === op.PrincipalId,
    );
    if (op.kind === "create") {
      if (!this.world.organization.accounts.has(op.TargetId))
        return this.fail(op, `Received a 404 status error: Account ${op.TargetId} is not a member of the organization.`);
      const store = this.world.identityStore;
      const exists = op.PrincipalType === "USER" ? store.users.has(op.PrincipalId) : store.groups.has(op.PrincipalId);
      if (!exists)
        return this.fail(
          op,
          `Received a 404 status error: ${op.PrincipalType === "USER" ? "User" : "Group"} ${op.PrincipalId} does not exist in the identity store.`,
        );
      if (index < 0)
        this.assignments.push({ AccountId: op.TargetId, PermissionSetArn: op.PermissionSetArn, PrincipalType: op.PrincipalType, PrincipalId: op.PrincipalId });
      const accounts = this.provisionedAccounts(op.PermissionSetArn);
      if (!accounts.has(op.TargetId)) accounts.set(op.TargetId, ps.version);
    } else {
      if (index >= 0) this.assignments.splice(index, 1);
      // The role IAM Identity Center created in the account goes away with the last assignment using it.
      if (!this.assignments.some((a) => a.AccountId === op.TargetId && a.PermissionSetArn === op.PermissionSetArn))
        this.provisioned.get(op.PermissionSetArn)?.delete(op.TargetId);
    }
    op.Status = "SUCCEEDED";
  }

  private settleProvisioning(op: ProvisioningOperation): void {
    const ps = this.permissionSets.get(op.PermissionSetArn);
    if (!ps) return this.fail(op, `Permission set ${op.PermissionSetArn} does not exist.`);
    const accounts = this.provisionedAccounts(op.PermissionSetArn);
    if (op.targetType === "AWS_ACCOUNT" && op.AccountId) {
      if (!this.world.organization.accounts.has(op.AccountId)) return this.fail(op, `Account ${op.AccountId} is not a member of the organization.`);
      accounts.set(op.AccountId, ps.version);
    } else {
      for (const id of accounts.keys()) accounts.set(id, ps.version);
    }
    op.Status = "SUCCEEDED";
  }
}

export function ssoAdminState(world: AwsWorld, settings: SsoAdminSettings): SsoAdminState {
  const existing = world.ssoAdmin.state;
  if (existing instanceof SsoAdminState) {
    Object.assign(existing.settings, settings);
    return existing;
  }
  const state = new SsoAdminState(world, { ...settings });
  world.ssoAdmin.state = state;
  return state;
}
