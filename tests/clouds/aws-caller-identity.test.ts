import { listIdentityCenterInstances } from "@/lib/aws/identity-center-instances";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerIdentity } from "@/lib/aws/caller-identity";
import { AppError } from "@/lib/errors";
import { SSO_BRIDGE_ROLE_NAME } from "@/simulators/aws/world";
import { startAwsSimulatorEnv, withAwsEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";

let env: AwsSimulatorEnv;
let account: string;

beforeAll(async () => {
  env = await startAwsSimulatorEnv();
  account = env.cloud.world.organization.MasterAccountId;
});
afterAll(async () => env.close());

const region = () => env.cloud.world.region;
const failure = (p: Promise<unknown>) =>
  p.then(
    () => expect.unreachable("the call succeeded"),
    (e: unknown) => e as AppError,
  );

describe("callerIdentity", () => {
  it("names the principal of the default credential chain", async () => {
    expect(await callerIdentity({ region: region() })).toEqual({
      account,
      arn: `arn:aws:iam::${account}:user/sso-bridge-demo`,
      userId: expect.stringMatching(/^AIDA/),
    });
  });

  it("names the assumed role's session when a role is configured", async () => {
    const roleArn = `arn:aws:iam::${account}:role/${SSO_BRIDGE_ROLE_NAME}`;
    const me = await callerIdentity({ region: region(), roleArn });
    expect(me).toEqual({
      account,
      arn: `arn:aws:sts::${account}:assumed-role/${SSO_BRIDGE_ROLE_NAME}/sso-bridge`,
      userId: expect.stringMatching(/^AROA[A-Z2-7]{17}:sso-bridge$/),
    });
    // The same connection reuses its clients and their credentials rather than assuming the role again.
    const sessions = env.cloud.world.sts.sessions.size;
    await callerIdentity({ region: region(), roleArn });
    expect(env.cloud.world.sts.sessions.size).toBe(sessions);
  });

  it("reports a role it may not assume as a missing permission, naming the role", async () => {
    const roleArn = `arn:aws:iam::${account}:role/NotThere`;
    const e = await failure(callerIdentity({ region: region(), roleArn }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.code).toBe("PermissionMissing");
    expect(e.message).toContain(`is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
    expect(e.message).toContain(`permission to assume the role ${roleArn}`);
    const listing = await failure(listIdentityCenterInstances({ region: region(), roleArn }));
    expect(listing.message).toContain(`permission to assume the role ${roleArn}`);
  });

  it("says how to provide credentials when there are none", async () => {
    const e = await withAwsEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }, () => failure(callerIdentity({ region: region() })));
    expect(e.code).toBe("NotConfigured");
    expect(e.message).toMatch(/found no AWS credentials.*AWS_ACCESS_KEY_ID.*AWS_PROFILE.*role of the instance/);
  });

  it("says AWS rejected credentials it does not know", async () => {
    const e = await withAwsEnv({ AWS_ACCESS_KEY_ID: "AKIAUNKNOWNKEY000000" }, () => failure(callerIdentity({ region: region() })));
    expect(e.code).toBe("NotConfigured");
    expect(e.message).toMatch(/^AWS rejected the credentials .*\(InvalidClientTokenId\)/);
    expect(e.message).not.toContain("AKIAUNKNOWNKEY000000");
  });

  it("refuses a connection that is not a region or a role ARN before calling AWS", async () => {
    expect((await failure(callerIdentity({ region: "europe" }))).code).toBe("NotConfigured");
    expect((await failure(callerIdentity({ region: region(), roleArn: "SSOBridgeAdmin" }))).code).toBe("InvalidInput");
  });
});
