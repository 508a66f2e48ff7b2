import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import { refreshReading } from "@/lib/cloud-readings/refresh-reading";
import { provisioningLogReading } from "@/lib/provisioning/log-ingestion";
import { takeProvisioningSnapshot } from "@/lib/provisioning/monitor";
import { explainFailureGroup } from "@/lib/provisioning/cycle-failures";
import { latestCycleFailures, provisioningHistory } from "@/lib/provisioning/provisioning-history";
import { provisioningJobReading } from "@/lib/provisioning/provisioning-job-reading";
import { provisioningStatus } from "@/lib/provisioning/provisioning-overview";
import { updateSettings } from "@/lib/settings";
import { assignPrincipals, findPrincipals, unassignPrincipal } from "@/lib/setup/steps/assignments";
import { configureProvisioningJob } from "@/lib/setup/steps/provisioning-job";
import { saveScimCredentials, SCIM_TOKEN_PURPOSE } from "@/lib/setup/steps/scim-credentials";
import { startProvisioning } from "@/lib/setup/steps/start-provisioning";
import { federationProof } from "@/lib/setup/federation-status";
import { readWizard } from "@/lib/setup/wizard";
import { issueScimToken, revokeScimToken } from "@/simulators/aws/scim/tokens";
import { ADA_ADMIN, CONTOSO, OSCAR_OPERATOR, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { FaultInjector } from "@/simulators/faults";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { changeIdentitySourceInConsole, completeFederation } from "../support/complete-federation";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// The provisioning steps through lib/ against the simulated clouds, Entra's provisioning service
// included: from a pasted SCIM endpoint and token to users in the AWS identity store.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-provisioning" } };
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
const graphFaults = new FaultInjector();

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ faults: graphFaults, synchronization: { intervalMs: 3_600_000, quarantineAfterFailures: 1 } });
  // Step 6 confirmed before the change is made in the AWS console: the first test below makes it.
  await completeFederation(aws.cloud, by, { changeInAws: false });
});

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

const step = async (id: string) => (await readWizard()).steps.find((s) => s.id === id);
const lastEvent = () => database.client.auditEvent.findFirst({ orderBy: { seq: "desc" } });
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e as AppError,
  );
// What the card shows once the readers have read the job again (the card itself never reads it).
const statusAfterRead = async () => provisioningStatus(new Date(), await refreshReading(provisioningJobReading));
const awsUserNames = () => [...aws.cloud.world.identityStore.users.values()].map((u) => u.UserName).sort();

