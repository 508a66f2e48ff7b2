import { IdentitystoreClient, ListUsersCommand } from "@aws-sdk/client-identitystore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignToApp } from "@/lib/entra/app-assignments";
import { ensureAwsEnterpriseApp, type EnterpriseApp } from "@/lib/entra/aws-gallery-app";
import { openGraph, type GraphSession } from "@/lib/entra/graph-session";
import {
  AWS_SYNC_TEMPLATE_ID,
  ensureProvisioningJob,
  findProvisioningJob,
  getProvisioningJob,
  pauseProvisioningJob,
  restartProvisioningJob,
  saveProvisioningSecrets,
  startProvisioningJob,
  validateProvisioningCredentials,
} from "@/lib/entra/provisioning-job";
import type { AppError } from "@/lib/errors";
import { issueScimToken, revokeScimToken } from "@/simulators/aws/scim/tokens";
import { addGroup, addUser } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { switchToExternalIdp } from "@/simulators/test-support/external-idp";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// Entra provisioning to AWS end to end: the job and its credentials set up through Graph, and a
// cycle of the simulated provisioning service pushing the assigned users to the AWS simulator's
// SCIM endpoint, read back with the identitystore SDK.

const FAST_POLL = { pollIntervalMs: 100, timeoutMs: 10_000 };

describe("the provisioning job of the AWS enterprise app", () => {
  let aws: AwsSimulatorEnv;
  let entra: EntraTestCloud;
  let session: GraphSession;
  let app: EnterpriseApp;
  let secrets: { baseAddress: string; secretToken: string };

  beforeAll(async () => {
    aws = await startAwsSimulatorEnv();
    await switchToExternalIdp(aws.cloud.world);
    entra = await startEntraTestCloud({ synchronization: { intervalMs: 3600_000, quarantineAfterFailures: 1 } });
    session = openGraph(entra.connection);
    app = (await ensureAwsEnterpriseApp(session, "AWS IAM Identity Center", FAST_POLL)).app;
    secrets = { baseAddress: aws.cloud.scimBaseUrl, secretToken: aws.cloud.scimToken.token };
  });

  afterAll(async () => {
    await entra?.close();
    await aws?.close();
  });

  const idle = async (jobId: string) => entra.engine!.whenIdle(jobId);

  it("is created once from the AWS template, then adopted", async () => {
    expect(await findProvisioningJob(session, app.servicePrincipalId)).toBeNull();
    const first = await ensureProvisioningJob(session, app.servicePrincipalId);
    expect(first.created).toBe(true);
    expect(first.job).toMatchObject({
      templateId: AWS_SYNC_TEMPLATE_ID,
      state: "Disabled",
      status: { lastExecution: null, quarantine: null, steadyStateFirstAchievedTime: null },
    });
    const again = await ensureProvisioningJob(session, app.servicePrincipalId);
    expect(again).toEqual({ job: first.job, created: false });
  });

  it("accepts a good SCIM token and refuses a revoked one with Entra's reason", async () => {
    const { job } = await ensureProvisioningJob(session, app.servicePrincipalId);
    await expect(validateProvisioningCredentials(session, app.servicePrincipalId, job.id, secrets)).resolves.toBeUndefined();

    const revoked = issueScimToken(aws.cloud.world);
    revokeScimToken(aws.cloud.world, revoked.id);
    const e = await validateProvisioningCredentials(session, app.servicePrincipalId, job.id, { ...secrets, secretToken: revoked.token }).catch(
      (err: unknown) => err as AppError,
    );
    expect(e?.code).toBe("InvalidInput");
    expect(e?.message).toMatch(/^Entra could not reach AWS's SCIM endpoint with this token: .*401/);
    expect(e?.message).not.toContain(revoked.token);
  });

  it("provisions only the assigned users once started, including direct members of an assigned group", async () => {
    const ada = addUser(entra.directory, "prov.ada", "Ada", "Admin");
    const bo = addUser(entra.directory, "prov.bo", "Bo", "Builder");
    const outsider = addUser(entra.directory, "prov.outsider", "Otto", "Outside");
    const team = addGroup(entra.directory, "Provisioned Builders", [bo.id]);
    await assignToApp(session, app.servicePrincipalId, { id: ada.id, type: "User" });
    await assignToApp(session, app.servicePrincipalId, { id: team.id, type: "Group" });
    await saveProvisioningSecrets(session, app.servicePrincipalId, secrets);

    const { job } = await ensureProvisioningJob(session, app.servicePrincipalId);
    await startProvisioningJob(session, app.servicePrincipalId, job.id);
    await idle(job.id);

    const ids = new IdentitystoreClient({});
    const users = (await ids.send(new ListUsersCommand({ IdentityStoreId: aws.cloud.world.instance.IdentityStoreId }))).Users ?? [];
    const names = users.map((u) => u.UserName);
    expect(names).toEqual(expect.arrayContaining([ada.userPrincipalName, bo.userPrincipalName]));
    expect(names).not.toContain(outsider.userPrincipalName);

    const status = (await getProvisioningJob(session, app.servicePrincipalId, job.id))!;
    expect(status).toMatchObject({ state: "Active", status: { code: "Active", lastExecution: { state: "Succeeded", error: null }, quarantine: null } });
    expect(status.status.lastExecution?.countExported).toBeGreaterThanOrEqual(2);
    expect(status.status.steadyStateFirstAchievedTime).toBeInstanceOf(Date);
    expect(status.status.synchronizedEntryCountByType).toContainEqual({ key: "Group", value: 1 });
  });

  it("pauses, and a restart clearing the quarantine state brings a quarantined job back", async () => {
    const { job } = await ensureProvisioningJob(session, app.servicePrincipalId);
    await pauseProvisioningJob(session, app.servicePrincipalId, job.id);
    expect((await getProvisioningJob(session, app.servicePrincipalId, job.id))?.status.code).toBe("Paused");

    await saveProvisioningSecrets(session, app.servicePrincipalId, { ...secrets, secretToken: "not-the-token" });
    await startProvisioningJob(session, app.servicePrincipalId, job.id);
    await idle(job.id);
    const quarantined = (await getProvisioningJob(session, app.servicePrincipalId, job.id))!;
    expect(quarantined.status.code).toBe("Quarantine");
    expect(quarantined.status.quarantine).toMatchObject({ reason: "EncounteredQuarantineException", since: expect.any(Date), nextAttempt: expect.any(Date) });
    expect(quarantined.status.quarantine?.error).toMatch(/tenant URL and secret token/);
    expect(quarantined.status.lastExecution?.error?.code).toBe("SystemForCrossDomainIdentityManagementInvalidCredentials");

    await saveProvisioningSecrets(session, app.servicePrincipalId, secrets);
    await restartProvisioningJob(session, app.servicePrincipalId, job.id, ["QuarantineState"]);
    await idle(job.id);
    const recovered = (await getProvisioningJob(session, app.servicePrincipalId, job.id))!;
    expect(recovered.status).toMatchObject({ code: "Active", quarantine: null, countSuccessiveCompleteFailures: 0, lastExecution: { state: "Succeeded" } });
  });

  it("reads as null once the enterprise app was deleted", async () => {
    const { job } = await ensureProvisioningJob(session, app.servicePrincipalId);
    await session.client.api(`/applications/${app.applicationObjectId}`).delete();
    expect(await getProvisioningJob(session, app.servicePrincipalId, job.id)).toBeNull();
  });
});
