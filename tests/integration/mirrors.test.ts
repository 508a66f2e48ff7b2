import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db";
import { readFederationConfig } from "@/lib/federation/federation-config";
import { confirmHeldRemovals, mirrorGroup, turnMirrorOff, updateMirrorSettings } from "@/lib/mirrors/manage-mirrors";
import { startMirrorRun } from "@/lib/mirrors/mirror-run";
import { findingsColumn, heldRemovalsColumn, swapColumn } from "@/lib/mirrors/mirror-store";
import { identityCenter } from "@/lib/access/configured-identity-center";
import { createPermissionSetFor } from "@/lib/access/permission-set-changes";
import { permissionSetForm } from "@/lib/access/permission-set-input";
import { assignmentsOfPrincipal, createAccountAssignment } from "@/lib/aws/account-assignments";
import { findGroupByDisplayName } from "@/lib/aws/identity-store-principals";
import type { GraphGroup, GraphUser } from "@/simulators/entra/directory";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { addGroup, addUser, assign } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { FaultInjector } from "@/simulators/faults";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";
import { provisionAda } from "../support/provisioned-job";
import { runCli } from "../support/run-cli";

// From a nested tenant to the right people and memberships in the simulated AWS identity store:
// SSO Bridge mirrors a nested group, Entra's provisioning cycle brings the mirror's people to AWS,
// later runs follow only the changes, the removal guard holds large removals, hand edits are
// found, a run stopped halfway is completed by the next, and a deleted source is flagged.

useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-mirrors" } };
const graphFaults = new FaultInjector();
const asked: string[] = [];
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;
const people = new Map<string, GraphUser>();
const groups = new Map<string, GraphGroup>();
let mirrorId: string;
let permissionSetArn: string;

const person = (name: string) => people.get(name)!.id;
const touch = (group: GraphGroup, members: string[]) => entra.directory.touch(Object.assign(group, { members }));
const mirrorGroupOf = async () => entra.directory.groups.get((await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } })).mirrorGroupId!)!;
const namesIn = (ids: string[]) => ids.map((id) => entra.directory.users.get(id)?.mailNickname ?? id).sort();
const mirrorPeople = async () => namesIn((await mirrorGroupOf()).members);
const swapOf = (row: { swap: string | null }) => (row.swap === null ? null : swapColumn.decode(row.swap));

async function runMirrors(opts: { full?: boolean } = {}) {
  asked.length = 0;
  const started = await startMirrorRun(by.actor.label, { ...opts, wait: true });
  await started.done;
  return db().mirrorRun.findUniqueOrThrow({ where: { id: started.id } });
}

/** The members of a group in the AWS identity store, by user name. */
function awsMembers(displayName: string): string[] {
  const store = aws.cloud.world.identityStore;
  const group = [...store.groups.values()].find((g) => g.DisplayName === displayName);
  if (!group) return [];
  return [...store.memberships.values()]
    .filter((m) => m.GroupId === group.GroupId)
    .map((m) => store.users.get(m.MemberId.UserId)?.UserName.split("@")[0] ?? "?")
    .sort();
}

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ faults: graphFaults, synchronization: { intervalMs: 3_600_000 } });
  const decide = graphFaults.decide.bind(graphFaults);
  graphFaults.decide = (route) => (asked.push(route), decide(route));
  jobId = await provisionAda(aws, entra, by);
  const directory = entra.directory;
  for (const name of ["dina", "ali", "ana", "sam", "ben", "zoe", "max", "intruder"]) people.set(name, addUser(directory, `mirror.${name}`, "Mirror", name));
  // Dept ⊃ Team A ⊃ Squad ⊃ Dept (a cycle), and Dept ⊃ Team B; Ali is in both teams.
  groups.set("squad", addGroup(directory, "Mirror Squad", [person("sam")]));
  groups.set("teamA", addGroup(directory, "Mirror Team A", [person("ali"), person("ana"), groups.get("squad")!.id]));
  groups.set("teamB", addGroup(directory, "Mirror Team B", [person("ben"), person("ali")]));
  groups.set("dept", addGroup(directory, "Mirror Dept", [person("dina"), groups.get("teamA")!.id, groups.get("teamB")!.id]));
  touch(groups.get("squad")!, [...groups.get("squad")!.members, groups.get("dept")!.id]);
  const sp = directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!;
  assign(directory, sp, groups.get("dept")!);
  await entra.engine!.runCycle(jobId);
}, 60_000);

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

