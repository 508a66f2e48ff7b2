import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignToApp } from "@/lib/entra/app-assignments";
import { ensureAwsEnterpriseApp, type EnterpriseApp } from "@/lib/entra/aws-gallery-app";
import { openGraph, type GraphSession } from "@/lib/entra/graph-session";
import { provisionOnDemand } from "@/lib/entra/provision-on-demand";
import { ensureProvisioningJob, saveProvisioningSecrets } from "@/lib/entra/provisioning-job";
import type { AppError } from "@/lib/errors";
import { addUser } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { switchToExternalIdp } from "@/simulators/test-support/external-idp";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// Provision on demand: one user pushed to AWS now, with the steps Entra reports, and Entra's
// rate limit on these requests.

describe("provisioning a user on demand", () => {
  let aws: AwsSimulatorEnv;
  let entra: EntraTestCloud;
  let session: GraphSession;
  let app: EnterpriseApp;
  let jobId: string;

  beforeAll(async () => {
    aws = await startAwsSimulatorEnv();
    await switchToExternalIdp(aws.cloud.world);
    // A window longer than the Graph transport will wait makes the limit visible to the caller.
    entra = await startEntraTestCloud({ synchronization: { intervalMs: 3600_000, onDemandLimit: { requests: 3, windowMs: 120_000 } } });
    session = openGraph(entra.connection);
    app = (await ensureAwsEnterpriseApp(session, "AWS IAM Identity Center", { pollIntervalMs: 100, timeoutMs: 10_000 })).app;
    jobId = (await ensureProvisioningJob(session, app.servicePrincipalId)).job.id;
    await saveProvisioningSecrets(session, app.servicePrincipalId, { baseAddress: aws.cloud.scimBaseUrl, secretToken: aws.cloud.scimToken.token });
  });

  afterAll(async () => {
    await entra?.close();
    await aws?.close();
  });

  it("creates an assigned user in AWS and returns the steps Entra took", async () => {
    const dana = addUser(entra.directory, "dana.demand", "Dana", "Demand");
    await assignToApp(session, app.servicePrincipalId, { id: dana.id, type: "User" });
    const result = await provisionOnDemand(session, app.servicePrincipalId, jobId, { id: dana.id });
    expect(result.outcome).toBe("success");
    expect(result.steps.map((s) => s.name)).toContain("EntryImport");
    expect(result.steps).toContainEqual(
      expect.objectContaining({ name: "EntrySynchronizationScoping", details: expect.objectContaining({ Assigned: "True" }) }),
    );
    expect(result.steps.every((s) => typeof s.description === "string" && Object.values(s.details).every((v) => typeof v === "string"))).toBe(true);
    expect(aws.cloud.world.identityStore.findUserByUserName(dana.userPrincipalName)).toBeDefined();
  });

  it("skips a user who is not assigned, saying why", async () => {
    const eve = addUser(entra.directory, "eve.unassigned", "Eve", "Unassigned");
    const result = await provisionOnDemand(session, app.servicePrincipalId, jobId, { id: eve.id });
    expect(result.outcome).toBe("skipped");
    expect(result.steps).toContainEqual(
      expect.objectContaining({ status: "Skipped", details: expect.objectContaining({ SkipReason: "NotEffectivelyEntitled" }) }),
    );
  });

  it("reports Entra's rate limit as Throttled with the wait", async () => {
    const frank = addUser(entra.directory, "frank.fast", "Frank", "Fast");
    await provisionOnDemand(session, app.servicePrincipalId, jobId, { id: frank.id });
    const e = await provisionOnDemand(session, app.servicePrincipalId, jobId, { id: frank.id }).then(
      () => null,
      (err: unknown) => err as AppError,
    );
    expect(e?.code).toBe("Throttled");
    expect(e?.message).toMatch(/try again in \d+ s/);
  });
});
