import { z } from "zod";
import type { ChangedBy } from "../../audit/record-audit-event";
import { parseScimEndpoint } from "../../aws/scim-endpoint";
import { checkScimCredentials, ScimTokenRefused } from "../../aws/scim-client";
import type { Tx } from "../../db";
import { AppError } from "../../errors";
import { checkOutboundUrl } from "../../http/outbound-address-policy";
import { forgetProvisioningJobUnlessConfigured } from "../../provisioning/provisioning-job-reading";
import { fingerprint, keyRing } from "../../security/encryption";
import { storeSecret } from "../../security/secret-store";
import { labPolicy, readSettings } from "../../settings";
import { completedStep, readStoredSteps, runStep } from "../step-store";

export const SCIM_TOKEN_PURPOSE = "aws.scim-token";
const DAY_MS = 86_400_000;
/** IAM Identity Center's SCIM access tokens last one year. */
export const SCIM_TOKEN_LIFETIME_DAYS = 365;

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (!v) return null;
    const d = new Date(`${v}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(d.getTime())) {
      ctx.addIssue({ code: "custom", message: "Enter a date as YYYY-MM-DD" });
      return z.NEVER;
    }
    return d;
  });

/** A token as the forms send it: the token, and the dates the AWS console shows beside it. */
export const scimTokenInput = z.object({
  token: z.string().trim().min(20, "Paste the whole access token from the AWS console"),
  createdOn: optionalDate,
  expiresOn: optionalDate,
});
export type ScimTokenInput = z.output<typeof scimTokenInput>;
export type ScimCredentialsInput = ScimTokenInput & { endpoint: string };

/**
 * Checks the endpoint's form and address, then the pair live against the endpoint, and only then
 * keeps the token (encrypted, with its dates) in the same unit of work as the step's result.
 */
export async function saveScimCredentials(input: ScimCredentialsInput, by: ChangedBy) {
  const saved = await runStep("scim-credentials", "setup.scim-credentials.save", by, async () => {
    const instance = await completedStep("identity-center-instance");
    const policy = labPolicy(await readSettings(), "allowLabScimEndpoints");
    const endpoint = parseScimEndpoint(input.endpoint, { region: instance.region, allowOtherHosts: policy.allowPrivateNetworks });
    const token = await checkedToken(endpoint.url, input).catch(async (e: unknown) => {
      throw e instanceof ScimTokenRefused && !(await tokenAcceptedBefore()) ? changeNotMadeYet() : e;
    });
    const data = { endpoint: endpoint.url, ...token.data };
    return {
      data,
      details: { endpoint: data.endpoint, tokenFingerprint: data.tokenFingerprint, tokenExpiresAt: data.tokenExpiresAt },
      alsoInTransaction: token.store,
    };
  });
  // A new endpoint or token sends the job's step back to run again: what was read of the job no longer stands.
  await forgetProvisioningJobUnlessConfigured();
  return saved;
}

// Until a token is accepted here, nothing but a person's word says the identity source changed; and
// AWS refuses every token while it has not, so that is the likelier cause of a refusal at this step.
// (Confirming the change again sends this step back, so a finished step means a token got in since.)
async function tokenAcceptedBefore(): Promise<boolean> {
  return (await readStoredSteps()).get("scim-credentials")?.status === "done";
}

function changeNotMadeYet(): AppError {
  return new AppError(
    "InvalidInput",
    "AWS refused the token. AWS accepts SCIM tokens only once an external identity provider is the identity source: if the change confirmed at “Identity source change in AWS” was not finished in the AWS console (Entra's metadata uploaded, ACCEPT typed, Change identity source chosen), finish it there, then generate a token under Settings → Automatic provisioning and paste it here. If the change is made, the token is wrong, revoked or expired, or belongs to another instance; the tenant id in the endpoint may be wrong too, so copy both from that page.",
  );
}

/**
 * A token AWS accepts at the endpoint now, with its dates (a year from today unless given), and
 * how to keep it: encrypted, in the transaction that records it.
 */
export async function checkedToken(endpointUrl: string, input: ScimTokenInput) {
  const policy = labPolicy(await readSettings(), "allowLabScimEndpoints");
  await checkOutboundUrl(endpointUrl, policy);
  await checkScimCredentials(endpointUrl, input.token, policy);
  const createdAt = input.createdOn ?? new Date();
  const expiresAt = input.expiresOn ?? new Date(createdAt.getTime() + SCIM_TOKEN_LIFETIME_DAYS * DAY_MS);
  if (expiresAt <= new Date())
    throw new AppError("InvalidInput", "That expiry date has passed: a token past its expiry no longer works. Check the date shown in the AWS console.", {
      expiresOn: "In the past",
    });
  return {
    data: {
      tokenFingerprint: fingerprint(keyRing(), input.token),
      tokenCreatedAt: createdAt.toISOString(),
      tokenExpiresAt: expiresAt.toISOString(),
      checkedAt: new Date().toISOString(),
    },
    store: async (tx: Tx) => {
      await storeSecret(tx, SCIM_TOKEN_PURPOSE, input.token, expiresAt);
    },
  };
}
