import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreatePermissionSetCommand,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeletePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DetachCustomerManagedPolicyReferenceFromPermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListPermissionSetsCommand,
  paginateListAccountAssignments,
  paginateListAccountsForProvisionedPermissionSet,
  paginateListCustomerManagedPolicyReferencesInPermissionSet,
  paginateListManagedPoliciesInPermissionSet,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  UpdatePermissionSetCommand,
  type PermissionSet as SdkPermissionSet,
} from "@aws-sdk/client-sso-admin";
import type { IdentityCenter } from "./identity-center";
import { AppError } from "../errors";
import { errorFields, log } from "../log";
import { asyncRequest, type AsyncRequest } from "./async-request";
import { awsError, awsWriteError, UncertainWrite } from "./aws-errors";
import { findLostCreate } from "./permission-set-lookup";

// Permission sets in IAM Identity Center (sso-admin): what each grants, and the calls that change
// it. A permission set is several AWS resources (the set, its policies, inline policy, boundary),
// so a change is a sequence of calls; each function says which call failed.

export type PolicyReference = { name: string; path: string };
export type PermissionsBoundary = { managedPolicyArn: string } | { customerManagedPolicy: PolicyReference };

export type PermissionSetDefinition = {
  name: string;
  description: string | null;
  /** ISO 8601 duration, PT1H to PT12H */
  sessionDuration: string;
  relayState: string | null;
  managedPolicyArns: string[];
  customerManagedPolicies: PolicyReference[];
  /** the policy document as JSON text */
  inlinePolicy: string | null;
  permissionsBoundary: PermissionsBoundary | null;
};

export type PermissionSetSummary = {
  arn: string;
  name: string;
  description: string | null;
  sessionDuration: string;
  relayState: string | null;
  createdAt: Date | null;
};
export type PermissionSet = PermissionSetSummary & PermissionSetDefinition;

// IAM Identity Center allows about 20 requests a second across its APIs: describe a few at a time.
const DESCRIBE_CONCURRENCY = 4;

export async function listPermissionSets(t: IdentityCenter): Promise<PermissionSetSummary[]> {
  const arns = await permissionSetArns(t);
  const summaries = await mapLimited(arns, DESCRIBE_CONCURRENCY, (arn) => describe(t, arn));
  return summaries.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The instance's permission set ARNs. `beforeNextPage` runs before each request after the first:
 * a reader spends its budget there, and an AppError it throws ends the listing.
 */
export async function permissionSetArns(t: IdentityCenter, beforeNextPage: () => Promise<void> = () => Promise.resolve()): Promise<string[]> {
  const arns: string[] = [];
  let token: string | undefined;
  try {
    do {
      if (token) await beforeNextPage();
      const page = await t.clients.ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn: t.instanceArn, NextToken: token, MaxResults: 100 }));
      arns.push(...(page.PermissionSets ?? []));
      token = page.NextToken;
    } while (token);
  } catch (e) {
    throw awsError(e, "list the permission sets (sso:ListPermissionSets)");
  }
  return arns;
}

/** One set's name, description and session, without its policies: one request. */
export function describePermissionSet(t: IdentityCenter, arn: string): Promise<PermissionSetSummary> {
  return describe(t, arn);
}

export async function readPermissionSet(t: IdentityCenter, arn: string): Promise<PermissionSet> {
  const summary = await describe(t, arn);
  // Each request gets a copy: a paginator writes its page token into the input it is given.
  const ids = { InstanceArn: t.instanceArn, PermissionSetArn: arn };
  try {
    const managedPolicyArns: string[] = [];
    for await (const page of paginateListManagedPoliciesInPermissionSet({ client: t.clients.ssoAdmin }, { ...ids }))
      managedPolicyArns.push(...(page.AttachedManagedPolicies ?? []).map((p) => p.Arn ?? "").filter(Boolean));
    const customerManagedPolicies: PolicyReference[] = [];
    for await (const page of paginateListCustomerManagedPolicyReferencesInPermissionSet({ client: t.clients.ssoAdmin }, { ...ids })) {
      customerManagedPolicies.push(...(page.CustomerManagedPolicyReferences ?? []).map((r) => ({ name: r.Name ?? "", path: r.Path ?? "/" })));
    }
    const inline = await t.clients.ssoAdmin.send(new GetInlinePolicyForPermissionSetCommand(ids));
    return { ...summary, managedPolicyArns, customerManagedPolicies, inlinePolicy: inline.InlinePolicy || null, permissionsBoundary: await boundaryOf(t, arn) };
  } catch (e) {
    throw awsError(e, `read the policies of the permission set ${summary.name}`);
  }
}

