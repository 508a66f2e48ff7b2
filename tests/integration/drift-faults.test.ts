import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db";
import { removeFromAws } from "@/lib/drift/aws-only-fixes";
import { startDriftScan } from "@/lib/drift/drift-scan";
import { driftScans, scanFindings } from "@/lib/drift/drift-view";
import { readFederationConfig } from "@/lib/federation/federation-config";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { addGroup, addUser, assign } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { FaultInjector } from "@/simulators/faults";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";
import { provisionAda } from "../support/provisioned-job";

// A drift scan when the clouds misbehave: throttled on both sides it waits and finds what it would
// have found; a page failing midway fails it with the cloud's reason and leaves the last complete
// scan in place, with no fix offered from the failed one; an object deleted while it is read is
// out of scope rather than a failure.

useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-drift-faults" } };
const graphFaults = new FaultInjector();
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;

async function scan() {
  const started = await startDriftScan(by.actor.label, { wait: true });
  await started.done;
  const { findings } = await scanFindings(started.id, { page: 1 });
  return { id: started.id, findings: findings.map((f) => [f.kind, f.subject, f.group, f.cause]) };
}

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ faults: graphFaults, synchronization: { intervalMs: 3_600_000 } });
  jobId = await provisionAda(aws, entra, by);
  const directory = entra.directory;
  const sp = directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!;
  const members = ["one", "two", "three"].map((n) => addUser(directory, `fault.${n}`, "Fault", n));
  assign(directory, sp, addGroup(directory, "Fault Devs", [members[0]!.id, members[1]!.id]));
  assign(directory, sp, addGroup(directory, "Fault Ops", [members[2]!.id]));
  await entra.engine!.runCycle(jobId);
  aws.cloud.world.identityStore.createUser({ UserName: "by.hand" });
}, 60_000);

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

describe("a drift scan when the clouds misbehave", () => {
  it("waits out throttling on both sides and finds what it finds without it", async () => {
    const calm = await scan();
    graphFaults.set([
      { route: "graph:GET /groups/{id}/members", throttleRate: 1, retryAfterSeconds: 0, times: 2 },
      { route: "graph:GET /servicePrincipals/{id}/appRoleAssignedTo", throttleRate: 1, retryAfterSeconds: 0, times: 2 },
    ]);
    aws.faults.set([
      { route: "identitystore:ListUsers", throttleRate: 1, times: 2 },
      { route: "identitystore:ListGroupMemberships", throttleRate: 1, times: 2 },
      { route: "sso-admin:ListPermissionSets", throttleRate: 1, times: 2 },
    ]);
    try {
      const stormy = await scan();
      expect((await driftScans()).complete?.id).toBe(stormy.id);
      expect(stormy.findings).toEqual(calm.findings);
    } finally {
      graphFaults.clear();
      aws.faults.clear();
    }
  });

  it("fails with the cloud's reason when a page fails midway, keeps the last complete scan, and offers no fix from the failed one", async () => {
    const before = (await driftScans()).complete!;
    for (const fail of [
      () => aws.faults.set([{ route: "identitystore:ListGroupMemberships", errorRate: 1, skip: 1 }]),
      () => graphFaults.set([{ route: "graph:GET /groups/{id}/members", errorRate: 1, skip: 1 }]),
    ]) {
      fail();
      // Read whole, as a first scan does, rather than only Entra's changes since the last.
      await db().entraScopeSnapshot.deleteMany();
      try {
        const failed = await startDriftScan(by.actor.label, { wait: true });
        await failed.done;
        const { newest, complete } = await driftScans();
        expect(newest).toMatchObject({ id: failed.id, status: "failed", problem: expect.stringMatching(/AWS|Entra|Microsoft Graph/) });
        expect(complete!.id).toBe(before.id);
        expect((await scanFindings(failed.id)).total).toBe(0);
        await expect(removeFromAws(failed.id, [0], by)).rejects.toThrow(/A newer scan has replaced these findings/);
      } finally {
        graphFaults.clear();
        aws.faults.clear();
      }
    }
  });

  it("leaves out a group deleted while it is read, on either side, instead of failing", async () => {
    const store = aws.cloud.world.identityStore;
    const handMade = store.createGroup({ DisplayName: "Deleted midway" });
    store.addMember(handMade.GroupId, store.findUserByUserName("by.hand")!.UserId);
    const ops = [...entra.directory.groups.values()].find((g) => g.displayName === "Fault Ops")!;
    const awsDecide = aws.faults.decide.bind(aws.faults);
    const graphDecide = graphFaults.decide.bind(graphFaults);
    aws.faults.decide = (route) => {
      if (route === "identitystore:ListGroupMemberships" && store.groups.has(handMade.GroupId)) store.deleteGroup(handMade.GroupId);
      return awsDecide(route);
    };
    graphFaults.decide = (route) => {
      if (route === "graph:GET /groups/{id}/members" && entra.directory.groups.has(ops.id)) entra.directory.remove("group", ops.id);
      return graphDecide(route);
    };
    await db().entraScopeSnapshot.deleteMany();
    try {
      const { id, findings } = await scan();
      expect((await driftScans()).complete?.id).toBe(id);
      expect(findings.map(([, subject]) => subject)).not.toContain("Deleted midway");
      // Deleted in Entra, Fault Ops is no longer in scope: AWS's copy and the user only it brought are left behind.
      expect(findings).toContainEqual(["group-only-in-aws", "Fault Ops", null, "out-of-scope"]);
      expect(findings).toContainEqual(["user-only-in-aws", `fault.three@${CONTOSO.domain}`, null, "out-of-scope"]);
      expect(findings.map(([kind]) => kind)).not.toContain("group-missing");
    } finally {
      aws.faults.decide = awsDecide;
      graphFaults.decide = graphDecide;
    }
  });
});
