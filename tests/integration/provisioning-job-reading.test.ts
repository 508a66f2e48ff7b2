import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { refreshReading } from "@/lib/cloud-readings/refresh-reading";
import { requestRefresh } from "@/lib/cloud-readings/cloud-reading";
import { pauseProvisioning, resumeProvisioning } from "@/lib/provisioning/job-control";
import { takeProvisioningSnapshot } from "@/lib/provisioning/monitor";
import { provisioningCardView } from "@/lib/provisioning/provisioning-card-view";
import { checkProvisioningJobNow, forgetProvisioningJob, provisioningJobReading } from "@/lib/provisioning/provisioning-job-reading";
import type { ProvisioningOverview } from "@/lib/provisioning/provisioning-overview";
import { configureProvisioningJob } from "@/lib/setup/steps/provisioning-job";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { FaultInjector } from "@/simulators/faults";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { testProvider, useFreshDatabase } from "../support/databases";
import { provisionAda } from "../support/provisioned-job";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// The provisioning job as the pages see it: what the readers stored, never a Graph call while
// rendering; Check now and the job controls read it again, once however many ask; a read that
// fails keeps the last state on screen with its age and the reason.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-reading" } };
const JOB_ROUTE = "graph:GET /servicePrincipals/{id}/synchronization/jobs/{jobId}";
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;

// Every request the simulated Graph answers passes the fault injector: counting there counts what
// SSO Bridge asked of Graph.
const graphFaults = new FaultInjector();
const graphRequests: string[] = [];
const decide = graphFaults.decide.bind(graphFaults);
graphFaults.decide = (route) => {
  graphRequests.push(route);
  return decide(route);
};
const jobReads = () => graphRequests.filter((r) => r === JOB_ROUTE).length;

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ faults: graphFaults, synchronization: { intervalMs: 3_600_000 } });
  jobId = await provisionAda(aws, entra, by);
});

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

beforeEach(() => graphFaults.clear());

async function card(): Promise<ProvisioningOverview> {
  const view = await provisioningCardView();
  if (!view.ok) throw new Error(`the card shows a problem: ${view.problem}`);
  return view.data;
}

/** A value read more than Check now's two seconds ago, so that Check now has to read. */
const olderThanFreshEnough = () => new Promise((r) => setTimeout(r, 2_100));

describe(`the provisioning job as a stored reading, on ${testProvider()}`, () => {
  it("says it is reading the job for the first time until the first read, then shows the job", async () => {
    await forgetProvisioningJob();
    const before = graphRequests.length;
    expect(await card()).toMatchObject({ reading: { readAt: null, problem: null } });
    expect(graphRequests.length).toBe(before);
    await refreshReading(provisioningJobReading);
    expect(await card()).toMatchObject({ state: "healthy", jobCode: "Active", reading: { readAt: expect.any(Date), problem: null } });
  });

  it("renders the card from what is stored, asking Graph nothing", async () => {
    await refreshReading(provisioningJobReading);
    const before = graphRequests.length;
    const views = await Promise.all(Array.from({ length: 20 }, () => card()));
    expect(graphRequests.length).toBe(before);
    expect(views.every((v) => v.state === "healthy" && v.reading?.readAt)).toBe(true);
    expect(views[0]!.provisioned!.users).toBeGreaterThanOrEqual(1);
  });

  it("answers Check now from 50 people at once with one Graph call", async () => {
    await refreshReading(provisioningJobReading);
    await olderThanFreshEnough();
    const before = jobReads();
    const { readAt } = (await card()).reading!;
    const checks = await Promise.all(Array.from({ length: 50 }, () => checkProvisioningJobNow()));
    expect(jobReads() - before).toBe(1);
    expect(new Set(checks.map((c) => c.readAt?.getTime())).size).toBe(1);
    expect(checks[0]!.readAt!.getTime()).toBeGreaterThan(readAt!.getTime());
    // Asked again straight away, the value just read serves it.
    await checkProvisioningJobNow();
    expect(jobReads() - before).toBe(1);
  });

  it("keeps the last state on screen, with its age and the reason, while Graph throttles", async () => {
    const good = await checkProvisioningJobNow();
    graphFaults.set([{ route: JOB_ROUTE, throttleRate: 1, retryAfterSeconds: 1 }]);
    await requestRefresh(provisioningJobReading);
    await refreshReading(provisioningJobReading);
    const shown = await card();
    expect(shown).toMatchObject({ state: "healthy", jobCode: "Active", reading: { readAt: good.readAt, problem: expect.stringMatching(/throttling/) } });
    // Whoever presses Check now is told why, and the card keeps its state.
    await olderThanFreshEnough();
    await expect(checkProvisioningJobNow()).rejects.toMatchObject({ code: "Unavailable", message: expect.stringMatching(/throttling/) });
    expect(await card()).toMatchObject({ state: "healthy", reading: { readAt: good.readAt } });
    // The monitor records that it could not read the job, and the alerts stay as they are.
    expect(await takeProvisioningSnapshot()).toMatch(/^could not read the job: .*throttling/);
    const snapshot = await database.client.provisioningSnapshot.findFirstOrThrow({ orderBy: { takenAt: "desc" } });
    expect(snapshot).toMatchObject({ state: "unknown", readError: expect.stringMatching(/throttling/) });
    expect(await evaluateAlerts()).toMatch(/^alerts kept as they are; .*throttling/);
    graphFaults.clear();
    await refreshReading(provisioningJobReading);
    expect(await card()).toMatchObject({ state: "healthy", reading: { problem: null } });
  }, 60_000);

  it("shows a job control's effect on the very next render", async () => {
    await pauseProvisioning(by);
    const before = graphRequests.length;
    expect(await card()).toMatchObject({ state: "degraded", jobCode: "Paused" });
    await resumeProvisioning(by);
    expect(await card()).toMatchObject({ jobCode: "Active" });
    expect(graphRequests.length - before).toBeGreaterThanOrEqual(2);
    await entra.engine!.whenIdle(jobId);
  });

  it("does not show what was read of another job, and reads the job afresh when setup configures it again", async () => {
    const kept = await refreshReading(provisioningJobReading);
    await database.client.cloudReading.update({
      where: { key: provisioningJobReading.key },
      data: { value: provisioningJobReading.value.encode({ ...kept.value!, jobId: "a-job-set-up-before" }) },
    });
    expect(await card()).toMatchObject({ state: "in-progress", jobCode: null, reading: { readAt: null } });
    const configuredAt = new Date();
    expect((await configureProvisioningJob(by)).jobId).toBe(jobId);
    expect(await card()).toMatchObject({ jobCode: "Active", reading: { readAt: expect.any(Date) } });
    expect((await card()).reading!.readAt!.getTime()).toBeGreaterThanOrEqual(configuredAt.getTime());
  });
});