async function boundaryOf(t: IdentityCenter, arn: string): Promise<PermissionsBoundary | null> {
  try {
    const { PermissionsBoundary: b } = await t.clients.ssoAdmin.send(
      new GetPermissionsBoundaryForPermissionSetCommand({ InstanceArn: t.instanceArn, PermissionSetArn: arn }),
    );
    if (b?.ManagedPolicyArn) return { managedPolicyArn: b.ManagedPolicyArn };
    if (b?.CustomerManagedPolicyReference?.Name)
      return { customerManagedPolicy: { name: b.CustomerManagedPolicyReference.Name, path: b.CustomerManagedPolicyReference.Path ?? "/" } };
    return null;
  } catch (e) {
    // AWS answers "not found" when the set has no boundary.
    if ((e as Error).name === "ResourceNotFoundException") return null;
    throw e;
  }
}

async function describe(t: IdentityCenter, arn: string): Promise<PermissionSetSummary> {
  try {
    const { PermissionSet: ps } = await t.clients.ssoAdmin.send(new DescribePermissionSetCommand({ InstanceArn: t.instanceArn, PermissionSetArn: arn }));
    return summaryOf(ps, arn);
  } catch (e) {
    throw awsError(e, "describe a permission set (sso:DescribePermissionSet)");
  }
}

function summaryOf(ps: SdkPermissionSet | undefined, arn: string): PermissionSetSummary {
  if (!ps?.Name) throw new AppError("CloudRejected", `AWS described the permission set ${arn} without a name.`);
  return {
    arn: ps.PermissionSetArn ?? arn,
    name: ps.Name,
    description: ps.Description ?? null,
    sessionDuration: ps.SessionDuration ?? "PT1H",
    relayState: ps.RelayState ?? null,
    createdAt: ps.CreatedDate ?? null,
  };
}

/**
 * A change AWS accepted: the set as AWS now has it or, when it could not be read back, as it was
 * sent, with the sentence that says so. Either way the change happened.
 */
export type SavedPermissionSet = {
  permissionSet: PermissionSet;
  unreadable: string | null;
  /** set when AWS's answer to the create was lost and SSO Bridge found the set it had made */
  answerLost: string | null;
};

/**
 * Creates the set, then attaches what it grants. When an attachment fails the new set is deleted
 * again, so a failed create leaves nothing behind; if even that fails, the error says so.
 */
export async function createPermissionSet(t: IdentityCenter, def: PermissionSetDefinition): Promise<SavedPermissionSet> {
  const attempted = new Date();
  let created: { arn: string | undefined; createdAt: Date | null };
  let answerLost: string | null = null;
  try {
    const { PermissionSet: ps } = await t.clients.ssoAdminWrites.send(
      new CreatePermissionSetCommand({
        InstanceArn: t.instanceArn,
        Name: def.name,
        Description: def.description ?? undefined,
        SessionDuration: def.sessionDuration,
        RelayState: def.relayState ?? undefined,
      }),
    );
    created = { arn: ps?.PermissionSetArn, createdAt: ps?.CreatedDate ?? null };
  } catch (e) {
    const failure = awsWriteError(e, `create the permission set ${def.name}`);
    if (!(failure instanceof UncertainWrite)) throw failure;
    // The set may exist although the answer was lost: what AWS holds decides, not the error.
    created = await findLostCreate(t, def.name, attempted, failure);
    answerLost = `AWS's answer to the create was lost (${failure.instead}); SSO Bridge found the permission set AWS had created.`;
  }
  const arn = created.arn;
  if (!arn) throw new AppError("CloudRejected", `AWS created the permission set ${def.name} but returned no ARN.`);
  const empty: PermissionSetDefinition = { ...def, managedPolicyArns: [], customerManagedPolicies: [], inlinePolicy: null, permissionsBoundary: null };
  try {
    await applyPolicies(t, arn, empty, def);
  } catch (e) {
    const cause = e instanceof AppError ? e.message : String(e);
    try {
      await t.clients.ssoAdminWrites.send(new DeletePermissionSetCommand({ InstanceArn: t.instanceArn, PermissionSetArn: arn }));
    } catch {
      throw new AppError(
        "CloudRejected",
        `${cause} The permission set ${def.name} was created without it and could not be removed again; delete it or fix it by editing.`,
      );
    }
    throw new AppError(e instanceof AppError ? e.code : "CloudRejected", `${cause} Nothing was created.`);
  }
  return { ...(await readBack(t, { ...def, arn, createdAt: created.createdAt })), answerLost };
}

