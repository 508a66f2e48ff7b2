import { describe, expect, it } from "vitest";
import { isoDuration, initialStatus, recordCycle, type SynchronizationTaskExecution } from "./job-status";
import { ProvisioningLogStore, type ProvisioningObjectSummary } from "./provisioning-logs";
import { assignedScope } from "./provisioning-scope";
import { ProvisioningEngine } from "./provisioning-engine";
import { addGroup, addUser, assign, testDirectory } from "./sync-test-fixtures";
import { toScimUser } from "./aws-template";

function execution(state: SynchronizationTaskExecution["state"], exported = 0): SynchronizationTaskExecution {
  const now = new Date().toISOString();
  return {
    activityIdentifier: crypto.randomUUID(),
    countEntitled: 1,
    countEntitledForProvisioning: 1,
    countEscrowed: 0,
    countEscrowedRaw: 0,
    countExported: exported,
    countExports: exported,
    countImported: 1,
    countImportedDeltas: 1,
    countImportedReferenceDeltas: 0,
    error: state === "Failed" ? { code: "SystemForCrossDomainIdentityManagementInvalidCredentials", message: "401", tenantActionable: true } : null,
    state,
    timeBegan: now,
    timeEnded: now,
  };
}

function entry(jobId: string, n: number): ProvisioningObjectSummary {
  return {
    id: `e${n}`,
    activityDateTime: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
    tenantId: "t",
    jobId,
    cycleId: "c",
    changeId: `ch${n}`,
    provisioningAction: "create",
    durationInMilliseconds: 1,
    provisioningStatusInfo: { status: n % 2 ? "failure" : "success", errorInformation: null },
    provisioningSteps: [],
    modifiedProperties: [],
    servicePrincipal: { id: "sp", displayName: "AWS" },
    sourceSystem: { id: null, displayName: "Azure Active Directory", details: {} },
    targetSystem: { id: null, displayName: "AWS", details: {} },
    initiatedBy: { id: "", displayName: "Azure AD Provisioning Service", initiatorType: "system" },
    sourceIdentity: { id: `u${n}`, displayName: "", identityType: "User", details: {} },
    targetIdentity: { id: "", displayName: "", identityType: "User", details: {} },
  };
}

describe("job status bookkeeping", () => {
  const policy = { intervalMs: 1000, quarantineAfterFailures: 3, maxQuarantineBackoffMs: 60_000, now: new Date("2025-01-01T00:00:00Z") };

  it("quarantines after the configured number of complete failures and backs the interval off", () => {
    const status = initialStatus();
    status.code = "Active";
    expect(recordCycle(status, { execution: execution("Failed"), synchronizedUsers: 0, synchronizedGroups: 0 }, policy)).toBe(1000);
    expect(recordCycle(status, { execution: execution("Failed"), synchronizedUsers: 0, synchronizedGroups: 0 }, policy)).toBe(1000);
    expect(status.code).toBe("Active");
    const delay = recordCycle(status, { execution: execution("Failed"), synchronizedUsers: 0, synchronizedGroups: 0 }, policy);
    expect(status.code).toBe("Quarantine");
    expect(status.countSuccessiveCompleteFailures).toBe(3);
    expect(status.quarantine).toMatchObject({
      reason: "EncounteredQuarantineException",
      seriesCount: 0,
      error: { code: "SystemForCrossDomainIdentityManagementInvalidCredentials" },
    });
    expect(delay).toBe(9000);
    expect(recordCycle(status, { execution: execution("Failed"), synchronizedUsers: 0, synchronizedGroups: 0 }, policy)).toBe(18_000);
    expect(status.quarantine?.seriesCount).toBe(1);

    recordCycle(status, { execution: execution("Succeeded", 2), synchronizedUsers: 2, synchronizedGroups: 1 }, policy);
    expect(status.code).toBe("Active");
    expect(status.quarantine).toBeNull();
    expect(status.countSuccessiveCompleteFailures).toBe(0);
    expect(status.synchronizedEntryCountByType).toEqual([
      { key: "User", value: 2 },
      { key: "Group", value: 1 },
    ]);
    expect(status.steadyStateFirstAchievedTime).not.toBe("0001-01-01T00:00:00Z");
  });

  it("keeps entry-level errors out of lastSuccessfulExecution", () => {
    const status = initialStatus();
    recordCycle(status, { execution: execution("EntryLevelErrors", 1), synchronizedUsers: 1, synchronizedGroups: 0 }, policy);
    expect(status.lastSuccessfulExecution).toBeNull();
    expect(status.lastSuccessfulExecutionWithExports?.state).toBe("EntryLevelErrors");
    expect(status.countSuccessiveCompleteFailures).toBe(0);
  });

  it("writes schedule intervals as ISO 8601 durations", () => {
    expect(isoDuration(40 * 60_000)).toBe("PT40M");
    expect(isoDuration(20_000)).toBe("PT20S");
    expect(isoDuration(26 * 3600_000)).toBe("P1DT2H");
  });
});

