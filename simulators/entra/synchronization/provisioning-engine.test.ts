import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsWorld, type AwsWorld } from "../../aws/world";
import { ProvisioningEngine } from "./provisioning-engine";
import { AWS_RULE_ID } from "./aws-template";
import { addGroup, addUser, assign, testDirectory, unassign, startScimEndpoint, type ScimEndpoint } from "./sync-test-fixtures";

// The engine against a SCIM endpoint over real HTTP, asserting on what lands in the AWS identity store.

const HOUR = 3600_000;

describe("provisioning engine", () => {
  let world: AwsWorld;
  let scim: ScimEndpoint;
  const engines: ProvisioningEngine[] = [];

  beforeAll(async () => {
    world = createAwsWorld();
    scim = await startScimEndpoint(world);
  });

  afterAll(async () => {
    await Promise.all(engines.map((e) => e.stop()));
    await scim.close();
  });

  function setup(opts: { intervalMs?: number } = {}) {
    const { directory, sp } = testDirectory();
    const engine = new ProvisioningEngine({ directory, intervalMs: opts.intervalMs ?? HOUR });
    engines.push(engine);
    // Each setup stands for a fresh connection; AWS allows only two tokens, so earlier ones go.
    for (const t of [...world.scim.tokens]) scim.revokeToken(t.id);
    const token = scim.issueToken();
    engine.setSecrets(sp.id, [
      { key: "BaseAddress", value: scim.baseUrl },
      { key: "SecretToken", value: token.token },
    ]);
    const job = engine.createJob(sp.id, "aWSSingleSignon");
    return { directory, sp, engine, job, token };
  }

  it("provisions assigned users and the direct members of assigned groups, not nested groups", async () => {
    const { directory, sp, engine, job } = setup();
    const ada = addUser(directory, "cycle.ada", "Ada", "Admin", { jobTitle: "Identity administrator" });
    const oscar = addUser(directory, "cycle.oscar", "Oscar", "Operator");
    const vera = addUser(directory, "cycle.vera", "Vera", "Viewer");
    const awkward = addUser(directory, "cycle.mono", "Mono", null);
    const auditors = addGroup(directory, "Cycle Auditors", [vera.id]);
    const engineers = addGroup(directory, "Cycle Engineers", [oscar.id, auditors.id]);
    assign(directory, sp, ada);
    assign(directory, sp, awkward);
    assign(directory, sp, engineers);

    expect(job.status.code).toBe("Paused");
    expect(job.schedule).toMatchObject({ interval: "PT1H", state: "Disabled" });
    const run = await engine.runCycle(job.id);

    const store = world.identityStore;
    const awsAda = store.findUserByUserName(ada.userPrincipalName);
    expect(awsAda).toMatchObject({ DisplayName: "Ada Admin", Name: { GivenName: "Ada", FamilyName: "Admin" }, Active: true });
    expect(awsAda?.ExternalIds?.[0]?.Id).toBe(ada.id);
    const awsOscar = store.findUserByUserName(oscar.userPrincipalName);
    expect(awsOscar).toBeDefined();
    expect(store.findUserByUserName(vera.userPrincipalName)).toBeUndefined();
    expect(store.findGroupByDisplayName("Cycle Auditors")).toBeUndefined();
    const awsEngineers = store.findGroupByDisplayName("Cycle Engineers");
    expect(awsEngineers).toBeDefined();
    expect(store.membersOf(awsEngineers?.GroupId ?? "").map((m) => m.MemberId.UserId)).toEqual([awsOscar?.UserId]);

    expect(run).toMatchObject({ state: "EntryLevelErrors", countEntitled: 4, countExported: 3, countEscrowed: 1 });
    expect(job.status.lastExecution?.activityIdentifier).toBe(run.activityIdentifier);
    expect(job.status.synchronizedEntryCountByType).toEqual([
      { key: "User", value: 2 },
      { key: "Group", value: 1 },
    ]);

    const logs = engine.logs.query({ filter: `jobId eq '${job.id}'`, top: 50 }).value;
    expect(logs).toHaveLength(4);
    const failed = logs.find((l) => l.sourceIdentity.id === awkward.id);
    expect(failed?.provisioningStatusInfo.status).toBe("failure");
    expect(failed?.provisioningAction).toBe("create");
    expect(failed?.provisioningStatusInfo.errorInformation?.errorCode).toBe("SystemForCrossDomainIdentityManagementBadRequest");
    expect(failed?.provisioningStatusInfo.errorInformation?.reason).toContain("name.familyName");
    expect(failed?.cycleId).toBe(run.activityIdentifier);
    const created = logs.find((l) => l.sourceIdentity.id === ada.id);
    expect(created).toMatchObject({ provisioningAction: "create", provisioningStatusInfo: { status: "success" }, targetIdentity: { id: awsAda?.UserId } });

    // Second cycle: nothing changed but Ada's title; Oscar leaves the group and so the scope.
    ada.jobTitle = "Chief identity officer";
    engineers.members = [auditors.id];
    const second = await engine.runCycle(job.id);
    expect(store.findUserByUserName(oscar.userPrincipalName)?.Active).toBe(false);
    expect(store.membersOf(awsEngineers?.GroupId ?? "")).toEqual([]);
    const secondLogs = engine.logs.query({ filter: `cycleId eq '${second.activityIdentifier}'`, top: 50 }).value;
    expect(secondLogs.find((l) => l.sourceIdentity.id === ada.id)?.provisioningAction).toBe("update");
    expect(secondLogs.find((l) => l.sourceIdentity.id === oscar.id)?.provisioningAction).toBe("disable");
    expect(secondLogs.find((l) => l.sourceIdentity.id === engineers.id)?.provisioningAction).toBe("update");

    // Unassigning the group deletes it in AWS.
    unassign(directory, sp, engineers.id);
    await engine.runCycle(job.id);
    expect(store.findGroupByDisplayName("Cycle Engineers")).toBeUndefined();
  });

  it("fails cycles on a revoked token, quarantines after three, and restart clears the quarantine", async () => {
    const { directory, sp, engine, job, token } = setup();
    assign(directory, sp, addUser(directory, "q.ada", "Ada", "Quarantine"));
    engine.start(job.id);
    await engine.whenIdle(job.id);
    expect(job.status.lastExecution?.state).toBe("Succeeded");
    expect(job.status.code).toBe("Active");

    scim.revokeToken(token.id);
    for (let i = 0; i < 3; i++) await engine.runCycle(job.id);
    expect(job.status.lastExecution?.state).toBe("Failed");
    expect(job.status.lastExecution?.error?.code).toBe("SystemForCrossDomainIdentityManagementInvalidCredentials");
    expect(job.status.countSuccessiveCompleteFailures).toBe(3);
    expect(job.status.code).toBe("Quarantine");
    expect(job.status.quarantine?.reason).toBe("EncounteredQuarantineException");
    const nextAttempt = Date.parse(job.status.quarantine?.nextAttempt ?? "");
    expect(nextAttempt - Date.now()).toBeGreaterThan(8 * HOUR);

    const fresh = scim.issueToken();
    engine.setSecrets(sp.id, [
      { key: "BaseAddress", value: scim.baseUrl },
      { key: "SecretToken", value: fresh.token },
    ]);
    engine.restart(job.id, "QuarantineState");
    expect(job.status.quarantine).toBeNull();
    expect(job.status.code).toBe("Active");
    await engine.whenIdle(job.id);
    expect(job.status.lastExecution?.state).toBe("Succeeded");
    expect(job.status.countSuccessiveCompleteFailures).toBe(0);
  });

  it("runs a fresh cycle for a restart that arrives while a cycle is running", async () => {
    const { directory, sp, engine, job } = setup();
    assign(directory, sp, addUser(directory, "rerun.ada", "Ada", "Rerun"));
    engine.start(job.id);
    engine.restart(job.id, "Watermark");
    await engine.whenIdle(job.id);
    const cycles = new Set(
      engine.logs
        .all()
        .filter((e) => e.jobId === job.id)
        .map((e) => e.cycleId),
    );
    expect(cycles.size).toBe(2);
    expect(job.status.lastExecution?.state).toBe("Succeeded");
  });

  it("logs every object in the initial cycle, only what changed in incremental ones, and everything again after a watermark reset", async () => {
    const { directory, sp, engine, job } = setup();
    const ada = addUser(directory, "inc.ada", "Ada", "Incremental");
    const bob = addUser(directory, "inc.bob", "Bob", "Incremental");
    assign(directory, sp, ada);
    assign(directory, sp, bob);
    const cycleEntries = () => {
      const mine = engine.logs.all().filter((l) => l.jobId === job.id);
      const last = job.status.lastExecution?.activityIdentifier;
      return mine.filter((l) => l.cycleId === last).map((l) => `${l.sourceIdentity.displayName}:${l.provisioningAction}:${l.provisioningStatusInfo.status}`);
    };
    engine.start(job.id);
    await engine.whenIdle(job.id);
    expect(cycleEntries().sort()).toEqual(["inc.ada@contoso.example:create:success", "inc.bob@contoso.example:create:success"].sort());

    engine.restart(job.id, "None");
    await engine.whenIdle(job.id);
    expect(cycleEntries()).toEqual([]);

    directory.touch(Object.assign(bob, { jobTitle: "Engineer" }));
    engine.restart(job.id, "None");
    await engine.whenIdle(job.id);
    expect(cycleEntries()).toEqual(["inc.bob@contoso.example:update:success"]);

    engine.restart(job.id, "Watermark");
    await engine.whenIdle(job.id);
    expect(cycleEntries()).toHaveLength(2);
  });

  it("runs cycles on its interval while active and none once paused", async () => {
    const { directory, sp, engine, job } = setup({ intervalMs: 60 });
    assign(directory, sp, addUser(directory, "timer.ada", "Ada", "Timer"));
    engine.start(job.id);
    // Incremental cycles log nothing for an unchanged tenant: count the runs the job reports.
    const runs = new Set<string>();
    const sampling = setInterval(() => {
      const id = job.status.lastExecution?.activityIdentifier;
      if (id) runs.add(id);
    }, 10);
    await new Promise((resolve) => setTimeout(resolve, 400));
    clearInterval(sampling);
    expect(runs.size).toBeGreaterThan(2);
    expect(
      new Set(
        engine.logs
          .all()
          .filter((l) => l.jobId === job.id)
          .map((l) => l.cycleId),
      ).size,
    ).toBe(1);

    engine.pause(job.id);
    await engine.whenIdle(job.id);
    const last = job.status.lastExecution?.activityIdentifier;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(job.status.lastExecution?.activityIdentifier).toBe(last);
    expect(job.status.code).toBe("Paused");
  });

  it("provisions one user on demand and answers with the steps as JSON strings", async () => {
    const { directory, sp, engine, job } = setup();
    const nina = addUser(directory, "od.nina", "Nina", "Newcomer");
    const stranger = addUser(directory, "od.stranger", "Sam", "Stranger");
    assign(directory, sp, nina);
    const request = [{ ruleId: AWS_RULE_ID, subjects: [{ objectId: nina.id, objectTypeName: "User" }] }];

    const answer = await engine.provisionOnDemand(job.id, sp.id, request);
    const key = JSON.parse(answer.key) as { result: string };
    const value = JSON.parse(answer.value) as {
      action: string;
      provisioningSteps: { name: string; type: string; status: string }[];
      targetIdentity: { id: string };
    };
    expect(key.result).toBe("Success");
    expect(value.action).toBe("Create");
    expect(value.provisioningSteps.map((s) => s.type)).toEqual(["Import", "Scoping", "Matching", "Export"]);
    expect(value.targetIdentity.id).toBe(world.identityStore.findUserByUserName(nina.userPrincipalName)?.UserId);

    const again = JSON.parse((await engine.provisionOnDemand(job.id, sp.id, request)).key) as { result: string; details: { errorCode?: string } };
    expect(again).toMatchObject({ result: "Skipped", details: { errorCode: "RedundantExport" } });
    // Changed in the AWS console since: on demand compares with what AWS holds, and puts it right.
    world.identityStore.updateUser(value.targetIdentity.id, { Title: "Changed by hand" });
    const righted = JSON.parse((await engine.provisionOnDemand(job.id, sp.id, request)).value) as { action: string };
    expect(righted.action).toBe("Update");
    expect(world.identityStore.getUser(value.targetIdentity.id).Title).toBeUndefined();

    const outside = JSON.parse(
      (await engine.provisionOnDemand(job.id, sp.id, [{ ruleId: AWS_RULE_ID, subjects: [{ objectId: stranger.id, objectTypeName: "User" }] }])).key,
    ) as { result: string };
    expect(outside.result).toBe("Skipped");
    expect(world.identityStore.findUserByUserName(stranger.userPrincipalName)).toBeUndefined();

    await engine.provisionOnDemand(job.id, sp.id, request);
    await expect(engine.provisionOnDemand(job.id, sp.id, request)).rejects.toMatchObject({ status: 429 });
  });

  it("validates good and bad credentials with a real SCIM request", async () => {
    const { sp, engine, job } = setup();
    await expect(engine.validateCredentials(job.id, sp.id, { useSavedCredentials: true })).resolves.toBeUndefined();
    await expect(
      engine.validateCredentials(job.id, sp.id, {
        credentials: [
          { key: "BaseAddress", value: scim.baseUrl },
          { key: "SecretToken", value: "not-a-token" },
        ],
      }),
    ).rejects.toMatchObject({ status: 400, code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure" });
  });
});
