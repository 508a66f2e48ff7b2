import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeAlerts, evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db";
import { getProvisioningJob } from "@/lib/entra/provisioning-job";
import type { AppError } from "@/lib/errors";
import { scimTokenSummary } from "@/lib/federation/configured-parts";
import { provisioningJobRef } from "@/lib/provisioning/provisioning-job-ref";
import { readSecret } from "@/lib/security/secret-store";
import { updateSettings } from "@/lib/settings";
import { rotateScimToken } from "@/lib/setup/scim-token-rotation";
import { readStoredSteps } from "@/lib/setup/step-store";
import { assignPrincipals, findPrincipals } from "@/lib/setup/steps/assignments";
import { configureProvisioningJob } from "@/lib/setup/steps/provisioning-job";
import { saveScimCredentials, SCIM_TOKEN_PURPOSE } from "@/lib/setup/steps/scim-credentials";
import { startProvisioning } from "@/lib/setup/steps/start-provisioning";
import { issueScimToken, revokeScimToken } from "@/simulators/aws/scim/tokens";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { completeFederation } from "../support/complete-federation";
import { testProvider, useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// The yearly SCIM token rotation against the simulated clouds, once provisioning runs: the new token
// replaces the old one in AWS's check, in the Entra job's secret and in SSO Bridge, while the
// endpoint, the job and the steps after "SCIM endpoint and token" stay as they are.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-rotation" } };
const DAY_MS = 86_400_000;
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
const statuses = async () => Object.fromEntries([...(await readStoredSteps())].map(([id, s]) => [id, s.status]));
const scimTokenEndpoint = async () => (await database.client.federationConfig.findFirst())?.scimEndpoint;
const jobNow = async () => {
  const t = await provisioningJobRef();
  return (await getProvisioningJob(t.session, t.servicePrincipalId, t.jobId))!;
};

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ synchronization: { intervalMs: 3_600_000 } });
  await completeFederation(aws.cloud, by);
  await updateSettings({ allowLabScimEndpoints: true }, by);
  // A token ten days from its end, as the yearly rotation finds it.
  const expiresOn = new Date(Date.now() + 10 * DAY_MS);
  await saveScimCredentials({ endpoint: aws.cloud.scimBaseUrl, token: aws.cloud.scimToken.token, createdOn: null, expiresOn }, by);
  jobId = (await configureProvisioningJob(by)).jobId;
  const ada = (await findPrincipals("Ada")).find((p) => p.type === "User")!;
  await assignPrincipals([{ id: ada.id, type: "User" }], by);
  await startProvisioning(by);
  await entra.engine!.whenIdle(jobId);
});

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

describe(`rotating the SCIM token on ${testProvider()}`, () => {
  it("refuses a token AWS does not accept, and changes nothing", async () => {
    const before = await scimTokenSummary();
    const refused = await refusal(rotateScimToken({ token: "not-a-token-aws-ever-issued-0123456789", createdOn: null, expiresOn: null }, by));
    expect(refused).toMatchObject({ code: expect.any(String), message: expect.stringMatching(/token/i) });
    expect(await scimTokenSummary()).toEqual(before);
    expect(await readSecret(db(), SCIM_TOKEN_PURPOSE)).toBe(aws.cloud.scimToken.token);
    expect(await statuses()).toMatchObject({ "scim-credentials": "done", "provisioning-job": "done", assignments: "done", "start-provisioning": "done" });
    const failed = await database.client.auditEvent.findFirst({ where: { action: "provisioning.scim-token.rotate" }, orderBy: { seq: "desc" } });
    expect(failed).toMatchObject({ outcome: "failure" });
  });

  it("replaces the token in AWS's check, the running job's secret and SSO Bridge, keeping every step done and the expiry alert resolved", async () => {
    await evaluateAlerts();
    expect((await activeAlerts()).map((a) => a.key)).toContainEqual(expect.stringMatching(/^scim-token-expiry:/));
    const old = aws.cloud.scimToken;
    const endpoint = (await scimTokenEndpoint())!;
    const fresh = issueScimToken(aws.cloud.world);
    const expiresOn = new Date(Date.now() + 365 * DAY_MS);
    expiresOn.setUTCHours(0, 0, 0, 0);

    const rotated = await rotateScimToken({ token: fresh.token, createdOn: null, expiresOn }, by);

    expect(rotated.tokenExpiresAt).toBe(expiresOn.toISOString());
    expect(await scimTokenSummary()).toEqual({ tokenFingerprint: rotated.tokenFingerprint, tokenExpiresAt: expiresOn });
    expect(await readSecret(db(), SCIM_TOKEN_PURPOSE)).toBe(fresh.token);
    expect(await statuses()).toMatchObject({ "scim-credentials": "done", "provisioning-job": "done", assignments: "done", "start-provisioning": "done" });
    const steps = await readStoredSteps();
    expect(steps.get("provisioning-job")!.data).toMatchObject({ jobId, tokenFingerprint: rotated.tokenFingerprint });
    expect(steps.get("scim-credentials")!.data).toMatchObject({ endpoint, tokenFingerprint: rotated.tokenFingerprint });
    expect((await jobNow()).status.code).toBe("Active");
    // The expiry alert is resolved by the rotation itself, not at the next monitor poll.
    expect((await activeAlerts()).map((a) => a.key)).not.toContainEqual(expect.stringMatching(/^scim-token-expiry:/));

    // With the old token deleted in AWS, the job's next cycle still reaches AWS: it uses the new one.
    revokeScimToken(aws.cloud.world, old.id);
    const cycle = await entra.engine!.runCycle(jobId);
    expect(cycle.state).not.toBe("Failed");

    const event = await database.client.auditEvent.findFirst({ where: { action: "provisioning.scim-token.rotate", outcome: "success" } });
    expect(event).not.toBeNull();
    expect(JSON.parse(event!.details)).toMatchObject({ jobId, after: { fingerprint: rotated.tokenFingerprint, expiresAt: rotated.tokenExpiresAt } });
    expect(event!.details).not.toContain(fresh.token);
  });
});