describe("provisioning log queries", () => {
  const store = new ProvisioningLogStore();
  for (let n = 1; n <= 7; n++) store.add(entry(n <= 5 ? "job-a" : "job-b", n));

  it("filters by jobId and pages newest first with a skiptoken that survives new entries", () => {
    const first = store.query({ filter: "jobId eq 'job-a'", top: 2 });
    expect(first.value.map((e) => e.id)).toEqual(["e5", "e4"]);
    store.add(entry("job-a", 8));
    const second = store.query({ filter: "jobId eq 'job-a'", top: 2, skiptoken: first.skiptoken });
    expect(second.value.map((e) => e.id)).toEqual(["e3", "e2"]);
    const third = store.query({ filter: "jobId eq 'job-a'", top: 2, skiptoken: second.skiptoken });
    expect(third.value.map((e) => e.id)).toEqual(["e1"]);
    expect(third.skiptoken).toBeUndefined();
  });

  it("reads only what is strictly newer than a time, page by page, as an incremental reader asks", () => {
    const after = "2025-01-01T00:00:02.000Z";
    const first = store.query({ filter: `jobId eq 'job-a' and activityDateTime gt ${after}`, top: 2 });
    expect(first.value.map((e) => e.id)).toEqual(["e8", "e5"]);
    const rest = store.query({ filter: `jobId eq 'job-a' and activityDateTime gt ${after}`, top: 2, skiptoken: first.skiptoken });
    expect(rest.value.map((e) => e.id)).toEqual(["e4", "e3"]);
    expect(rest.skiptoken).toBeUndefined();
    // The newest held is the next bound: nothing newer yet, so nothing comes back.
    expect(store.query({ filter: `jobId eq 'job-a' and activityDateTime gt ${first.value[0]!.activityDateTime}`, top: 2 }).value).toEqual([]);
  });

  it("combines clauses and rejects what it cannot evaluate", () => {
    const failures = store.query({
      filter: "servicePrincipal/id eq 'sp' and provisioningStatusInfo/status eq 'failure' and activityDateTime ge 2025-01-01T00:00:03Z",
      top: 50,
    });
    expect(failures.value.map((e) => e.id)).toEqual(["e7", "e5", "e3"]);
    expect(() => store.query({ filter: "displayName eq 'x'", top: 5 })).toThrow(/not supported/);
    expect(() => store.query({ filter: "jobId startswith 'x'", top: 5 })).toThrow(/Invalid filter/);
    expect(() => store.query({ filter: null, top: 5, skiptoken: "!!" })).toThrow(/skiptoken/);
  });
});

describe("assigned scope", () => {
  it("takes direct assignments and direct members of assigned groups, not nested groups' members", () => {
    const { directory, sp } = testDirectory();
    const ada = addUser(directory, "ada", "Ada", "Admin");
    const oscar = addUser(directory, "oscar", "Oscar", "Operator");
    const vera = addUser(directory, "vera", "Vera", "Viewer");
    addUser(directory, "nina", "Nina", "Newcomer");
    const auditors = addGroup(directory, "Auditors", [vera.id]);
    const engineers = addGroup(directory, "Engineers", [oscar.id, auditors.id]);
    assign(directory, sp, ada);
    assign(directory, sp, engineers);

    const scope = assignedScope(directory, sp.id);
    expect([...scope.users.keys()].sort()).toEqual([ada.id, oscar.id].sort());
    expect([...scope.groups.keys()]).toEqual([engineers.id]);
    expect(scope.groupMembers.get(engineers.id)).toEqual([oscar.id]);
  });
});

describe("AWS attribute mappings", () => {
  it("maps the default attributes and leaves missing names out for the target to judge", () => {
    const { directory } = testDirectory();
    const user = addUser(directory, "mono", "Mono", null, { jobTitle: "Engineer" });
    const scim = toScimUser(user, true);
    expect(scim).toMatchObject({
      userName: "mono@contoso.example",
      externalId: user.id,
      displayName: "Mono",
      active: true,
      title: "Engineer",
      name: { givenName: "Mono", formatted: "Mono" },
      emails: [{ value: "mono@contoso.example", type: "work", primary: true }],
    });
    expect(scim.name?.familyName).toBeUndefined();
  });
});

describe("restart scopes", () => {
  it("accepts the documented values and expands Full", () => {
    expect([...ProvisioningEngine.parseResetScope("Watermark, QuarantineState")].sort()).toEqual(["QuarantineState", "Watermark"]);
    expect(ProvisioningEngine.parseResetScope("Full").has("Escrows")).toBe(true);
    expect([...ProvisioningEngine.parseResetScope(undefined)].sort()).toEqual(["Escrows", "QuarantineState", "Watermark"]);
    expect(() => ProvisioningEngine.parseResetScope("Watermark,Everything")).toThrow(/Everything/);
  });
});
