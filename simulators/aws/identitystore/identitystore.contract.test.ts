import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConflictException,
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  DescribeGroupCommand,
  DescribeGroupMembershipCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetGroupMembershipIdCommand,
  GetUserIdCommand,
  IdentitystoreClient,
  IsMemberInGroupsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
  ResourceNotFoundException,
  ThrottlingException,
  UpdateGroupCommand,
  UpdateUserCommand,
  ValidationException,
  paginateListGroupMemberships,
  paginateListUsers,
} from "@aws-sdk/client-identitystore";
import { startTestAws, type TestAws } from "../json-protocol/testing";

let aws: TestAws;
let client: IdentitystoreClient;
let storeId: string;

beforeAll(async () => {
  aws = await startTestAws();
  client = new IdentitystoreClient(aws.clientConfig());
  storeId = aws.world.instance.IdentityStoreId;
});

afterAll(async () => {
  client.destroy();
  await aws.server.close();
});

async function createUser(userName: string, extra: Record<string, unknown> = {}): Promise<string> {
  const out = await client.send(
    new CreateUserCommand({
      IdentityStoreId: storeId,
      UserName: userName,
      DisplayName: userName,
      Name: { GivenName: "Given", FamilyName: userName },
      Emails: [{ Value: `${userName}@contoso.example`, Type: "work", Primary: true }],
      ...extra,
    }),
  );
  return out.UserId!;
}

describe("users", () => {
  it("creates, describes, finds, updates and deletes a user", async () => {
    const userId = await createUser("ada.lovelace");
    const user = await client.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: userId }));
    expect(user).toMatchObject({ UserName: "ada.lovelace", DisplayName: "ada.lovelace", IdentityStoreId: storeId, UserStatus: "ENABLED" });
    expect(user.Emails).toEqual([{ Value: "ada.lovelace@contoso.example", Type: "work", Primary: true }]);
    expect(user.CreatedAt).toBeInstanceOf(Date);
    expect(Math.abs(user.CreatedAt!.getTime() - Date.now())).toBeLessThan(10_000);

    const byName = await client.send(
      new GetUserIdCommand({
        IdentityStoreId: storeId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "ADA.LOVELACE" } },
      }),
    );
    expect(byName.UserId).toBe(userId);
    const byEmail = await client.send(
      new GetUserIdCommand({
        IdentityStoreId: storeId,
        AlternateIdentifier: { UniqueAttribute: { AttributePath: "emails.value", AttributeValue: "ada.lovelace@contoso.example" } },
      }),
    );
    expect(byEmail.UserId).toBe(userId);

    await client.send(
      new UpdateUserCommand({
        IdentityStoreId: storeId,
        UserId: userId,
        Operations: [
          { AttributePath: "displayName", AttributeValue: "Ada Lovelace" },
          { AttributePath: "name.givenName", AttributeValue: "Ada" },
          { AttributePath: "title", AttributeValue: "Analyst" },
          { AttributePath: "emails", AttributeValue: [{ value: "ada@contoso.example", type: "work", primary: true }] },
        ],
      }),
    );
    const updated = await client.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: userId }));
    expect(updated).toMatchObject({ DisplayName: "Ada Lovelace", Title: "Analyst", Name: { GivenName: "Ada", FamilyName: "ada.lovelace" } });
    expect(updated.Emails).toEqual([{ Value: "ada@contoso.example", Type: "work", Primary: true }]);

    await client.send(new UpdateUserCommand({ IdentityStoreId: storeId, UserId: userId, Operations: [{ AttributePath: "title" }] }));
    expect((await client.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: userId }))).Title).toBeUndefined();

    await client.send(new DeleteUserCommand({ IdentityStoreId: storeId, UserId: userId }));
    await expect(client.send(new DescribeUserCommand({ IdentityStoreId: storeId, UserId: userId }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      ResourceType: "USER",
      ResourceId: userId,
    });
  });

  it("finds users by external id, as SCIM provisioning records them", async () => {
    const user = aws.world.identityStore.createUser({ UserName: "scim.user", ExternalIds: [{ Issuer: "https://scim.example", Id: "entra-42" }] });
    const out = await client.send(
      new GetUserIdCommand({ IdentityStoreId: storeId, AlternateIdentifier: { ExternalId: { Issuer: "https://scim.example", Id: "entra-42" } } }),
    );
    expect(out.UserId).toBe(user.UserId);
    await expect(
      client.send(new GetUserIdCommand({ IdentityStoreId: storeId, AlternateIdentifier: { ExternalId: { Issuer: "https://scim.example", Id: "nobody" } } })),
    ).rejects.toBeInstanceOf(ResourceNotFoundException);
  });

  it("rejects a duplicate user name regardless of case and the reserved names", async () => {
    await createUser("grace.hopper");
    const err = await client.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: "Grace.Hopper" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConflictException);
    expect((err as ConflictException).Reason).toBe("UNIQUENESS_CONSTRAINT_VIOLATION");
    await expect(client.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: "Administrator" }))).rejects.toBeInstanceOf(ValidationException);
  });

  it("pages through users with the paginator and filters by the deprecated UserName filter", async () => {
    for (let i = 0; i < 23; i++) await createUser(`paged.${i}`);
    const seen: string[] = [];
    let pages = 0;
    for await (const page of paginateListUsers({ client, pageSize: 5 }, { IdentityStoreId: storeId })) {
      pages++;
      expect(page.Users!.length).toBeLessThanOrEqual(5);
      seen.push(...page.Users!.map((u) => u.UserName!));
    }
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(seen.filter((n) => n.startsWith("paged."))).toHaveLength(23);
    expect(new Set(seen).size).toBe(seen.length);

    const filtered = await client.send(new ListUsersCommand({ IdentityStoreId: storeId, Filters: [{ AttributePath: "UserName", AttributeValue: "paged.7" }] }));
    expect(filtered.Users!.map((u) => u.UserName)).toEqual(["paged.7"]);
  });

  it("validates MaxResults, NextToken and the identity store id", async () => {
    await expect(client.send(new ListUsersCommand({ IdentityStoreId: storeId, MaxResults: 101 }))).rejects.toBeInstanceOf(ValidationException);
    await expect(client.send(new ListUsersCommand({ IdentityStoreId: storeId, MaxResults: 0 }))).rejects.toBeInstanceOf(ValidationException);
    await expect(client.send(new ListUsersCommand({ IdentityStoreId: storeId, NextToken: "not-a-token" }))).rejects.toBeInstanceOf(ValidationException);
    await expect(client.send(new ListUsersCommand({ IdentityStoreId: "d-0000000000" }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      ResourceType: "IDENTITY_STORE",
    });
    await expect(client.send(new ListUsersCommand({ IdentityStoreId: "not-a-store" }))).rejects.toBeInstanceOf(ValidationException);
  });
});

