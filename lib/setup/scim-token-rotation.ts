import { evaluateAlerts } from "../alerts/evaluate-alerts";
import type { ChangedBy } from "../audit/record-audit-event";
import { saveProvisioningSecrets, validateProvisioningCredentials } from "../entra/provisioning-job";
import { errorFields, log } from "../log";
import { provisioningJobRef } from "../provisioning/provisioning-job-ref";
import { refreshProvisioningJobAfterChange } from "../provisioning/provisioning-job-reading";
import { reviseFinishedStep, reviseStepData } from "./step-store";
import { checkedToken, type ScimTokenInput } from "./steps/scim-credentials";

// The yearly chore: IAM Identity Center's SCIM tokens last a year. A new token replaces the old one
// everywhere it is used, in place: AWS is asked whether it accepts it, Entra tests it and saves it
// as the running job's secret, and SSO Bridge keeps it with its new expiry. The endpoint, the job
// and the steps after "SCIM endpoint and token" stay as they are.

export type RotatedToken = { tokenFingerprint: string; tokenExpiresAt: string };

export async function rotateScimToken(input: ScimTokenInput, by: ChangedBy): Promise<RotatedToken> {
  const saved = await reviseFinishedStep("scim-credentials", "provisioning.scim-token.rotate", by, async (current) => {
    const job = await provisioningJobRef();
    const token = await checkedToken(current.endpoint, input);
    const secrets = { baseAddress: current.endpoint, secretToken: input.token };
    // Entra reaches AWS with it before it replaces the secret the job is using.
    await validateProvisioningCredentials(job.session, job.servicePrincipalId, job.jobId, secrets);
    await saveProvisioningSecrets(job.session, job.servicePrincipalId, secrets);
    return {
      data: { ...current, ...token.data },
      details: {
        jobId: job.jobId,
        // Named apart from "token", which the audit log redacts: a fingerprint and a date are what the history should show.
        before: { fingerprint: current.tokenFingerprint, expiresAt: current.tokenExpiresAt },
        after: { fingerprint: token.data.tokenFingerprint, expiresAt: token.data.tokenExpiresAt },
      },
      alsoInTransaction: async (tx) => {
        await token.store(tx);
        await reviseStepData(tx, "provisioning-job", (d) => ({ ...d, tokenFingerprint: token.data.tokenFingerprint }));
      },
    };
  });
  // The card and the alerts answer for the new token at once, not at the next monitor poll.
  await refreshProvisioningJobAfterChange();
  await evaluateAlerts().catch((e: unknown) => log("error", "evaluating the alerts after a token rotation failed", errorFields(e)));
  return { tokenFingerprint: saved.tokenFingerprint, tokenExpiresAt: saved.tokenExpiresAt };
}
