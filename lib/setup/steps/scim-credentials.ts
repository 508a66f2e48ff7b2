import type { ChangedBy } from "../../audit/record-audit-event";
import { parseScimEndpoint } from "../../aws/scim-endpoint";
import { checkScimCredentials } from "../../aws/scim-client";
import { AppError } from "../../errors";
import { checkOutboundUrl } from "../../http/outbound-address-policy";
import { forgetProvisioningJobUnlessConfigured } from "../../provisioning/provisioning-job-reading";
import { fingerprint, keyRing } from "../../security/encryption";
import { storeSecret } from "../../security/secret-store";
import { labPolicy, readSettings } from "../../settings";
import { completedStep, runStep } from "../step-store";

export const SCIM_TOKEN_PURPOSE = "aws.scim-token";
const DAY_MS = 86_400_000;
/** IAM Identity Center's SCIM access tokens last one year. */
export const SCIM_TOKEN_LIFETIME_DAYS = 365;

export type ScimCredentialsInput = { endpoint: string; token: string; createdOn: Date | null; expiresOn: Date | null };

/**
 * Checks the endpoint's form and address, then the pair live against the endpoint, and only then
 * keeps the token (encrypted, with its dates) in the same unit of work as the step's result.
 */
export async function saveScimCredentials(input: ScimCredentialsInput, by: ChangedBy) {
  const saved = await runStep("scim-credentials", "setup.scim-credentials.save", by, async () => {
    const instance = await completedStep("identity-center-instance");
    const policy = labPolicy(await readSettings(), "allowLabScimEndpoints");
    const endpoint = parseScimEndpoint(input.endpoint, { region: instance.region, allowOtherHosts: policy.allowPrivateNetworks });
    await checkOutboundUrl(endpoint.url, policy);
    await checkScimCredentials(endpoint.url, input.token, policy);

    const createdAt = input.createdOn ?? new Date();
    const expiresAt = input.expiresOn ?? new Date(createdAt.getTime() + SCIM_TOKEN_LIFETIME_DAYS * DAY_MS);
    if (expiresAt <= new Date())
      throw new AppError("InvalidInput", "That expiry date has passed: a token past its expiry no longer works. Check the date shown in the AWS console.", {
        expiresOn: "In the past",
      });
    const data = {
      endpoint: endpoint.url,
      tokenFingerprint: fingerprint(keyRing(), input.token),
      tokenCreatedAt: createdAt.toISOString(),
      tokenExpiresAt: expiresAt.toISOString(),
      checkedAt: new Date().toISOString(),
    };
    return {
      data,
      details: { endpoint: data.endpoint, tokenFingerprint: data.tokenFingerprint, tokenExpiresAt: data.tokenExpiresAt },
      alsoInTransaction: async (tx) => {
        await storeSecret(tx, SCIM_TOKEN_PURPOSE, input.token, expiresAt);
      },
    };
  });
  // A new endpoint or token sends the job's step back to run again: what was read of the job no longer stands.
  await forgetProvisioningJobUnlessConfigured();
  return saved;
}
