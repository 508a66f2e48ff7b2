import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  ConflictException,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeletePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeInstanceCommand,
  DescribePermissionSetCommand,
  DescribePermissionSetProvisioningStatusCommand,
  DetachCustomerManagedPolicyReferenceFromPermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListInstancesCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetProvisioningStatusCommand,
  ListPermissionSetsCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  ResourceNotFoundException,
  SSOAdminClient,
  ThrottlingException,
  UpdatePermissionSetCommand,
  ValidationException,
  paginateListPermissionSets,
  type AccountAssignmentOperationStatus,
} from "@aws-sdk/client-sso-admin";
import { startTestAws, type TestAws } from "../json-protocol/testing";
import { seedOrganization } from "../organizations/seed";
import { SsoAdminState } from "./state";

const DELAY_MS = 60;
let aws: TestAws;
let client: SSOAdminClient;
let InstanceArn: string;
let accountId: string;
let userId: string;
let groupId: string;

beforeAll(async () => {
  aws = await startTestAws({ ssoAdmin: { operationDelayMs: DELAY_MS } });
  client = new SSOAdminClient(aws.clientConfig());
  InstanceArn = aws.world.instance.InstanceArn;
  accountId = seedOrganization(aws.world, { accounts: 3, organizationalUnits: ["Workloads"], seed: 11 }).accounts[0]!.Id;
  userId = aws.world.identityStore.createUser({ UserName: "ops.user" }).UserId;
  groupId = aws.world.identityStore.createGroup({ DisplayName: "AWS-Operators" }).GroupId;
});

afterAll(async () => {
  client.destroy();
  await aws.server.close();
});

async function createPermissionSet(Name: string, extra: { SessionDuration?: string; Description?: string } = {}): Promise<string> {
  const out = await client.send(new CreatePermissionSetCommand({ InstanceArn, Name, ...extra }));
  return out.PermissionSet!.PermissionSetArn!;
}

/** Polls like a careful client: until the operation leaves IN_PROGRESS. */
async function settled(describe: () => Promise<AccountAssignmentOperationStatus | undefined>): Promise<AccountAssignmentOperationStatus> {
  for (let i = 0; i < 50; i++) {
    const s = await describe();
    if (s && s.Status !== "IN_PROGRESS") return s;
    await new Promise((r) => setTimeout(r, DELAY_MS / 2));
  }
  throw new Error("operation never settled");
}

const state = () => aws.world.ssoAdmin.state as SsoAdminState;

const creation = (RequestId: string) => () =>
  client
    .send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: RequestId }))
    .then((o) => o.AccountAssignmentCreationStatus);

describe("instances", () => {
  it("lists and describes the instance", async () => {
    const { Instances } = await client.send(new ListInstancesCommand({}));
    expect(Instances).toEqual([expect.objectContaining({ InstanceArn, IdentityStoreId: aws.world.instance.IdentityStoreId, Status: "ACTIVE" })]);
    expect(await client.send(new DescribeInstanceCommand({ InstanceArn }))).toMatchObject({ InstanceArn, OwnerAccountId: "111122223333" });
    expect(Instances![0]!.CreatedDate).toBeInstanceOf(Date);
  });
});

