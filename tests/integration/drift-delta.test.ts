import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { db } from "@/lib/db";
import { startDriftScan } from "@/lib/drift/drift-scan";
import { driftScans, scanFindings } from "@/lib/drift/drift-view";
import { readFederationConfig } from "@/lib/federation/federation-config";
import type { GraphGroup } from "@/simulators/entra/directory";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { addGroup, addUser, assign } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { FaultInjector } from "@/simulators/faults";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";
import { provisionAda } from "../support/provisioned-job";

// After a complete scan, the next reads from Entra only what changed since it began (delta
// queries on users and groups), and finds exactly what a scan reading everything finds: renamed
// groups, changed users, members added directly and through a nested group, a group deleted, a
// new assignment. An expired delta link makes it read everything again.

useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-drift-delta" } };
const graphFaults = new FaultInjector();
const asked: string[] = [];
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;

async function scan() {
  asked.length = 0;
  const started = await startDriftScan(by.actor.label, { wait: true });
  await started.done;
  const { complete } = await driftScans();
  expect(complete?.id).toBe(started.id);
  const { findings } = await scanFindings(started.id, { page: 1 });
  return {
    changesOnly: complete!.progress.entraChangesOnly,
    findings: findings.map((f) => [f.kind, f.subject, f.group, f.cause].join(" | ")).sort(),
  };
}

const touch = (group: GraphGroup, change: Partial<GraphGroup>) => entra.directory.touch(Object.assign(group, change));

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ faults: graphFaults, synchronization: { intervalMs: 3_600_000 } });
  const decide = graphFaults.decide.bind(graphFaults);
  graphFaults.decide = (route) => (asked.push(route), decide(route));
  jobId = await provisionAda(aws, entra, by);
  const directory = entra.directory;
  const sp = directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!;
  const people = ["ann", "bob", "cat", "dan", "eve"].map((n) => addUser(directory, `delta.${n}`, "Delta", n));
  const inner = addGroup(directory, "Delta Inner", [people[4]!.id]);
  assign(directory, sp, addGroup(directory, "Delta Outer", [people[0]!.id, inner.id]));
  assign(directory, sp, addGroup(directory, "Delta Flat", [people[1]!.id]));
  for (let i = 0; i < 6; i++) assign(directory, sp, addGroup(directory, `Delta Quiet ${i}`, [people[2]!.id]));
  await entra.engine!.runCycle(jobId);
}, 60_000);

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

describe("a drift scan after a complete one", () => {
  it("reads only Entra's changes since the last scan, and finds what reading everything finds", async () => {
    const first = await scan();
    expect(first.changesOnly).toBe(false);
    expect(asked.filter((r) => r === "graph:GET /groups/{id}/members").length).toBe(8);

    const directory = entra.directory;
    const group = (name: string) => [...directory.groups.values()].find((g) => g.displayName === name)!;
    const user = (local: string) => [...directory.users.values()].find((u) => u.userPrincipalName.startsWith(`${local}@`))!;
    const sp = directory.servicePrincipals.get((await readFederationConfig()).enterpriseApp!.servicePrincipalId)!;
    // Renamed, a new direct member, a member only nesting brings, a changed surname, a deleted group, a new assignment.
    touch(group("Delta Flat"), { displayName: "Delta Flat Renamed" });
    touch(group("Delta Outer"), { members: [...group("Delta Outer").members, user("delta.dan").id] });
    touch(group("Delta Inner"), { members: [...group("Delta Inner").members, user("delta.bob").id] });
    directory.touch(Object.assign(user("delta.cat"), { surname: "Changed" }));
    directory.remove("group", group("Delta Quiet 5").id);
    assign(directory, sp, addGroup(directory, "Delta Newcomers", [addUser(directory, "delta.fay", "Delta", "fay").id]));

    const changed = await scan();
    expect(changed.changesOnly).toBe(true);
    // Only the groups that changed, or nest one that did, are read again (the new one too): none of the quiet ones.
    expect(asked.filter((r) => r === "graph:GET /groups/{id}/members").length).toBe(3);
    expect(asked.filter((r) => r.startsWith("graph:GET /users/delta") || r.startsWith("graph:GET /groups/delta")).length).toBe(2);
    const domain = CONTOSO.domain;
    expect(changed.findings).toEqual([
      "group-missing | Delta Newcomers |  | ",
      "group-only-in-aws | Delta Quiet 5 |  | out-of-scope",
      "group-renamed | Delta Flat Renamed |  | ",
      `member-missing | delta.bob@${domain} | Delta Outer | nested`,
      `user-attributes | delta.cat@${domain} |  | `,
      `user-missing | delta.dan@${domain} |  | `,
      `user-missing | delta.fay@${domain} |  | `,
      `user-nested-only | delta.eve@${domain} |  | nested`,
    ]);

    // Without the stored scope the next scan reads everything, and finds the same.
    await db().entraScopeSnapshot.deleteMany();
    const whole = await scan();
    expect(whole.changesOnly).toBe(false);
    expect(whole.findings).toEqual(changed.findings);
  });

  it("reads everything when Graph no longer knows the delta links", async () => {
    await scan();
    const { usersDeltaLink } = await db().entraScopeSnapshot.findFirstOrThrow();
    await db().entraScopeSnapshot.updateMany({ data: { usersDeltaLink: usersDeltaLink.replace(/\$deltatoken=[^&]+/, "$deltatoken=forgotten") } });
    const again = await scan();
    expect(again.changesOnly).toBe(false);
    expect(asked.filter((r) => r === "graph:GET /groups/{id}/members").length).toBe(8);
  });
});
