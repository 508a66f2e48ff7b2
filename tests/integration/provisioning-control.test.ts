import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import type { AppError } from "@/lib/errors";
import { getProvisioningJob } from "@/lib/entra/provisioning-job";
import { pauseProvisioning, provisionUserOnDemand, restartProvisioning, resumeProvisioning } from "@/lib/provisioning/job-control";
import { provisioningJobRef } from "@/lib/provisioning/provisioning-job-ref";
import { updateSettings } from "@/lib/settings";
import { assignPrincipals, findPrincipals } from "@/lib/setup/steps/assignments";
import { configureProvisioningJob } from "@/lib/setup/steps/provisioning-job";
import { saveScimCredentials } from "@/lib/setup/steps/scim-credentials";
import { startProvisioning } from "@/lib/setup/steps/start-provisioning";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { completeFederation } from "../support/complete-federation";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// Pausing, resuming, restarting the job and provisioning on demand through lib/, against the
// simulated clouds after the wizard has started provisioning: each attempt leaves one audit event.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-control" } };
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;
let adaId: string;

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ synchronization: { intervalMs: 3_600_000 } });
  await completeFederation(aws.cloud, by);
  await updateSettings({ allowLabScimEndpoints: true }, by);
  await saveScimCredentials({ endpoint: aws.cloud.scimBaseUrl, token: aws.cloud.scimToken.token, createdOn: null, expiresOn: null }, by);
  jobId = (await configureProvisioningJob(by)).jobId;
  adaId = (await findPrincipals("Ada")).find((p) => p.type === "User")!.id;
  await assignPrincipals([{ id: adaId, type: "User" }], by);
  await startProvisioning(by);
  await entra.engine!.whenIdle(jobId);
});

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

const jobCode = async () => {
  const t = await provisioningJobRef();
  return (await getProvisioningJob(t.session, t.servicePrincipalId, t.jobId))?.status.code;
};
const lastEvent = () => database.client.auditEvent.findFirst({ orderBy: { seq: "desc" } });
const details = async () => JSON.parse((await lastEvent())!.details) as Record<string, unknown>;

describe("controlling the provisioning job", () => {
  it("pauses the job and records who did it", async () => {
    expect(await pauseProvisioning(by)).toEqual({ jobId });
    expect(await jobCode()).toBe("Paused");
    expect(await lastEvent()).toMatchObject({
      action: "provisioning.pause",
      outcome: "success",
      actorLabel: "Olivia Operator",
      targetType: "provisioning-job",
      targetId: jobId,
      requestId: "req-control",
    });
  });

  it("resumes the paused job", async () => {
    await resumeProvisioning(by);
    await entra.engine!.whenIdle(jobId);
    expect(await jobCode()).toBe("Active");
    expect(await lastEvent()).toMatchObject({ action: "provisioning.resume", outcome: "success" });
  });

  it("restarts with the chosen reset scope", async () => {
    await restartProvisioning(["QuarantineState", "QuarantineState"], by);
    await entra.engine!.whenIdle(jobId);
    expect(await jobCode()).toBe("Active");
    expect(await lastEvent()).toMatchObject({ action: "provisioning.restart", outcome: "success" });
    expect(await details()).toEqual({ resetScope: ["QuarantineState"] });
    await expect(restartProvisioning([], by)).rejects.toMatchObject({ code: "InvalidInput" });
  });

  it("provisions an assigned user on demand and returns Entra's steps", async () => {
    const result = await provisionUserOnDemand(adaId, by);
    expect(["success", "skipped"]).toContain(result.outcome);
    expect(result.steps.map((s) => s.name)).toContain("EntryImport");
    expect(await lastEvent()).toMatchObject({ action: "provisioning.on-demand", outcome: "success" });
    expect(await details()).toMatchObject({ userId: adaId, outcome: result.outcome });
  });

  it("records a refused attempt as a failure with Entra's reason", async () => {
    const error = await provisionUserOnDemand("00000000-0000-0000-0000-000000000000", by).then(
      () => null,
      (e: unknown) => e as AppError,
    );
    expect(error?.code).toBeTruthy();
    expect(await lastEvent()).toMatchObject({ action: "provisioning.on-demand", outcome: "failure" });
    expect(await details()).toMatchObject({ problem: error!.message, code: error!.code });
  });
});
