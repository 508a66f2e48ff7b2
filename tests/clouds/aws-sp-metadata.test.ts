import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAwsSpMetadata } from "@/lib/saml/aws-sp-metadata";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";

let env: AwsSimulatorEnv;

beforeAll(async () => {
  env = await startAwsSimulatorEnv();
});
afterAll(async () => env.close());

describe("the AWS console's service provider metadata", () => {
  it("is accepted by SSO Bridge's reader for the instance it belongs to, and refused for another", async () => {
    const { region, instance } = env.cloud.world;
    const xml = await (await fetch(`${env.cloud.apiEndpoint}/singlesignon/sp-metadata.xml`)).text();

    const reading = readAwsSpMetadata(xml, { region, identityStoreId: instance.IdentityStoreId });
    expect(reading).toMatchObject({
      ok: true,
      metadata: {
        entityId: `https://${region}.signin.aws.amazon.com/platform/saml/${instance.IdentityStoreId}`,
        acsUrl: expect.stringMatching(new RegExp(`^https://${region}\\.signin\\.aws\\.amazon\\.com/platform/saml/acs/`)),
        region,
        identityStoreId: instance.IdentityStoreId,
      },
    });
    expect(reading.ok && reading.metadata.certificates).toHaveLength(1);

    expect(readAwsSpMetadata(xml, { region: "us-east-2", identityStoreId: instance.IdentityStoreId })).toMatchObject({
      ok: false,
      problems: [expect.stringContaining(`The metadata is for region ${region}, but your IAM Identity Center instance is in us-east-2.`)],
    });
  });
});
