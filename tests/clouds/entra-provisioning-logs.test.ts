import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignToApp } from "@/lib/entra/app-assignments";
import { ensureAwsEnterpriseApp, type EnterpriseApp } from "@/lib/entra/aws-gallery-app";
import { openGraph, type GraphSession } from "@/lib/entra/graph-session";
import { ensureProvisioningJob, saveProvisioningSecrets, startProvisioningJob } from "@/lib/entra/provisioning-job";
import { graphFilter, listProvisioningLogs } from "@/lib/entra/provisioning-logs";
import { explainProvisioningError } from "@/lib/provisioning/explain-scim-error";
import type { GraphUser } from "@/simulators/entra/directory";
import { addUser } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { switchToExternalIdp } from "@/simulators/test-support/external-idp";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// The provisioning log read through Graph after one cycle in which AWS refused some users, as it
// refuses awkward users of real tenants: filtered by Graph where Graph can, by name after reading.

describe("the provisioning logs of the AWS enterprise app", () => {
  let aws: AwsSimulatorEnv;
  let entra: EntraTestCloud;
  let session: GraphSession;
  let app: EnterpriseApp;
  let jobId: string;
  let good: GraphUser;
  let noSurname: GraphUser;
  let tabbed: GraphUser;
  let before: Date;

  beforeAll(async () => {
    aws = await startAwsSimulatorEnv();
    await switchToExternalIdp(aws.cloud.world);
    entra = await startEntraTestCloud({ synchronization: { intervalMs: 3_600_000 } });
    session = openGraph(entra.connection);
    app = (await ensureAwsEnterpriseApp(session, "AWS IAM Identity Center", { pollIntervalMs: 100, timeoutMs: 10_000 })).app;
    jobId = (await ensureProvisioningJob(session, app.servicePrincipalId)).job.id;
    await saveProvisioningSecrets(session, app.servicePrincipalId, { baseAddress: aws.cloud.scimBaseUrl, secretToken: aws.cloud.scimToken.token });
    good = addUser(entra.directory, "log.good", "Gail", "Good");
    noSurname = addUser(entra.directory, "log.mono", "Mono", null);
    tabbed = addUser(entra.directory, "log.tab", "Tab", "Bed", { jobTitle: "Lead\tEngineer" });
    for (const u of [good, noSurname, tabbed]) await assignToApp(session, app.servicePrincipalId, { id: u.id, type: "User" });
    before = new Date();
    await startProvisioningJob(session, app.servicePrincipalId, jobId);
    await entra.engine!.whenIdle(jobId);
  });

  afterAll(async () => {
    await entra?.close();
    await aws?.close();
  });

  it("lists the cycle's entries with their steps, failures carrying Entra's error", async () => {
    const { entries } = await listProvisioningLogs(session, { jobId, top: 100 });
    const created = entries.find((e) => e.source.id === good.id);
    expect(created).toMatchObject({ action: "Create", status: "success", errorCode: null, target: { displayName: good.userPrincipalName } });
    expect(created?.steps.map((s) => s.name)).toContain("EntryExportAdd");
    expect(created?.activityDateTime.getTime()).toBeGreaterThanOrEqual(before.getTime());

    const refused = entries.find((e) => e.source.id === noSurname.id);
    expect(refused).toMatchObject({
      action: "Create",
      status: "failure",
      errorCode: "SystemForCrossDomainIdentityManagementBadRequest",
      source: { type: "User" },
    });
    expect(refused?.errorReason).toMatch(/familyName/);
    expect(explainProvisioningError(refused!)?.summary).toMatch(/last name \(surname\) is empty/);
    const badChars = entries.find((e) => e.source.id === tabbed.id);
    expect(explainProvisioningError(badChars!)?.summary).toMatch(/character IAM Identity Center does not accept/);
  });

  it("filters by outcome, action and time in Graph", async () => {
    const failures = await listProvisioningLogs(session, { jobId, top: 100, filter: { status: "failure" } });
    expect(failures.entries.map((e) => e.source.id).sort()).toEqual(expect.arrayContaining([noSurname.id, tabbed.id]));
    expect(failures.entries.every((e) => e.status === "failure")).toBe(true);
    const creates = await listProvisioningLogs(session, { jobId, top: 100, filter: { action: "Create", status: "success" } });
    expect(creates.entries.map((e) => e.source.id)).toContain(good.id);
    expect(creates.entries.every((e) => e.action === "Create" && e.status === "success")).toBe(true);
    expect((await listProvisioningLogs(session, { jobId, filter: { until: before } })).entries).toEqual([]);
    expect((await listProvisioningLogs(session, { jobId, top: 100, filter: { since: before } })).entries.length).toBeGreaterThanOrEqual(3);
  });

  it("finds an identity by part of its name, and by its object id", async () => {
    const byName = await listProvisioningLogs(session, { jobId, top: 1, filter: { identity: "LOG.MONO" } });
    expect(byName.entries.map((e) => e.source.id)).toEqual([noSurname.id]);
    const byId = await listProvisioningLogs(session, { jobId, filter: { identity: tabbed.id } });
    expect(byId.entries.map((e) => e.source.id)).toEqual([tabbed.id]);
  });

  it("pages with the skip token, without repeating entries", async () => {
    const all = (await listProvisioningLogs(session, { jobId, top: 100 })).entries.map((e) => e.id);
    const seen: string[] = [];
    let token: string | null = null;
    do {
      const page = await listProvisioningLogs(session, { jobId, top: 2, skipToken: token });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((e) => e.id));
      token = page.nextSkipToken;
    } while (token);
    expect(seen).toEqual(all);
  });

  it("keeps quotes in values inside their OData string literal", () => {
    expect(graphFilter("job'1", { status: "failure" })).toBe("jobId eq 'job''1' and provisioningStatusInfo/status eq 'failure'");
  });
});