describe("mirror groups", () => {
  it("mirrors a nested group, and Entra's next cycle brings everyone nesting kept out to AWS", async () => {
    // Entra provisions the direct members only.
    expect(awsMembers("Mirror Dept")).toEqual(["mirror.dina"]);
    // The source holds AWS access, which the swap must hand to the mirror before the source leaves AWS.
    const t = await identityCenter();
    permissionSetArn = (await createPermissionSetFor(permissionSetForm.parse({ name: "MirrorReaders", sessionHours: "1" }), by)).permissionSet.arn;
    const accountId = [...aws.cloud.world.organization.accounts.keys()][0]!;
    const sourceInAws = (await findGroupByDisplayName(t, "Mirror Dept"))!;
    await createAccountAssignment(t, { accountId, permissionSetArn, principalType: "GROUP", principalId: sourceInAws });

    const created = await mirrorGroup(groups.get("dept")!.id, by, { swapAssignment: true });
    mirrorId = created.mirrorId;
    expect(created.swapWaiting).toBe(true);
    const group = entra.directory.groups.get(created.mirrorGroupId)!;
    expect(group).toMatchObject({ displayName: "Mirror Dept (AWS)", securityEnabled: true, mailEnabled: false });
    expect(group.description).toContain("Managed by SSO Bridge");
    const assigned = () => [...entra.directory.appRoleAssignments.values()].map((a) => a.principalId);
    expect(assigned()).toContain(created.mirrorGroupId);
    // The source keeps its place until the mirror is in AWS with its access.
    expect(assigned()).toContain(groups.get("dept")!.id);

    const run = await db().mirrorRun.findUniqueOrThrow({ where: { id: created.runId! } });
    for (let i = 0; i < 100 && (await db().mirrorRun.findUniqueOrThrow({ where: { id: run.id } })).status === "running"; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect((await db().mirrorRun.findUniqueOrThrow({ where: { id: run.id } })).status).toBe("complete");
    expect(await mirrorPeople()).toEqual(["mirror.ali", "mirror.ana", "mirror.ben", "mirror.dina", "mirror.sam"]);
    expect(swapOf(await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } }))).toMatchObject({ state: "waiting", problem: null });

    await entra.engine!.runCycle(jobId);
    expect(awsMembers("Mirror Dept (AWS)")).toEqual(["mirror.ali", "mirror.ana", "mirror.ben", "mirror.dina", "mirror.sam"]);
    expect(awsMembers("Mirror Dept")).toEqual(["mirror.dina"]);

    // The next run finds the mirror in AWS: it gets the source's access, then the source leaves the application.
    expect((await runMirrors()).status).toBe("complete");
    const mirrorInAws = (await findGroupByDisplayName(t, "Mirror Dept (AWS)"))!;
    expect((await assignmentsOfPrincipal(t, "GROUP", mirrorInAws)).map((a) => [a.accountId, a.permissionSetArn])).toEqual([[accountId, permissionSetArn]]);
    expect(assigned()).not.toContain(groups.get("dept")!.id);
    expect(swapOf(await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } }))).toMatchObject({
      state: "done",
      carried: [{ accountId, permissionSet: "MirrorReaders" }],
    });
    await entra.engine!.runCycle(jobId);
    expect(awsMembers("Mirror Dept")).toEqual([]);
    expect(awsMembers("Mirror Dept (AWS)")).toHaveLength(5);

    const events = await db().auditEvent.findMany({
      where: { action: { in: ["mirror.create", "mirror.sync", "assignment.create", "mirror.swap"] } },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.action)).toEqual(["mirror.create", "mirror.sync", "assignment.create", "mirror.swap"]);
    expect(events[1]!.details).toContain(person("sam"));
    expect(events[3]!.actorLabel).toBe(by.actor.label);
  });

  it("follows only the changes since the last run, and touches only the mirrors affected", async () => {
    // A mirror this small loses a fifth of its people with one removal: the guard is set to let that through.
    await updateMirrorSettings(mirrorId, { handEdits: "correct", removalGuardPercent: 25 }, by);
    const quiet = addGroup(entra.directory, "Unrelated", [person("zoe")]);
    touch(groups.get("squad")!, [...groups.get("squad")!.members, person("zoe")]);
    touch(
      groups.get("teamA")!,
      groups.get("teamA")!.members.filter((m) => m !== person("ana")),
    );
    touch(quiet, [...quiet.members, person("max")]);
    const run = await runMirrors();
    expect(run.mode).toBe("changes");
    expect(run.status).toBe("complete");
    expect(await mirrorPeople()).toEqual(["mirror.ali", "mirror.ben", "mirror.dina", "mirror.sam", "mirror.zoe"]);
    // One delta page, one $batch for the writes; no group's members listed.
    expect(asked.filter((r) => r.startsWith("graph:GET /groups/delta"))).toHaveLength(1);
    expect(asked.some((r) => r.includes("/members") && r.startsWith("graph:GET"))).toBe(false);
    const mirror = await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } });
    expect(mirror.lastSyncOutcome).toBe("1 added, 1 removed");

    // A run with nothing changed writes nothing.
    await runMirrors();
    expect(asked.filter((r) => !r.startsWith("graph:GET /groups/delta"))).toEqual([]);
  });

  it("runs and reports from the command line", async () => {
    const synced = await runCli(["mirrors", "sync", "--json"], { keepEntra: true });
    expect(synced.stderr).toBe("");
    expect(synced.code).toBe(0);
    const report = JSON.parse(synced.stdout) as { mirrors: { state: string; members: number; source: { name: string } }[]; lastRun: { status: string } };
    expect(report.mirrors).toEqual([expect.objectContaining({ state: "active", members: 5, source: expect.objectContaining({ name: "Mirror Dept" }) })]);
    expect(report.lastRun.status).toBe("complete");
    const listed = await runCli(["mirrors"]);
    expect(listed.stdout).toContain("Mirror Dept (AWS) (mirrors Mirror Dept): active, 5 members");
  });

  it("holds a removal larger than the guard for an operator, and makes it once confirmed", async () => {
    touch(
      groups.get("dept")!,
      groups.get("dept")!.members.filter((m) => m !== groups.get("teamA")!.id),
    );
    await runMirrors();
    const mirror = await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } });
    // Sam and Zoe (only Team A's Squad brought them) are 2 of 5: more than the 25 % set.
    expect(namesIn(heldRemovalsColumn.decode(mirror.heldRemovals!))).toEqual(["mirror.sam", "mirror.zoe"]);
    expect(await mirrorPeople()).toContain("mirror.sam");

    const { runId } = await confirmHeldRemovals(mirrorId, by);
    for (let i = 0; i < 100 && (await db().mirrorRun.findUniqueOrThrow({ where: { id: runId } })).status === "running"; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(await mirrorPeople()).toEqual(["mirror.ali", "mirror.ben", "mirror.dina"]);
    expect((await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } })).heldRemovals).toBeNull();
    const confirm = await db().auditEvent.findFirstOrThrow({ where: { action: "mirror.removals.confirm" } });
    expect(confirm.actorLabel).toBe("Olivia Operator");
  });

  it("finds a hand edit and corrects it, or leaves it when the mirror is set to", async () => {
    const mirror = await mirrorGroupOf();
    touch(mirror, [...mirror.members, person("intruder")]);
    await runMirrors();
    const found = findingsColumn.decode((await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } })).lastFindings!);
    expect(namesIn(found.handAdded)).toEqual(["mirror.intruder"]);
    expect(await mirrorPeople()).not.toContain("mirror.intruder");

    await updateMirrorSettings(mirrorId, { handEdits: "leave", removalGuardPercent: 50 }, by);
    touch(mirror, [...mirror.members.filter((m) => m !== person("ben")), person("intruder")]);
    await runMirrors();
    expect(await mirrorPeople()).toEqual(["mirror.ali", "mirror.dina", "mirror.intruder"]);
    const exceptions = await db().mirrorException.findMany({ where: { mirrorId } });
    expect(exceptions.map((e) => [namesIn([e.userId])[0], e.kind]).sort()).toEqual([
      ["mirror.ben", "excluded"],
      ["mirror.intruder", "kept"],
    ]);
    // Later runs leave them too.
    touch(groups.get("teamB")!, [...groups.get("teamB")!.members, person("max")]);
    await runMirrors();
    expect(await mirrorPeople()).toEqual(["mirror.ali", "mirror.dina", "mirror.intruder", "mirror.max"]);
  });

  it("completes the work of a run stopped halfway, without duplicates, lost removals or false hand edits", async () => {
    await updateMirrorSettings(mirrorId, { handEdits: "correct", removalGuardPercent: 100 }, by);
    await db().mirrorException.deleteMany({ where: { mirrorId } });
    const extra = Array.from({ length: 45 }, (_, i) => addUser(entra.directory, `mirror.extra${i}`, "Extra", String(i)).id);
    touch(groups.get("teamB")!, [...groups.get("teamB")!.members.filter((m) => m !== person("max")), ...extra]);
    // The third PATCH and every removal fail until the run gives up: two batches of members made it.
    graphFaults.set([
      { route: "graph:PATCH /groups/{id}", skip: 2, errorRate: 1 },
      { route: "graph:DELETE /groups/{id}/members/{memberId}/$ref", errorRate: 1 },
    ]);
    const stopped = await runMirrors();
    graphFaults.clear();
    expect(stopped.status).toBe("failed");
    expect((await mirrorGroupOf()).members.length).toBeGreaterThan(4);

    const next = await runMirrors();
    expect(next.status).toBe("complete");
    const members = (await mirrorGroupOf()).members;
    expect(new Set(members).size).toBe(members.length);
    expect(namesIn(members)).toEqual(namesIn([person("ali"), person("ben"), person("dina"), ...extra]));
    const found = findingsColumn.decode((await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } })).lastFindings!);
    expect(found.handAdded).toEqual([]);
    expect(found.handRemoved).toEqual([]);
  });

  it("waits out Graph's throttling and completes the run", async () => {
    const tom = addUser(entra.directory, "mirror.tom", "Mirror", "tom");
    touch(groups.get("teamB")!, [...groups.get("teamB")!.members, tom.id]);
    graphFaults.set([{ route: "graph:PATCH /groups/{id}", throttleRate: 1, retryAfterSeconds: 1, times: 2 }]);
    const run = await runMirrors();
    graphFaults.clear();
    expect(run.status).toBe("complete");
    expect(asked.filter((r) => r === "graph:PATCH /groups/{id}")).toHaveLength(3);
    expect((await mirrorGroupOf()).members).toContain(tom.id);
  });

  it("reads everything again when Graph no longer knows the delta link, and finds the same", async () => {
    await db().mirrorSync.updateMany({
      data: { deltaLink: (await db().mirrorSync.findFirstOrThrow()).deltaLink!.replace(/\$deltatoken=[^&]+/, "$deltatoken=forgotten") },
    });
    const before = await mirrorPeople();
    const run = await runMirrors();
    expect(run.status).toBe("complete");
    expect(asked.filter((r) => r.startsWith("graph:GET /groups/delta")).length).toBeGreaterThan(1);
    expect(await mirrorPeople()).toEqual(before);
  });

  it("keeps what a large run settled before it stopped, audited, and the next run does only the rest", async () => {
    // Mirror Big sorts before Mirror Dept, and its 500 removals are a share of the run's writes on their own.
    const crew = Array.from({ length: 510 }, (_, i) => addUser(entra.directory, `mirror.crew${i}`, "Crew", String(i)).id);
    const crewGroup = addGroup(entra.directory, "Mirror Crew", crew);
    const big = await mirrorGroup(addGroup(entra.directory, "Mirror Big", [crewGroup.id]).id, by, { startRun: false });
    await updateMirrorSettings(big.mirrorId, { handEdits: "correct", removalGuardPercent: 100 }, by);
    expect((await runMirrors()).status).toBe("complete");
    expect(entra.directory.groups.get(big.mirrorGroupId)!.members).toHaveLength(510);

    touch(crewGroup, crew.slice(500));
    const newcomer = addUser(entra.directory, "mirror.newcomer", "Mirror", "newcomer");
    touch(groups.get("teamB")!, [...groups.get("teamB")!.members, newcomer.id]);
    graphFaults.set([{ route: "graph:PATCH /groups/{id}", errorRate: 1 }]);
    const stopped = await runMirrors();
    graphFaults.clear();
    expect(stopped.status).toBe("failed");
    const syncsOf = async (targetId: string, runId: string) =>
      (await db().auditEvent.findMany({ where: { action: "mirror.sync", targetId } })).filter((e) => e.details.includes(runId));
    // Mirror Big's removals went out before Mirror Dept's addition failed: settled and audited by the run that stopped.
    expect(await db().mirror.findUniqueOrThrow({ where: { id: big.mirrorId } })).toMatchObject({
      memberCount: 10,
      unsettled: null,
      lastSyncOutcome: "0 added, 500 removed",
    });
    expect(await syncsOf(big.mirrorId, stopped.id)).toHaveLength(1);
    expect((await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } })).unsettled).toContain(newcomer.id);

    const next = await runMirrors();
    expect(next.status).toBe("complete");
    expect(await mirrorPeople()).toContain("mirror.newcomer");
    expect(entra.directory.groups.get(big.mirrorGroupId)!.members).toEqual(crew.slice(500));
    expect(await syncsOf(big.mirrorId, next.id)).toHaveLength(0);
    expect(await syncsOf(mirrorId, next.id)).toHaveLength(1);
  });

  it("flags a mirror whose source was deleted instead of emptying it, and leaves the group when turned off", async () => {
    const before = await mirrorPeople();
    entra.directory.remove("group", groups.get("dept")!.id);
    await runMirrors();
    const mirror = await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } });
    expect(mirror.state).toBe("source-deleted");
    expect(mirror.lastSyncOutcome).toContain("was deleted in Entra");
    expect(await mirrorPeople()).toEqual(before);

    const listed = await runCli(["mirrors", "--json"]);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain('"state": "source-deleted"');

    await turnMirrorOff(mirrorId, by);
    expect((await db().mirror.findUniqueOrThrow({ where: { id: mirrorId } })).state).toBe("off");
    expect(await mirrorPeople()).toEqual(before);
  });

  it("holds a swap, saying why, while AWS refuses the source's access to the mirror, and finishes it once AWS accepts", async () => {
    const t = await identityCenter();
    const source = addGroup(entra.directory, "Mirror Ops", [addGroup(entra.directory, "Mirror Ops Team", [person("max")]).id]);
    assign(entra.directory, entra.directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!, source);
    await entra.engine!.runCycle(jobId);
    const accountId = [...aws.cloud.world.organization.accounts.keys()][1]!;
    await createAccountAssignment(t, { accountId, permissionSetArn, principalType: "GROUP", principalId: (await findGroupByDisplayName(t, "Mirror Ops"))! });
    const ops = await mirrorGroup(source.id, by, { swapAssignment: true, startRun: false });
    await runMirrors();
    await entra.engine!.runCycle(jobId);
    expect(awsMembers("Mirror Ops (AWS)")).toEqual(["mirror.max"]);

    aws.faults.set([{ route: "sso-admin:CreateAccountAssignment", errorRate: 1 }]);
    try {
      expect((await runMirrors()).status).toBe("complete");
    } finally {
      aws.faults.set([]);
    }
    const held = swapOf(await db().mirror.findUniqueOrThrow({ where: { id: ops.mirrorId } }))!;
    expect(held.state).toBe("waiting");
    expect(held.problem).toMatch(
      /^1 of the source's 1 AWS account assignments are not yet the mirror's \(.+: AWS had an internal error .*\)\. The source stays assigned/,
    );
    expect([...entra.directory.appRoleAssignments.values()].map((a) => a.principalId)).toContain(source.id);
    const listed = await runCli(["mirrors"]);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain("Mirror Ops (AWS) (mirrors Mirror Ops)");

    await runMirrors();
    expect(swapOf(await db().mirror.findUniqueOrThrow({ where: { id: ops.mirrorId } }))).toMatchObject({ state: "done", problem: null });
    expect([...entra.directory.appRoleAssignments.values()].map((a) => a.principalId)).not.toContain(source.id);
  });
});