/** Changes only what differs between the current set and after, in an order that never widens access midway: removals first. */
export async function updatePermissionSet(t: IdentityCenter, current: PermissionSet, after: PermissionSetDefinition): Promise<SavedPermissionSet> {
  const { arn, createdAt, ...before } = current;
  const fieldsChanged = before.description !== after.description || before.sessionDuration !== after.sessionDuration || before.relayState !== after.relayState;
  if (fieldsChanged) {
    try {
      await t.clients.ssoAdminWrites.send(
        new UpdatePermissionSetCommand({
          InstanceArn: t.instanceArn,
          PermissionSetArn: arn,
          Description: after.description ?? undefined,
          SessionDuration: after.sessionDuration,
          RelayState: after.relayState ?? undefined,
        }),
      );
    } catch (e) {
      throw awsError(e, `update the permission set ${after.name}`);
    }
  }
  await applyPolicies(t, arn, before, after);
  return readBack(t, { ...after, arn, createdAt });
}

// Reading a set back after a change is a read: it is asked again, a few times, when AWS throttles
// or fails, waiting longer after throttling. If AWS still does not answer, the change stands and
// the set is reported as it was sent.
const READ_BACK_ATTEMPTS = 3;
const READ_BACK_PAUSE_MS = { throttled: 3_000, other: 1_000 };
const READ_BACK_RETRIED = new Set(["Throttled", "Unavailable", "NotFound"]);

async function readBack(t: IdentityCenter, sent: PermissionSet): Promise<SavedPermissionSet> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { permissionSet: await readPermissionSet(t, sent.arn), unreadable: null, answerLost: null };
    } catch (e) {
      if (!(e instanceof AppError)) log("error", "reading a permission set back after a change failed", { permissionSetArn: sent.arn, ...errorFields(e) });
      const again = e instanceof AppError && READ_BACK_RETRIED.has(e.code) && attempt < READ_BACK_ATTEMPTS;
      if (!again) {
        const reason = e instanceof AppError ? e.message : "An unexpected error occurred; the server log has it.";
        return {
          permissionSet: sent,
          answerLost: null,
          unreadable: `SSO Bridge could not read it back from AWS afterwards, so what is shown is what was sent. ${reason}`,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, e.code === "Throttled" ? READ_BACK_PAUSE_MS.throttled : READ_BACK_PAUSE_MS.other));
    }
  }
}

async function applyPolicies(t: IdentityCenter, arn: string, before: PermissionSetDefinition, after: PermissionSetDefinition): Promise<void> {
  const ids = { InstanceArn: t.instanceArn, PermissionSetArn: arn };
  const writes = t.clients.ssoAdminWrites;
  const key = (r: PolicyReference) => `${r.path}${r.name}`;
  const step = async (doing: string, call: () => Promise<unknown>) => {
    try {
      await call();
    } catch (e) {
      throw awsError(e, `${doing} (permission set ${after.name})`);
    }
  };
  for (const policy of before.managedPolicyArns.filter((p) => !after.managedPolicyArns.includes(p))) {
    await step(`detach the AWS managed policy ${policy}`, () =>
      writes.send(new DetachManagedPolicyFromPermissionSetCommand({ ...ids, ManagedPolicyArn: policy })),
    );
  }
  const afterRefs = new Set(after.customerManagedPolicies.map(key));
  for (const ref of before.customerManagedPolicies.filter((r) => !afterRefs.has(key(r)))) {
    await step(`detach the customer managed policy ${key(ref)}`, () =>
      writes.send(
        new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: ref.name, Path: ref.path } }),
      ),
    );
  }
  if (before.inlinePolicy && !after.inlinePolicy)
    await step("remove the inline policy", () => writes.send(new DeleteInlinePolicyFromPermissionSetCommand(ids)));
  if (before.permissionsBoundary && !after.permissionsBoundary)
    await step("remove the permissions boundary", () => writes.send(new DeletePermissionsBoundaryFromPermissionSetCommand(ids)));

  for (const policy of after.managedPolicyArns.filter((p) => !before.managedPolicyArns.includes(p))) {
    await step(`attach the AWS managed policy ${policy}`, () =>
      writes.send(new AttachManagedPolicyToPermissionSetCommand({ ...ids, ManagedPolicyArn: policy })),
    );
  }
  const beforeRefs = new Set(before.customerManagedPolicies.map(key));
  for (const ref of after.customerManagedPolicies.filter((r) => !beforeRefs.has(key(r)))) {
    await step(`attach the customer managed policy ${key(ref)}`, () =>
      writes.send(
        new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ids, CustomerManagedPolicyReference: { Name: ref.name, Path: ref.path } }),
      ),
    );
  }
  if (after.inlinePolicy && after.inlinePolicy !== before.inlinePolicy) {
    await step("save the inline policy", () => writes.send(new PutInlinePolicyToPermissionSetCommand({ ...ids, InlinePolicy: after.inlinePolicy! })));
  }
  if (after.permissionsBoundary && JSON.stringify(after.permissionsBoundary) !== JSON.stringify(before.permissionsBoundary)) {
    const b = after.permissionsBoundary;
    const boundary =
      "managedPolicyArn" in b
        ? { ManagedPolicyArn: b.managedPolicyArn }
        : { CustomerManagedPolicyReference: { Name: b.customerManagedPolicy.name, Path: b.customerManagedPolicy.path } };
    await step("set the permissions boundary", () => writes.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...ids, PermissionsBoundary: boundary })));
  }
}