describe("permission sets", () => {
  it("creates, describes, updates, lists and deletes", async () => {
    const arn = await createPermissionSet("ReadOnly", { SessionDuration: "PT8H", Description: "read only" });
    expect(arn).toMatch(/^arn:aws:sso:::permissionSet\/ssoins-[0-9a-f]{16}\/ps-[0-9a-f]{16}$/);
    const { PermissionSet } = await client.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: arn }));
    expect(PermissionSet).toMatchObject({ Name: "ReadOnly", SessionDuration: "PT8H", Description: "read only" });
    await client.send(
      new UpdatePermissionSetCommand({ InstanceArn, PermissionSetArn: arn, SessionDuration: "PT2H", RelayState: "https://console.aws.amazon.com/" }),
    );
    expect((await client.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: arn }))).PermissionSet).toMatchObject({
      SessionDuration: "PT2H",
      RelayState: "https://console.aws.amazon.com/",
    });
    await client.send(new DeletePermissionSetCommand({ InstanceArn, PermissionSetArn: arn }));
    await expect(client.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: arn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("validates names, session durations and duplicates", async () => {
    await createPermissionSet("Admin");
    await expect(createPermissionSet("Admin")).rejects.toBeInstanceOf(ConflictException);
    await expect(createPermissionSet("has space")).rejects.toBeInstanceOf(ValidationException);
    await expect(createPermissionSet("x".repeat(33))).rejects.toBeInstanceOf(ValidationException);
    await expect(createPermissionSet("TooLong", { SessionDuration: "PT13H" })).rejects.toBeInstanceOf(ValidationException);
    await expect(createPermissionSet("TooShort", { SessionDuration: "PT30M" })).rejects.toBeInstanceOf(ValidationException);
    await expect(createPermissionSet("NotIso", { SessionDuration: "8 hours" })).rejects.toBeInstanceOf(ValidationException);
    await expect(
      client.send(new CreatePermissionSetCommand({ InstanceArn: "arn:aws:sso:::instance/ssoins-0000000000000000", Name: "X" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("pages through permission sets", async () => {
    for (let i = 0; i < 7; i++) await createPermissionSet(`Paged${i}`);
    const arns: string[] = [];
    for await (const page of paginateListPermissionSets({ client, pageSize: 3 }, { InstanceArn })) arns.push(...page.PermissionSets!);
    expect(arns.sort()).toEqual([...state().permissionSets.keys()].sort());
    expect(arns.length).toBeGreaterThanOrEqual(8);
    await expect(client.send(new ListPermissionSetsCommand({ InstanceArn, MaxResults: 101 }))).rejects.toBeInstanceOf(ValidationException);
  });

  it("attaches and detaches managed and customer managed policies", async () => {
    const arn = await createPermissionSet("Policies");
    const ps = { InstanceArn, PermissionSetArn: arn };
    await client.send(new AttachManagedPolicyToPermissionSetCommand({ ...ps, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    await expect(
      client.send(new AttachManagedPolicyToPermissionSetCommand({ ...ps, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" })),
    ).rejects.toBeInstanceOf(ConflictException);
    expect((await client.send(new ListManagedPoliciesInPermissionSetCommand(ps))).AttachedManagedPolicies).toEqual([
      { Name: "ReadOnlyAccess", Arn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
    ]);
    await client.send(new DetachManagedPolicyFromPermissionSetCommand({ ...ps, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }));
    expect((await client.send(new ListManagedPoliciesInPermissionSetCommand(ps))).AttachedManagedPolicies).toEqual([]);
    await expect(
      client.send(new DetachManagedPolicyFromPermissionSetCommand({ ...ps, ManagedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);

    await client.send(
      new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ps, CustomerManagedPolicyReference: { Name: "TeamBoundary", Path: "/teams/" } }),
    );
    await client.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...ps, CustomerManagedPolicyReference: { Name: "Plain" } }));
    expect((await client.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand(ps))).CustomerManagedPolicyReferences).toEqual([
      { Name: "TeamBoundary", Path: "/teams/" },
      { Name: "Plain", Path: "/" },
    ]);
    await client.send(
      new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({ ...ps, CustomerManagedPolicyReference: { Name: "Plain", Path: "/" } }),
    );
    expect((await client.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand(ps))).CustomerManagedPolicyReferences).toHaveLength(1);
  });

  it("stores a valid inline policy and a permissions boundary", async () => {
    const ps = { InstanceArn, PermissionSetArn: await createPermissionSet("Inline") };
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:ListAllMyBuckets", Resource: "*" }] });
    await expect(client.send(new PutInlinePolicyToPermissionSetCommand({ ...ps, InlinePolicy: "{not json" }))).rejects.toBeInstanceOf(ValidationException);
    await client.send(new PutInlinePolicyToPermissionSetCommand({ ...ps, InlinePolicy: policy }));
    expect((await client.send(new GetInlinePolicyForPermissionSetCommand(ps))).InlinePolicy).toBe(policy);
    await client.send(new DeleteInlinePolicyFromPermissionSetCommand(ps));
    expect((await client.send(new GetInlinePolicyForPermissionSetCommand(ps))).InlinePolicy).toBeUndefined();

    await expect(client.send(new GetPermissionsBoundaryForPermissionSetCommand(ps))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await client.send(
      new PutPermissionsBoundaryToPermissionSetCommand({ ...ps, PermissionsBoundary: { ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" } }),
    );
    expect((await client.send(new GetPermissionsBoundaryForPermissionSetCommand(ps))).PermissionsBoundary).toEqual({
      ManagedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
    });
    await client.send(new DeletePermissionsBoundaryFromPermissionSetCommand(ps));
    await expect(client.send(new GetPermissionsBoundaryForPermissionSetCommand(ps))).rejects.toBeInstanceOf(ResourceNotFoundException);
  });
});

describe("account assignments", () => {
  it("creates an assignment asynchronously, provisions, and refuses to delete a permission set someone is assigned", async () => {
    const PermissionSetArn = await createPermissionSet("Operators");
    const { AccountAssignmentCreationStatus: started } = await client.send(
      new CreateAccountAssignmentCommand({
        InstanceArn,
        PermissionSetArn,
        TargetId: accountId,
        TargetType: "AWS_ACCOUNT",
        PrincipalType: "GROUP",
        PrincipalId: groupId,
      }),
    );
    expect(started).toMatchObject({ Status: "IN_PROGRESS", TargetId: accountId, PrincipalId: groupId });
    expect(started!.RequestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect((await client.send(new ListAccountAssignmentsCommand({ InstanceArn, PermissionSetArn, AccountId: accountId }))).AccountAssignments).toEqual([]);

    const done = await settled(creation(started!.RequestId!));
    expect(done.Status).toBe("SUCCEEDED");
    expect((await client.send(new ListAccountAssignmentsCommand({ InstanceArn, PermissionSetArn, AccountId: accountId }))).AccountAssignments).toEqual([
      { AccountId: accountId, PermissionSetArn, PrincipalType: "GROUP", PrincipalId: groupId },
    ]);
    expect(
      (await client.send(new ListAccountAssignmentsForPrincipalCommand({ InstanceArn, PrincipalType: "GROUP", PrincipalId: groupId }))).AccountAssignments,
    ).toHaveLength(1);
    expect((await client.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn }))).AccountIds).toEqual([accountId]);
    expect((await client.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn, AccountId: accountId }))).PermissionSets).toContain(
      PermissionSetArn,
    );
    const created = await client.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn, Filter: { Status: "SUCCEEDED" } }));
    expect(created.AccountAssignmentsCreationStatus!.map((s) => s.RequestId)).toContain(started!.RequestId);

    // A change leaves the account on the old version until ProvisionPermissionSet runs.
    await client.send(new UpdatePermissionSetCommand({ InstanceArn, PermissionSetArn, SessionDuration: "PT4H" }));
    const stale = await client.send(
      new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn, ProvisioningStatus: "LATEST_PERMISSION_SET_NOT_PROVISIONED" }),
    );
    expect(stale.AccountIds).toEqual([accountId]);
    const { PermissionSetProvisioningStatus: prov } = await client.send(
      new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn, TargetType: "ALL_PROVISIONED_ACCOUNTS" }),
    );
    expect(prov!.Status).toBe("IN_PROGRESS");
    await new Promise((r) => setTimeout(r, DELAY_MS * 2));
    const provDone = await client.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: prov!.RequestId }));
    expect(provDone.PermissionSetProvisioningStatus).toMatchObject({ Status: "SUCCEEDED", PermissionSetArn });
    expect(
      (await client.send(new ListPermissionSetProvisioningStatusCommand({ InstanceArn }))).PermissionSetsProvisioningStatus!.map((s) => s.RequestId),
    ).toContain(prov!.RequestId);
    const fresh = await client.send(
      new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn, ProvisioningStatus: "LATEST_PERMISSION_SET_PROVISIONED" }),
    );
    expect(fresh.AccountIds).toEqual([accountId]);

    await expect(client.send(new DeletePermissionSetCommand({ InstanceArn, PermissionSetArn }))).rejects.toBeInstanceOf(ConflictException);

    const { AccountAssignmentDeletionStatus: deleting } = await client.send(
      new DeleteAccountAssignmentCommand({
        InstanceArn,
        PermissionSetArn,
        TargetId: accountId,
        TargetType: "AWS_ACCOUNT",
        PrincipalType: "GROUP",
        PrincipalId: groupId,
      }),
    );
    expect(deleting!.Status).toBe("IN_PROGRESS");
    const deleted = await settled(() =>
      client
        .send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn, AccountAssignmentDeletionRequestId: deleting!.RequestId }))
        .then((o) => o.AccountAssignmentDeletionStatus),
    );
    expect(deleted.Status).toBe("SUCCEEDED");
    expect((await client.send(new ListAccountAssignmentDeletionStatusCommand({ InstanceArn }))).AccountAssignmentsDeletionStatus).toHaveLength(1);
    expect((await client.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn }))).AccountIds).toEqual([]);
    await client.send(new DeletePermissionSetCommand({ InstanceArn, PermissionSetArn }));
  });

  it("deletes a permission set provisioned to an account nobody is assigned in, and its provisioning with it", async () => {
    const PermissionSetArn = await createPermissionSet("ProvisionedOnly");
    const { PermissionSetProvisioningStatus: prov } = await client.send(
      new ProvisionPermissionSetCommand({ InstanceArn, PermissionSetArn, TargetType: "AWS_ACCOUNT", TargetId: accountId }),
    );
    await new Promise((r) => setTimeout(r, DELAY_MS * 2));
    const done = await client.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn, ProvisionPermissionSetRequestId: prov!.RequestId }));
    expect(done.PermissionSetProvisioningStatus!.Status).toBe("SUCCEEDED");
    expect((await client.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn, PermissionSetArn }))).AccountIds).toEqual([accountId]);
    expect((await client.send(new ListAccountAssignmentsCommand({ InstanceArn, PermissionSetArn, AccountId: accountId }))).AccountAssignments).toEqual([]);

    await client.send(new DeletePermissionSetCommand({ InstanceArn, PermissionSetArn }));
    await expect(client.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    expect((await client.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn, AccountId: accountId }))).PermissionSets).not.toContain(
      PermissionSetArn,
    );
  });

  it("accepts a request for a missing principal, account or permission set and fails it later", async () => {
    const PermissionSetArn = await createPermissionSet("FailureCases");
    const base = { InstanceArn, TargetType: "AWS_ACCOUNT" as const };
    const cases = [
      {
        ...base,
        PermissionSetArn,
        TargetId: accountId,
        PrincipalType: "USER" as const,
        PrincipalId: "0123456789-01234567-0123-0123-0123-0123456789ab",
        reason: /User .* does not exist/,
      },
      { ...base, PermissionSetArn, TargetId: "000011112222", PrincipalType: "USER" as const, PrincipalId: userId, reason: /not a member of the organization/ },
      {
        ...base,
        PermissionSetArn: PermissionSetArn.replace(/ps-[0-9a-f]{16}$/, "ps-0000000000000000"),
        TargetId: accountId,
        PrincipalType: "USER" as const,
        PrincipalId: userId,
        reason: /does not exist/,
      },
    ];
    for (const { reason, ...input } of cases) {
      const { AccountAssignmentCreationStatus: s } = await client.send(new CreateAccountAssignmentCommand(input));
      expect(s!.Status).toBe("IN_PROGRESS");
      const done = await settled(creation(s!.RequestId!));
      expect(done.Status).toBe("FAILED");
      expect(done.FailureReason).toMatch(reason);
    }
    await expect(
      client.send(new CreateAccountAssignmentCommand({ ...base, PermissionSetArn, TargetId: "123", PrincipalType: "USER", PrincipalId: userId })),
    ).rejects.toBeInstanceOf(ValidationException);
    await expect(
      client.send(
        new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn, AccountAssignmentCreationRequestId: "00000000-0000-0000-0000-000000000000" }),
      ),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("throttles writes beyond the outstanding asynchronous operation quota", async () => {
    const PermissionSetArn = await createPermissionSet("Burst");
    const noRetry = new SSOAdminClient(aws.clientConfig({ maxAttempts: 1 }));
    state().settings.operationDelayMs = 5_000;
    try {
      const results = await Promise.allSettled(
        Array.from({ length: 12 }, (_, i) =>
          noRetry.send(
            new CreateAccountAssignmentCommand({
              InstanceArn,
              PermissionSetArn,
              TargetId: accountId,
              TargetType: "AWS_ACCOUNT",
              PrincipalType: "USER",
              PrincipalId: aws.world.identityStore.createUser({ UserName: `burst.${i}` }).UserId,
            }),
          ),
        ),
      );
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(10);
      const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(rejected).toHaveLength(2);
      for (const r of rejected) expect(r.reason).toBeInstanceOf(ThrottlingException);
    } finally {
      state().settings.operationDelayMs = DELAY_MS;
      // Let the burst settle so later operations are not counted against the quota.
      for (const op of state().assignmentOperations) op.settlesAt = Math.min(op.settlesAt, Date.now());
      noRetry.destroy();
    }
  });
});