describe("groups and memberships", () => {
  it("manages groups and their members", async () => {
    const alice = await createUser("alice");
    const bob = await createUser("bob");
    const { GroupId } = await client.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "AWS-Admins", Description: "admins" }));
    const other = (await client.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: "AWS-Readers" }))).GroupId!;
    expect(await client.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId }))).toMatchObject({
      DisplayName: "AWS-Admins",
      Description: "admins",
    });
    expect(
      (
        await client.send(
          new GetGroupIdCommand({
            IdentityStoreId: storeId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: "AWS-Admins" } },
          }),
        )
      ).GroupId,
    ).toBe(GroupId);
    const listed = await client.send(
      new ListGroupsCommand({ IdentityStoreId: storeId, Filters: [{ AttributePath: "DisplayName", AttributeValue: "AWS-Readers" }] }),
    );
    expect(listed.Groups!.map((g) => g.GroupId)).toEqual([other]);

    await client.send(
      new UpdateGroupCommand({ IdentityStoreId: storeId, GroupId, Operations: [{ AttributePath: "description", AttributeValue: "account admins" }] }),
    );
    expect((await client.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId }))).Description).toBe("account admins");
    await expect(
      client.send(new UpdateGroupCommand({ IdentityStoreId: storeId, GroupId, Operations: [{ AttributePath: "displayName", AttributeValue: "AWS-Readers" }] })),
    ).rejects.toBeInstanceOf(ConflictException);

    const { MembershipId } = await client.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId, MemberId: { UserId: alice } }));
    await client.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId, MemberId: { UserId: bob } }));
    await expect(client.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId, MemberId: { UserId: alice } }))).rejects.toBeInstanceOf(
      ConflictException,
    );

    expect(await client.send(new DescribeGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId }))).toMatchObject({
      GroupId,
      MemberId: { UserId: alice },
    });
    expect((await client.send(new GetGroupMembershipIdCommand({ IdentityStoreId: storeId, GroupId, MemberId: { UserId: alice } }))).MembershipId).toBe(
      MembershipId,
    );

    const members: string[] = [];
    for await (const page of paginateListGroupMemberships({ client, pageSize: 1 }, { IdentityStoreId: storeId, GroupId })) {
      members.push(...page.GroupMemberships!.map((m) => (m.MemberId as { UserId: string }).UserId));
    }
    expect(members.sort()).toEqual([alice, bob].sort());

    const forAlice = await client.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: storeId, MemberId: { UserId: alice } }));
    expect(forAlice.GroupMemberships!.map((m) => m.GroupId)).toEqual([GroupId]);

    const is = await client.send(new IsMemberInGroupsCommand({ IdentityStoreId: storeId, MemberId: { UserId: alice }, GroupIds: [GroupId!, other] }));
    expect(is.Results!.map((r) => [r.GroupId, r.MembershipExists])).toEqual([
      [GroupId, true],
      [other, false],
    ]);

    await client.send(new DeleteGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId }));
    await expect(client.send(new DescribeGroupMembershipCommand({ IdentityStoreId: storeId, MembershipId }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      ResourceType: "GROUP_MEMBERSHIP",
    });
    await client.send(new DeleteGroupCommand({ IdentityStoreId: storeId, GroupId }));
    await expect(client.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId }))).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      ResourceType: "GROUP",
    });
  });

  it("reports which side of a membership is missing", async () => {
    const alice = aws.world.identityStore.findUserByUserName("alice")!.UserId;
    await expect(
      client.send(
        new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: "0123456789-01234567-0123-0123-0123-0123456789ab", MemberId: { UserId: alice } }),
      ),
    ).rejects.toMatchObject({ name: "ResourceNotFoundException", ResourceType: "GROUP" });
  });
});

