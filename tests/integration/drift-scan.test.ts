import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db";
import { cancelDriftScan, startDriftScan } from "@/lib/drift/drift-scan";
import { exportDriftFindings } from "@/lib/drift/drift-export";
import { driftScans, scanFindings } from "@/lib/drift/drift-view";
import { principalView } from "@/lib/drift/principal-view";
import { provisionUserOnDemand } from "@/lib/provisioning/job-control";
import { ingestPass } from "@/lib/provisioning/log-ingestion";
import { readFederationConfig } from "@/lib/federation/federation-config";
import { ADA_ADMIN, CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { addGroup, addUser, assign } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";
import { provisionAda } from "../support/provisioned-job";
import { runCli, startCli, type CliRun } from "../support/run-cli";

// A drift scan against the simulated clouds after provisioning has run, with one difference of
// each kind planted on either side: each is found with its cause, and nothing else is.

useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-drift" } };
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;

async function scanToTheEnd(): Promise<string> {
  const scan = await startDriftScan(by.actor.label, { wait: true });
  expect(scan.started).toBe(true);
  await scan.done;
  return scan.id;
}

async function allFindings(scanId: string) {
  const { findings } = await scanFindings(scanId, { page: 1 });
  return findings.map((f) => [f.kind, f.subject, f.group, f.cause]);
}

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ synchronization: { intervalMs: 3_600_000 } });
  jobId = await provisionAda(aws, entra, by);
  // A group with a direct member and a nested group, provisioned by a cycle.
  const directory = entra.directory;
  const sp = directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!;
  const grace = addUser(directory, "grace.drift", "Grace", "Drift");
  const alan = addUser(directory, "alan.nested", "Alan", "Nested");
  const contractors = addGroup(directory, "Drift Contractors", [alan.id]);
  const devs = addGroup(directory, "Drift Developers", [grace.id, contractors.id]);
  assign(directory, sp, devs);
  await entra.engine!.runCycle(jobId);
}, 60_000);

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

