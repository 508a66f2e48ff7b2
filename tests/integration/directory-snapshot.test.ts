import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { searchAccessPrincipals, searchCoverage } from "@/lib/access/principal-search";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { snapshotAge, snapshotGroupMembers } from "@/lib/drift/directory-snapshot";
import { startDriftScan } from "@/lib/drift/drift-scan";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";
import { provisionAda } from "../support/provisioned-job";

// The Access pages' search and group expansion over the directory snapshot a drift scan keeps:
// complete beyond what a bounded live search reads, and without asking AWS.

useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-snapshot" } };
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
const LARGE = 2_100;

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ synchronization: { intervalMs: 3_600_000 } });
  await provisionAda(aws, entra, by);
  // More people than a bounded live search reads, the one sought last.
  const store = aws.cloud.world.identityStore;
  for (let i = 0; i < LARGE; i++) store.createUser({ UserName: `person${String(i).padStart(5, "0")}`, DisplayName: `Person ${i}` });
  const late = store.createUser({ UserName: "zelda.latecomer", DisplayName: "Zelda Latecomer" });
  const team = store.createGroup({ DisplayName: "Late team" });
  store.addMember(team.GroupId, late.UserId);
  for (let i = 0; i < 12; i++) store.addMember(team.GroupId, store.findUserByUserName(`person${String(i).padStart(5, "0")}`)!.UserId);
}, 60_000);

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

describe("the directory snapshot", () => {
  it("is not there before a scan: search reads AWS within its bound, and says so", async () => {
    expect(await snapshotAge()).toBeNull();
    expect(await searchAccessPrincipals("latecomer")).toEqual([]);
    expect(await searchCoverage()).toMatch(/^Searches the first 2,000 users and groups/);
  });

  it("after a scan, finds anyone by part of a name and expands a group, without asking AWS", async () => {
    const scan = await startDriftScan(by.actor.label, { wait: true });
    await scan.done;
    expect(await snapshotAge()).toMatchObject({ scanId: scan.id });
    expect(await searchCoverage()).toMatch(/^Searches the AWS identity store as the last drift scan read it \(\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\)/);
    aws.faults.set([{ route: "identitystore:*", errorRate: 1 }]);
    try {
      expect(await searchAccessPrincipals("LATECOMER")).toEqual([{ type: "USER", id: expect.any(String), name: "Zelda Latecomer", detail: "zelda.latecomer" }]);
      expect((await searchAccessPrincipals("late")).map((p) => [p.type, p.name])).toEqual([
        ["GROUP", "Late team"],
        ["USER", "Zelda Latecomer"],
      ]);
      expect(await searchAccessPrincipals("person0")).toHaveLength(50);
      const team = aws.cloud.world.identityStore.findGroupByDisplayName("Late team")!;
      const members = await snapshotGroupMembers(team.GroupId, 10);
      expect(members.total).toBe(13);
      expect(members.shown).toHaveLength(10);
    } finally {
      aws.faults.clear();
    }
    // A full user name is still looked up live.
    aws.cloud.world.identityStore.createUser({ UserName: "new.since@contoso.example", DisplayName: "New Since" });
    expect((await searchAccessPrincipals("new.since@contoso.example")).map((p) => p.name)).toEqual(["New Since"]);
  });
});