describe("protocol", () => {
  it("rejects unsigned requests and unknown operations the way AWS does", async () => {
    const unsigned = await fetch(aws.server.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "SWBExternalService.ListInstances" },
      body: "{}",
    });
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get("x-amzn-errortype")).toBe("MissingAuthenticationTokenException");
    expect(await unsigned.json()).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });

    const unknown = await fetch(aws.server.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "SWBExternalService.NoSuchOperation",
        authorization: `AWS4-HMAC-SHA256 Credential=AKIDSIM/20250101/eu-west-1/sso/aws4_request, SignedHeaders=host;x-amz-date, Signature=${"0".repeat(64)}`,
      },
      body: "{}",
    });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { __type: string }).__type).toMatch(/UnknownOperationException$/);
  });

  it("surfaces an injected throttle as ThrottlingException and an injected error as InternalServerException", async () => {
    const noRetry = new SSOAdminClient(aws.clientConfig({ maxAttempts: 1 }));
    try {
      aws.faults.set([{ route: "sso-admin:ListPermissionSets", throttleRate: 1 }]);
      await expect(noRetry.send(new ListPermissionSetsCommand({ InstanceArn }))).rejects.toBeInstanceOf(ThrottlingException);
      aws.faults.set([{ route: "sso-admin:ListInstances", errorRate: 1 }]);
      await expect(noRetry.send(new ListInstancesCommand({}))).rejects.toMatchObject({ name: "InternalServerException", $metadata: { httpStatusCode: 500 } });
      // A rule with `times` fails that many requests, then AWS answers again.
      aws.faults.set([{ route: "sso-admin:DescribeInstance", errorRate: 1, times: 1 }]);
      await expect(noRetry.send(new DescribeInstanceCommand({ InstanceArn }))).rejects.toMatchObject({ name: "InternalServerException" });
      expect(await noRetry.send(new DescribeInstanceCommand({ InstanceArn }))).toMatchObject({ InstanceArn });
    } finally {
      aws.faults.clear();
      noRetry.destroy();
    }
  });

  it("carries out a request whose answer it loses, then answers InternalFailure, ServiceUnavailable or nothing", async () => {
    const noRetry = new SSOAdminClient(aws.clientConfig({ maxAttempts: 1 }));
    const names = async () => {
      const names: string[] = [];
      for await (const page of paginateListPermissionSets({ client }, { InstanceArn }))
        for (const arn of page.PermissionSets ?? [])
          names.push((await client.send(new DescribePermissionSetCommand({ InstanceArn, PermissionSetArn: arn }))).PermissionSet!.Name!);
      return names;
    };
    try {
      aws.faults.set([{ route: "sso-admin:CreatePermissionSet", lostAnswerRate: 1, times: 1 }]);
      await expect(noRetry.send(new CreatePermissionSetCommand({ InstanceArn, Name: "LostOnce" }))).rejects.toMatchObject({
        name: "InternalFailure",
        $metadata: { httpStatusCode: 500 },
      });
      aws.faults.set([{ route: "sso-admin:CreatePermissionSet", lostAnswerRate: 1, lostAnswerAs: "unavailable", times: 1 }]);
      await expect(noRetry.send(new CreatePermissionSetCommand({ InstanceArn, Name: "LostTwice" }))).rejects.toMatchObject({
        name: "ServiceUnavailable",
        $metadata: { httpStatusCode: 503 },
      });
      aws.faults.set([{ route: "sso-admin:CreatePermissionSet", lostAnswerRate: 1, lostAnswerAs: "drop", times: 1 }]);
      await expect(noRetry.send(new CreatePermissionSetCommand({ InstanceArn, Name: "LostThrice" }))).rejects.toMatchObject({
        $metadata: expect.not.objectContaining({ httpStatusCode: expect.any(Number) }),
      });
      expect(await names()).toEqual(expect.arrayContaining(["LostOnce", "LostTwice", "LostThrice"]));
      // Even AWS's refusal is lost: the duplicate is refused, and the client hears a 500.
      aws.faults.set([{ route: "sso-admin:CreatePermissionSet", lostAnswerRate: 1, times: 1 }]);
      await expect(noRetry.send(new CreatePermissionSetCommand({ InstanceArn, Name: "LostOnce" }))).rejects.toMatchObject({ name: "InternalFailure" });
      expect((await names()).filter((n) => n === "LostOnce")).toHaveLength(1);
    } finally {
      aws.faults.clear();
      noRetry.destroy();
    }
  });
});