describe("a drift scan against the simulated clouds", () => {
  it("finds only what Entra never provisions when provisioning has just run: the member of a nested group", async () => {
    const scanId = await scanToTheEnd();
    expect(await allFindings(scanId)).toEqual([["user-nested-only", `alan.nested@${CONTOSO.domain}`, null, "nested"]]);
    const { complete } = await driftScans();
    expect(complete).toMatchObject({ id: scanId, status: "complete", total: 1, requestedBy: "Olivia Operator" });
    expect(complete!.progress.entra.requests).toBeGreaterThan(0);
    expect(complete!.progress.aws.requests).toBeGreaterThan(0);
  });

  it("finds each planted difference with its cause, and nothing else", async () => {
    const directory = entra.directory;
    const store = aws.cloud.world.identityStore;
    const sp = directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!;
    // In Entra, after the last cycle: a new assignee, a disabled member, a renamed group.
    const newcomer = addUser(directory, "new.comer", "New", "Comer");
    assign(directory, sp, newcomer);
    // And one AWS will refuse: no last name.
    assign(directory, sp, addUser(directory, "mono.name", "Mono", null));
    const grace = [...directory.users.values()].find((u) => u.userPrincipalName.startsWith("grace.drift@"))!;
    directory.touch(Object.assign(grace, { accountEnabled: false }));
    const devs = [...directory.groups.values()].find((g) => g.displayName === "Drift Developers")!;
    directory.touch(Object.assign(devs, { displayName: "Drift Engineers" }));
    // In AWS, by hand: a user and a group nobody provisioned, Ada's title changed, Ada added to the group.
    store.createUser({ UserName: "break.glass", DisplayName: "Break Glass", Emails: [{ Value: "break.glass@contoso.example", Type: "work", Primary: true }] });
    store.createGroup({ DisplayName: "Emergency access" });
    const ada = store.findUserByUserName(ADA_ADMIN.userPrincipalName)!;
    store.updateUser(ada.UserId, { Title: "Queen of Engines" });
    store.addMember(store.findGroupByDisplayName("Drift Developers")!.GroupId, ada.UserId);

    const scanId = await scanToTheEnd();
    expect(await allFindings(scanId)).toEqual([
      ["user-missing", `mono.name@${CONTOSO.domain}`, null, "name-missing"],
      ["user-missing", `new.comer@${CONTOSO.domain}`, null, null],
      ["user-nested-only", `alan.nested@${CONTOSO.domain}`, null, "nested"],
      ["user-disabled-active", `grace.drift@${CONTOSO.domain}`, null, null],
      ["user-attributes", ADA_ADMIN.userPrincipalName, null, null],
      ["user-only-in-aws", "break.glass", null, "created-by-hand"],
      ["group-renamed", "Drift Engineers", null, null],
      ["group-only-in-aws", "Emergency access", null, "created-by-hand"],
      ["member-only-in-aws", ADA_ADMIN.userPrincipalName, "Drift Engineers", null],
    ]);
    const { findings } = await scanFindings(scanId, { kind: "user-attributes" });
    expect(findings[0]!.differences).toEqual([{ attribute: "title", entra: "Identity administrator", aws: "Queen of Engines" }]);
    expect(findings[0]!.reason).toContain("Job title is “Queen of Engines” in AWS, “Identity administrator” in Entra");

    // The same findings as files, every one of them.
    const read = async (format: "csv" | "json", kind?: "user-missing") => new Response((await exportDriftFindings({ format, kind })).stream).text();
    const json = JSON.parse(await read("json")) as { scan: { id: string }; findings: { kind: string; subject: string; reason: string }[] };
    expect(json.scan.id).toBe(scanId);
    expect(json.findings).toHaveLength(9);
    expect(json.findings[0]).toMatchObject({ kind: "user-missing", subject: `mono.name@${CONTOSO.domain}`, reason: expect.stringContaining("no last name") });
    const csv = (await read("csv", "user-missing")).trimEnd().split("\n");
    expect(csv[0]).toBe("kind,title,subject,group,cause,reason,fix,entraId,awsId,differences");
    expect(csv).toHaveLength(3);

    // A finding's fix: the missing user provisioned on demand is gone from the next scan.
    const missing = (await scanFindings(scanId, { kind: "user-missing" })).findings.find((f) => f.subject.startsWith("new.comer@"))!;
    expect((await provisionUserOnDemand(missing.entraId!, by)).outcome).toBe("success");
    expect((await allFindings(await scanToTheEnd())).map(([, subject]) => subject)).not.toContain(`new.comer@${CONTOSO.domain}`);

    // After a cycle, Entra has fixed what it fixes; what it never fixes stays.
    await entra.engine!.runCycle(jobId);
    const after = await allFindings(await scanToTheEnd());
    expect(after.filter(([kind]) => kind === "user-missing")).toEqual([["user-missing", `mono.name@${CONTOSO.domain}`, null, "name-missing"]]);
    expect(after.map(([kind]) => kind)).not.toContain("group-renamed");
    expect(after).toContainEqual(["user-nested-only", `alan.nested@${CONTOSO.domain}`, null, "nested"]);
    expect(after).toContainEqual(["user-only-in-aws", "break.glass", null, "created-by-hand"]);
  });

  it("names Entra's last attempt as why a user is missing, and a user Entra deactivated when it left the scope", async () => {
    const directory = entra.directory;
    const sp = directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!;
    assign(directory, sp, addUser(directory, "refused.later", "Refused", "Later"));
    const newcomer = [...directory.users.values()].find((u) => u.userPrincipalName.startsWith("new.comer@"))!;
    for (const [id, a] of directory.appRoleAssignments) if (a.principalId === newcomer.id) directory.appRoleAssignments.delete(id);
    aws.faults.set([{ route: "scim:POST /Users", errorRate: 1 }]);
    try {
      await entra.engine!.runCycle(jobId);
    } finally {
      aws.faults.clear();
    }
    await ingestPass();
    const { findings } = await scanFindings(await scanToTheEnd(), { page: 1 });
    const refused = findings.find((f) => f.subject === `refused.later@${CONTOSO.domain}`)!;
    expect(refused).toMatchObject({
      kind: "user-missing",
      cause: "last-attempt-failed",
      detail: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: /),
    });
    expect(refused.reason).toContain("Entra's last attempt failed");
    expect(refused.href).toBe(`/provisioning?identity=refused.later%40${CONTOSO.domain}`);
    expect(findings.find((f) => f.subject === `new.comer@${CONTOSO.domain}`)).toMatchObject({ kind: "user-only-in-aws", cause: "deactivated" });

    // The user side by side: not in AWS, Entra's failed attempt in its history, the scan's finding.
    const view = await principalView({ entraId: refused.entraId });
    expect(view.entra?.userPrincipalName).toBe(`refused.later@${CONTOSO.domain}`);
    expect(view.aws).toBeNull();
    expect(view.history[0]).toMatchObject({ status: "failure", action: "Create" });
    expect(view.findings.map((f) => f.kind)).toEqual(["user-missing"]);
    // Ada's job title, changed by hand in AWS, differs from Entra's and nothing else does.
    const ada = await principalView({ entraId: ADA_ADMIN.objectId });
    expect(ada.rows.filter((r) => !r.same)).toEqual([
      { attribute: "title", label: "Job title", entra: "Identity administrator", aws: "Queen of Engines", same: false },
    ]);
  });

  it("runs one scan at a time, and a cancelled scan keeps no findings", async () => {
    // Slow AWS answers keep the scan running long enough to catch it; throttling at random could exhaust the SDK's retries and fail it.
    aws.faults.set([{ route: "identitystore:ListUsers", latencyMs: 300 }]);
    try {
      const first = await startDriftScan(by.actor.label, { wait: true });
      const second = await startDriftScan("Someone Else");
      expect(second).toEqual({ id: first.id, started: false });
      expect(await cancelDriftScan(first.id)).toBe(true);
      await first.done;
      const { newest, complete } = await driftScans();
      expect(newest).toMatchObject({ id: first.id, status: "cancelled" });
      expect(complete!.id).not.toBe(first.id);
      expect((await scanFindings(first.id)).total).toBe(0);
    } finally {
      aws.faults.clear();
    }
  });

  it("shows a scan whose server stopped as failed, so the next one can start and record it so", async () => {
    const stale = await db().driftScan.create({
      data: {
        status: "running",
        runningSlot: "running",
        requestedByLabel: "A stopped server",
        leaseOwner: "gone",
        leaseUntil: new Date(Date.now() - 1_000),
        progress: JSON.stringify({ phase: "aws", entra: { objects: 1, requests: 1 }, aws: { objects: 0, requests: 0 }, budgetWaitMs: 0 }),
      },
    });
    const shown = await driftScans();
    expect(shown.running).toBeNull();
    expect(shown.newest).toMatchObject({ id: stale.id, status: "failed", problem: expect.stringMatching(/^The server running this scan stopped/) });
    await scanToTheEnd();
    expect(await db().driftScan.findUniqueOrThrow({ where: { id: stale.id } })).toMatchObject({ status: "failed", runningSlot: null });
  });

  it("never shows a scan whose process was killed midway (kill -9) as complete: it is failed once its lease runs out, and the next completes", async () => {
    const before = (await driftScans()).complete!;
    // Slow enough to be killed while it reads AWS.
    aws.faults.set([{ route: "identitystore:*", latencyMs: 700 }]);
    const cli = startCli(["drift"], { keepEntra: true, ownGroup: true });
    let killed: string;
    let ended: CliRun | null = null;
    void cli.done.then((run) => (ended = run));
    try {
      for (;;) {
        if (ended) throw new Error(`the scan ended before it could be killed: ${JSON.stringify(ended)}`);
        const { running } = await driftScans();
        if (running?.progress.phase === "aws") {
          killed = running.id;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      process.kill(-cli.child.pid!, "SIGKILL");
      expect((await cli.done).code).toBeNull();
    } finally {
      aws.faults.clear();
    }
    const shown = await driftScans();
    expect(shown.running).toMatchObject({ id: killed, status: "running" });
    expect(shown.complete!.id).toBe(before.id);
    expect((await scanFindings(killed)).total).toBe(0);
    // Its lease runs out two minutes on, as nobody renews it.
    await db().driftScan.update({ where: { id: killed }, data: { leaseUntil: new Date(Date.now() - 1_000) } });
    expect((await driftScans()).newest).toMatchObject({
      id: killed,
      status: "failed",
      problem: expect.stringMatching(/^The server running this scan stopped/),
    });
    const next = await scanToTheEnd();
    expect((await driftScans()).complete!.id).toBe(next);
  }, 60_000);

  it("fails with the cloud's reason when a side cannot be read, and frees the slot for the next scan", async () => {
    aws.faults.set([{ route: "identitystore:ListGroups", errorRate: 1 }]);
    try {
      const failed = await scanToTheEnd();
      const { newest } = await driftScans();
      expect(newest).toMatchObject({ id: failed, status: "failed" });
      expect(newest!.problem).toMatch(/AWS identity store/);
      expect((await scanFindings(failed)).total).toBe(0);
    } finally {
      aws.faults.clear();
    }
    expect((await driftScans()).newest!.status).toBe("failed");
    await scanToTheEnd();
    expect((await driftScans()).newest!.status).toBe("complete");
  });

  it("runs from the command line for cron: exit 1 with drift and the findings as JSON, --latest without a new scan", async () => {
    const run = await runCli(["drift", "--json"], { keepEntra: true });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      scan: { id: string; status: string; requestedBy: string };
      counts: Record<string, number>;
      findings: { kind: string }[];
    };
    expect(report.scan).toMatchObject({ status: "complete", requestedBy: expect.stringMatching(/^npm run cli -- drift \(/) });
    expect(report.counts["user-nested-only"]).toBe(1);
    expect(report.findings.map((f) => f.kind)).toContain("user-only-in-aws");
    const latest = await runCli(["drift", "--latest"]);
    expect(latest.code).toBe(1);
    expect(latest.stdout).toMatch(/^\d+ findings \(scan of \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\):/);
    expect(latest.stdout).toContain("Only in a nested group: alan.nested@");
    expect((await driftScans()).newest!.id).toBe(report.scan.id);
    expect((await runCli(["drift", "--verbose"])).code).toBe(3);
  });
});