export async function deletePermissionSet(t: IdentityCenter, arn: string, name: string): Promise<void> {
  try {
    await t.clients.ssoAdminWrites.send(new DeletePermissionSetCommand({ InstanceArn: t.instanceArn, PermissionSetArn: arn }));
  } catch (e) {
    throw awsError(e, `delete the permission set ${name}`);
  }
}

/** The accounts where the set is provisioned (it backs a role there). */
export async function accountsWithPermissionSet(t: IdentityCenter, arn: string): Promise<string[]> {
  const accounts: string[] = [];
  try {
    for await (const page of paginateListAccountsForProvisionedPermissionSet(
      { client: t.clients.ssoAdmin, pageSize: 100 },
      { InstanceArn: t.instanceArn, PermissionSetArn: arn },
    ))
      accounts.push(...(page.AccountIds ?? []));
  } catch (e) {
    throw awsError(e, "list the accounts a permission set is provisioned to");
  }
  return accounts;
}

/**
 * Where the set is in use: the accounts it is provisioned to, and those of them where someone is
 * assigned it. AWS keeps a set provisioned to an account without assignments (ProvisionPermissionSet
 * to one account does that), so only assignments say that someone can use it.
 */
export async function permissionSetUse(t: IdentityCenter, arn: string): Promise<{ provisioned: string[]; assigned: string[] }> {
  const provisioned = await accountsWithPermissionSet(t, arn);
  const hasAssignment = await mapLimited(provisioned, DESCRIBE_CONCURRENCY, async (accountId) => {
    try {
      // One assignment answers the question; a page may come back empty with more to follow.
      for await (const page of paginateListAccountAssignments(
        { client: t.clients.ssoAdmin, pageSize: 1 },
        { InstanceArn: t.instanceArn, AccountId: accountId, PermissionSetArn: arn },
      ))
        if ((page.AccountAssignments ?? []).length > 0) return true;
      return false;
    } catch (e) {
      throw awsError(e, `list the assignments of a permission set in account ${accountId}`);
    }
  });
  return { provisioned, assigned: provisioned.filter((_, i) => hasAssignment[i]) };
}

/** Pushes the set's current version to every account it is provisioned to; AWS works on it in the background. */
export async function reprovisionPermissionSet(t: IdentityCenter, arn: string, name: string): Promise<AsyncRequest> {
  try {
    const { PermissionSetProvisioningStatus: s } = await t.clients.ssoAdminWrites.send(
      new ProvisionPermissionSetCommand({ InstanceArn: t.instanceArn, PermissionSetArn: arn, TargetType: "ALL_PROVISIONED_ACCOUNTS" }),
    );
    return asyncRequest(s);
  } catch (e) {
    throw awsError(e, `provision the permission set ${name} to its accounts`);
  }
}

export async function permissionSetProvisioningStatus(t: IdentityCenter, requestId: string): Promise<AsyncRequest> {
  try {
    const { PermissionSetProvisioningStatus: s } = await t.clients.ssoAdmin.send(
      new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: t.instanceArn, ProvisionPermissionSetRequestId: requestId }),
    );
    return asyncRequest(s);
  } catch (e) {
    throw awsError(e, "read the progress of a permission set's provisioning");
  }
}

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Names for the given sets, described a few at a time; a set deleted meanwhile is named by its id. */
export async function permissionSetNames(t: IdentityCenter, arns: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(arns)];
  const names = await mapLimited(unique, DESCRIBE_CONCURRENCY, async (arn) => {
    try {
      return (await describe(t, arn)).name;
    } catch (e) {
      if (e instanceof AppError && e.code === "NotFound") return `deleted set ${arn.split("/").at(-1)}`;
      throw e;
    }
  });
  return new Map(unique.map((arn, i) => [arn, names[i]!]));
}