describe("provisioning setup against the simulated clouds", () => {
  it("refuses an endpoint outside AWS until an admin allows lab SCIM endpoints (lab webhooks do not)", async () => {
    await updateSettings({ allowLabWebhooks: true }, by);
    const error = await refusal(
      saveScimCredentials({ endpoint: aws.cloud.scimBaseUrl, token: aws.cloud.scimToken.token, createdOn: null, expiresOn: null }, by),
    );
    expect(error).toMatchObject({ code: "InvalidInput", message: expect.stringMatching(/Allow lab SCIM endpoints/) });
    expect(await step("scim-credentials")).toMatchObject({ status: "failed" });
    expect(await lastEvent()).toMatchObject({ action: "setup.scim-credentials.save", outcome: "failure" });
    await updateSettings({ allowLabScimEndpoints: true, allowLabWebhooks: false }, by);
  });

  it("says an unfinished identity source change is the likelier cause while AWS refuses every token, until the change is made", async () => {
    const error = await refusal(
      saveScimCredentials({ endpoint: aws.cloud.scimBaseUrl, token: aws.cloud.scimToken.token, createdOn: null, expiresOn: null }, by),
    );
    expect(error?.message).toMatch(
      /^AWS refused the token\. AWS accepts SCIM tokens only once an external identity provider is the identity source: if the change confirmed at “Identity source change in AWS” was not finished in the AWS console/,
    );
    expect(await step("scim-credentials")).toMatchObject({ status: "failed" });
    expect((await federationProof())?.changeVerifiedAt).toBeNull();
    await changeIdentitySourceInConsole(aws.cloud);
  });

  it("refuses a revoked token with the way to a new one, storing nothing", async () => {
    const revoked = issueScimToken(aws.cloud.world);
    revokeScimToken(aws.cloud.world, revoked.id);
    const error = await refusal(saveScimCredentials({ endpoint: aws.cloud.scimBaseUrl, token: revoked.token, createdOn: null, expiresOn: null }, by));
    expect(error?.message).toMatch(/AWS refused the token.*Automatic provisioning/);
    expect(error?.message).not.toContain(revoked.token);
    expect(await database.client.secret.count({ where: { purpose: SCIM_TOKEN_PURPOSE } })).toBe(0);
  });

  it("keeps a valid token encrypted with its expiry, and out of every record", async () => {
    const token = aws.cloud.scimToken.token;
    const saved = await saveScimCredentials({ endpoint: aws.cloud.scimBaseUrl, token, createdOn: null, expiresOn: new Date("2027-11-01T00:00:00Z") }, by);
    expect(saved.tokenExpiresAt).toBe("2027-11-01T00:00:00.000Z");
    const secret = await database.client.secret.findUniqueOrThrow({ where: { purpose: SCIM_TOKEN_PURPOSE } });
    expect(secret.expiresAt?.toISOString()).toBe("2027-11-01T00:00:00.000Z");
    for (const event of await database.client.auditEvent.findMany()) expect(event.details).not.toContain(token);
    const steps = await database.client.setupStep.findMany();
    for (const row of steps) expect(row.data).not.toContain(token);
    expect(JSON.stringify(await database.client.federationConfig.findMany())).not.toContain(token);
    expect(secret.ciphertext).not.toContain(token);
    // AWS accepting a token shows that the identity source change was made.
    expect((await federationProof())?.changeVerifiedAt?.toISOString()).toBe(new Date(saved.checkedAt).toISOString());
  });

  it("creates the provisioning job once, with Entra checking the token", async () => {
    const first = await configureProvisioningJob(by);
    expect(first.created).toBe(true);
    const again = await configureProvisioningJob(by);
    expect(again).toMatchObject({ jobId: first.jobId, created: false });
    expect(entra.engine!.listJobs(((await step("enterprise-app"))!.data as { servicePrincipalId: string }).servicePrincipalId)).toHaveLength(1);
  });

  it("finds and assigns users and groups, warning about nested groups", async () => {
    const found = await findPrincipals("AWS");
    const developers = found.find((p) => p.displayName === "AWS Developers");
    const ada = (await findPrincipals("Ada")).find((p) => p.type === "User");
    expect(developers && ada).toBeTruthy();
    const result = await assignPrincipals(
      [
        { id: developers!.id, type: "Group" },
        { id: ada!.id, type: "User" },
      ],
      by,
    );
    expect(result.assignees.map((a) => a.displayName).sort()).toEqual(["AWS Developers", ada!.displayName].sort());
    expect(result.nestedGroups).toEqual([{ groupId: developers!.id, group: "AWS Developers", nested: ["AWS Platform Team"] }]);
    const again = await assignPrincipals([{ id: ada!.id, type: "User" }], by);
    expect(again.assignees).toHaveLength(2);
  });

  it("starts provisioning: the assigned users arrive in AWS, and the card explains the ones AWS refused", async () => {
    expect((await provisioningStatus()).state).toBe("in-progress");
    const started = await startProvisioning(by);
    await entra.engine!.whenIdle(started.jobId);
    expect(awsUserNames()).toEqual(expect.arrayContaining([ADA_ADMIN.userPrincipalName, OSCAR_OPERATOR.userPrincipalName]));
    // The seeded tenant has awkward users (no surname, say) that AWS refuses, as real tenants do.
    const status = await statusAfterRead();
    expect(status).toMatchObject({
      state: "degraded",
      lastCycle: { state: "EntryLevelErrors" },
      firstProblem: { message: expect.stringMatching(/failed in the last cycle; the provisioning log says which and why/) },
    });
    expect(status.provisioned!.users).toBeGreaterThanOrEqual(2);
    expect(status.lastCycle!.failed).toBeGreaterThan(0);
    expect(status.lastCycle!.exported).toBeGreaterThanOrEqual(2);
    // The monitor keeps the cycle's objects by outcome for the history before the log is read; it
    // never reads Graph's log itself, so a log Graph will not serve changes nothing for it.
    const logRoute = [{ route: "graph:GET /auditLogs/provisioning", errorRate: 1 }];
    graphFaults.set(logRoute);
    try {
      expect(await takeProvisioningSnapshot()).toMatch(/^degraded/);
    } finally {
      graphFaults.set([]);
    }
    expect(await latestCycleFailures()).toBeNull();
    // The log's reader is asked to catch up; a sweep begun a second after the cycle ended holds all of it.
    expect((await database.client.cloudReading.findUnique({ where: { key: provisioningLogReading.key } }))?.requestedAt).not.toBeNull();
    await new Promise((r) => setTimeout(r, Math.max(0, status.lastCycle!.endedAt!.getTime() + 1_100 - Date.now())));
    expect((await refreshReading(provisioningLogReading)).problem).toBeNull();
    graphFaults.set(logRoute);
    try {
      await takeProvisioningSnapshot();
    } finally {
      graphFaults.set([]);
    }
    const [cycle] = (await provisioningHistory()).cycles;
    expect(cycle).toMatchObject({ state: "EntryLevelErrors", exported: status.lastCycle!.exported, failed: status.lastCycle!.failed });
    // ... and why they failed, counted in the log kept here.
    const why = await latestCycleFailures();
    expect(why!.failed).toBe(status.lastCycle!.failed);
    expect(why!.failures.complete).toBe(true);
    expect(why!.failures.groups.reduce((n, g) => n + g.count, 0)).toBe(status.lastCycle!.failed);
    expect(why!.failures.groups.map((g) => explainFailureGroup(g)?.summary).join(" ")).toMatch(/AWS refused .* is empty/);
    // A later poll of the same cycle reuses the final counts.
    await takeProvisioningSnapshot();
    const stored = await database.client.provisioningSnapshot.findMany({ orderBy: { takenAt: "asc" }, select: { lastCycleFailures: true } });
    expect(stored.map((r) => r.lastCycleFailures !== null)).toEqual([false, true, true]);
    expect(stored[2]!.lastCycleFailures).toBe(stored[1]!.lastCycleFailures);
    expect((await readWizard()).current).toBeNull();
  });

  it("refuses to remove the last assignment, and removes others", async () => {
    const assignees = ((await step("assignments"))!.data as { assignees: { assignmentId: string; displayName: string }[] }).assignees;
    await unassignPrincipal(assignees[0]!.assignmentId, by);
    const last = ((await step("assignments"))!.data as { assignees: { assignmentId: string }[] }).assignees;
    expect(last).toHaveLength(1);
    expect(await refusal(unassignPrincipal(last[0]!.assignmentId, by))).toMatchObject({ code: "Conflict", message: expect.stringMatching(/only assignment/) });
    expect(await step("assignments")).toMatchObject({ status: "done" });
  });

  it("turns broken, saying why, when AWS revokes the token", async () => {
    revokeScimToken(aws.cloud.world, aws.cloud.scimToken.id);
    const jobId = ((await step("provisioning-job"))!.data as { jobId: string }).jobId;
    await entra.engine!.runCycle(jobId);
    const status = await statusAfterRead();
    expect(status.state).toBe("broken");
    // The simulated Entra reports AWS's 401 as Entra does; the card names the cause and links to the rotation.
    expect(status.token?.rejected).toBe(true);
    expect(status.firstProblem).toMatchObject({ message: expect.stringMatching(/AWS rejected the SCIM token/), href: "/provisioning#scim-token" });
  });

  it("keeps what each monitor poll saw, outages included", async () => {
    expect(await takeProvisioningSnapshot()).toMatch(/^broken: /);
    graphFaults.set([{ route: "graph:*", errorRate: 1 }]);
    try {
      expect(await takeProvisioningSnapshot()).toMatch(/^could not read the job/);
    } finally {
      graphFaults.set([]);
    }
    const snapshots = (await database.client.provisioningSnapshot.findMany({ orderBy: { takenAt: "asc" } })).slice(3);
    expect(snapshots.map((s) => s.state)).toEqual(["broken", "unknown"]);
    expect(snapshots[0]).toMatchObject({ lastCycleState: "Failed", problem: expect.stringMatching(/quarantined/) });
    expect(snapshots[1]!.readError).toMatch(/./);
    expect(snapshots[0]).toMatchObject({ quarantineReason: expect.stringMatching(/401/), consecutiveFailures: 1 });
    const history = await provisioningHistory();
    expect(history.polls.map((p) => p.state)).toEqual(["degraded", "degraded", "degraded", "broken", "unknown"]);
    expect(history.cycles.map((c) => c.state)).toEqual(["EntryLevelErrors", "Failed"]);
  });

  it("shows in the history every cycle a read of the job saw, not only those a poll saw", async () => {
    const jobId = ((await step("provisioning-job"))!.data as { jobId: string }).jobId;
    const polls = await database.client.provisioningSnapshot.count();
    const before = (await provisioningHistory()).cycles;
    // Two cycles run between two polls; the readers behind the open pages see each as it ends.
    for (let i = 0; i < 2; i++) {
      await entra.engine!.runCycle(jobId);
      expect((await refreshReading(provisioningJobReading)).problem).toBeNull();
      // A second read of the same cycle keeps it once.
      await refreshReading(provisioningJobReading);
    }
    const after = (await provisioningHistory()).cycles;
    expect(after).toHaveLength(before.length + 2);
    expect(after.slice(-2).map((c) => c.state)).toEqual(["Failed", "Failed"]);
    expect(await database.client.provisioningSnapshot.count()).toBe(polls);
  });
});