describe("faults", () => {
  it("surfaces throttling as ThrottlingException with RetryAfterSeconds when retries are off", async () => {
    const noRetry = new IdentitystoreClient(aws.clientConfig({ maxAttempts: 1 }));
    aws.faults.set([{ route: "identitystore:ListUsers", throttleRate: 1, retryAfterSeconds: 3 }]);
    try {
      const err = await noRetry.send(new ListUsersCommand({ IdentityStoreId: storeId })).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ThrottlingException);
      expect((err as ThrottlingException).RetryAfterSeconds).toBe(3);
      expect((err as ThrottlingException).$metadata.httpStatusCode).toBe(400);
    } finally {
      aws.faults.clear();
      noRetry.destroy();
    }
  });

  it("succeeds through a 50% throttle rate with the default retries", async () => {
    let dice = 0;
    // Alternating dice: every other request is throttled, so the default three attempts always suffice.
    const { FaultInjector } = await import("../../faults");
    const faults = new FaultInjector([{ route: "identitystore:*", throttleRate: 0.5 }], () => (dice++ % 2 === 0 ? 0.25 : 0.75));
    aws.faults.set([]);
    const original = aws.faults.decide.bind(aws.faults);
    aws.faults.decide = (route) => faults.decide(route);
    try {
      for (let i = 0; i < 3; i++) {
        const out = await client.send(new ListUsersCommand({ IdentityStoreId: storeId, MaxResults: 1 }));
        expect(out.Users).toHaveLength(1);
      }
      expect(dice).toBeGreaterThanOrEqual(6);
    } finally {
      aws.faults.decide = original;
    }
  });

  it("answers InternalServerException on an injected error and drops the connection on a drop", async () => {
    const noRetry = new IdentitystoreClient(aws.clientConfig({ maxAttempts: 1 }));
    try {
      aws.faults.set([{ route: "identitystore:DescribeGroup", errorRate: 1 }]);
      await expect(
        noRetry.send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: "0123456789-01234567-0123-0123-0123-0123456789ab" })),
      ).rejects.toMatchObject({
        name: "InternalServerException",
        $metadata: { httpStatusCode: 500 },
      });
      aws.faults.set([{ route: "identitystore:DescribeGroup", dropRate: 1 }]);
      const err = await noRetry
        .send(new DescribeGroupCommand({ IdentityStoreId: storeId, GroupId: "0123456789-01234567-0123-0123-0123-0123456789ab" }))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).name).not.toBe("ResourceNotFoundException");
    } finally {
      aws.faults.clear();
      noRetry.destroy();
    }
  });
});
