import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, STSServiceException } from "@aws-sdk/client-sts";
import { startTestAws, type TestAws } from "../json-protocol/testing";
import { seedOrganization } from "../organizations/seed";
import { SSO_BRIDGE_ROLE_NAME } from "../world";
import { SIMULATOR_ACCESS_KEY_ID } from "./caller";

let aws: TestAws;
let client: STSClient;
let account: string;
let roleArn: string;
const longLived = { accessKeyId: SIMULATOR_ACCESS_KEY_ID, secretAccessKey: "simulator-secret-access-key" };

beforeAll(async () => {
  aws = await startTestAws();
  account = aws.world.organization.MasterAccountId;
  roleArn = `arn:aws:iam::${account}:role/${SSO_BRIDGE_ROLE_NAME}`;
  client = new STSClient({ ...aws.clientConfig(), credentials: longLived });
});

afterAll(async () => {
  client.destroy();
  await aws.server.close();
});

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e as STSServiceException,
  );

describe("sts:GetCallerIdentity", () => {
  it("names the management account's IAM user for the simulator's long-lived key", async () => {
    const me = await client.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: account, Arn: `arn:aws:iam::${account}:user/sso-bridge-demo` });
    expect(me.UserId).toMatch(/^AIDA[A-Z2-7]{17}$/);
    expect(me.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("refuses a key it never issued", async () => {
    const stranger = new STSClient({ ...aws.clientConfig(), credentials: { accessKeyId: "AKIAEXAMPLEEXAMPLE00", secretAccessKey: "x" } });
    const e = await rejection(stranger.send(new GetCallerIdentityCommand({})));
    expect(e).toMatchObject({ name: "InvalidClientTokenId", $metadata: { httpStatusCode: 403 } });
    stranger.destroy();
  });
});

describe("sts:AssumeRole", () => {
  it("issues temporary credentials whose caller is the assumed role session", async () => {
    const { Credentials, AssumedRoleUser } = await client.send(
      new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "sso-bridge", DurationSeconds: 900 }),
    );
    expect(Credentials!.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(Credentials!.Expiration).toBeInstanceOf(Date);
    expect(Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(890_000);
    expect(AssumedRoleUser).toEqual({
      Arn: `arn:aws:sts::${account}:assumed-role/${SSO_BRIDGE_ROLE_NAME}/sso-bridge`,
      AssumedRoleId: expect.stringMatching(/^AROA[A-Z2-7]{17}:sso-bridge$/),
    });

    const credentials = { accessKeyId: Credentials!.AccessKeyId!, secretAccessKey: Credentials!.SecretAccessKey!, sessionToken: Credentials!.SessionToken! };
    const asRole = new STSClient({ ...aws.clientConfig(), credentials });
    const me = await asRole.send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Account: account, Arn: AssumedRoleUser!.Arn, UserId: AssumedRoleUser!.AssumedRoleId });
    asRole.destroy();

    const withoutToken = new STSClient({ ...aws.clientConfig(), credentials: { ...credentials, sessionToken: undefined } });
    expect(await rejection(withoutToken.send(new GetCallerIdentityCommand({})))).toMatchObject({ name: "InvalidClientTokenId" });
    withoutToken.destroy();
  });

  it("assumes a role added in a member account of the organization", async () => {
    const member = seedOrganization(aws.world, { accounts: 1, organizationalUnits: [], seed: 5 }).accounts[0]!.Id;
    const memberRole = `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`;
    aws.world.iamRoles.add(memberRole);
    const { AssumedRoleUser } = await client.send(new AssumeRoleCommand({ RoleArn: memberRole, RoleSessionName: "audit@contoso" }));
    expect(AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/audit@contoso`);
  });

  it("denies a role that does not exist or lies outside the organization", async () => {
    for (const arn of [`arn:aws:iam::${account}:role/NoSuchRole`, `arn:aws:iam::999999999999:role/${SSO_BRIDGE_ROLE_NAME}`]) {
      const e = await rejection(client.send(new AssumeRoleCommand({ RoleArn: arn, RoleSessionName: "sso-bridge" })));
      expect(e).toMatchObject({ name: "AccessDenied", $fault: "client", $metadata: { httpStatusCode: 403 } });
      expect(e.message).toBe(`User: arn:aws:iam::${account}:user/sso-bridge-demo is not authorized to perform: sts:AssumeRole on resource: ${arn}`);
    }
  });

  it("validates the session name, the duration and the role ARN", async () => {
    const assume = (input: Partial<{ RoleArn: string; RoleSessionName: string; DurationSeconds: number }>) =>
      rejection(client.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "sso-bridge", ...input })));
    const badName = await assume({ RoleSessionName: "ops/alice" });
    expect(badName).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
    expect(badName.message).toContain(
      "Value 'ops/alice' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
    expect((await assume({ RoleSessionName: "x" })).message).toContain("Member must have length greater than or equal to 2");
    expect((await assume({ RoleSessionName: "x".repeat(65) })).message).toContain("Member must have length less than or equal to 64");
    expect((await assume({ DurationSeconds: 899 })).message).toBe(
      "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900",
    );
    expect((await assume({ DurationSeconds: 43201 })).message).toContain("less than or equal to 43200");
    expect(await assume({ RoleArn: "arn:aws:iam::12345:role/Short-account" })).toMatchObject({ name: "ValidationError", message: "Request ARN is invalid" });
  });
});

describe("faults", () => {
  it("throttles with Throttling and fails with InternalFailure on sts routes", async () => {
    const noRetry = new STSClient({ ...aws.clientConfig({ maxAttempts: 1 }), credentials: longLived });
    try {
      aws.faults.set([{ route: "sts:GetCallerIdentity", throttleRate: 1 }]);
      expect(await rejection(noRetry.send(new GetCallerIdentityCommand({})))).toMatchObject({
        name: "Throttling",
        message: "Rate exceeded",
        $metadata: { httpStatusCode: 400 },
      });
      aws.faults.set([{ route: "sts:*", errorRate: 1 }]);
      expect(await rejection(noRetry.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "s1" })))).toMatchObject({
        name: "InternalFailure",
        $fault: "server",
        $metadata: { httpStatusCode: 500 },
      });
      // An answer lost after STS acted reads the same to the client; as a 503 it is ServiceUnavailable.
      aws.faults.set([{ route: "sts:AssumeRole", lostAnswerRate: 1, lostAnswerAs: "unavailable" }]);
      expect(await rejection(noRetry.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: "s2" })))).toMatchObject({
        name: "ServiceUnavailable",
        $fault: "server",
        $metadata: { httpStatusCode: 503 },
      });
    } finally {
      aws.faults.clear();
      noRetry.destroy();
    }
  });
});
