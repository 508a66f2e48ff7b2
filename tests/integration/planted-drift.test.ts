import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { startDriftScan } from "@/lib/drift/drift-scan";
import { findingPages } from "@/lib/drift/drift-view";
import { assignPrincipals } from "@/lib/setup/steps/assignments";
import { recordPlantedHistory } from "@/scripts/planted-history";
import { AWS_CONSOLE_TITLE, plantAfterProvisioning, plantDrift } from "@/simulators/planted-drift";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";
import { provisionAda } from "../support/provisioned-job";

// The drift the simulators plant (npm run sim -- --drift N, and the demo) is what a scan finds once
// the group it hangs off is provisioned: every kind, with its cause, and it outlasts Entra's cycles.

useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-planted" } };
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ synchronization: { intervalMs: 3_600_000 } });
  // As the demo does: SSO Bridge's records of the access it gave a person recreated since.
  await recordPlantedHistory(plantDrift(entra.directory, aws.cloud.world, entra.seeded, { count: 1, seed: 3 }));
  jobId = await provisionAda(aws, entra, by);
}, 60_000);

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

describe("planted drift", () => {
  it("waits for something provisioned, then edits it by hand in AWS once; Entra's next cycles leave the edits alone", async () => {
    const store = aws.cloud.world.identityStore;
    // Ada alone is in no group yet: nothing to edit.
    expect(plantAfterProvisioning(store, { count: 1, seed: 3 })).toBe(false);
    await assignPrincipals([{ id: entra.seeded.groups.developers, type: "Group" }], by);
    await entra.engine!.runCycle(jobId);
    expect(plantAfterProvisioning(store, { count: 1, seed: 3 })).toBe(true);
    const edited = [...store.users.values()].filter((u) => u.Title === AWS_CONSOLE_TITLE);
    expect(edited).toHaveLength(1);
    // Once only.
    expect(plantAfterProvisioning(store, { count: 1, seed: 3 })).toBe(true);
    expect([...store.users.values()].filter((u) => u.Title === AWS_CONSOLE_TITLE)).toHaveLength(1);
    await entra.engine!.runCycle(jobId);
    expect(store.users.get(edited[0]!.UserId)!.Title).toBe(AWS_CONSOLE_TITLE);
  });

  it("is found by a scan: every planted kind, with its cause", async () => {
    const scan = await startDriftScan(by.actor.label, { wait: true });
    await scan.done;
    const found = new Set<string>();
    for await (const page of findingPages(scan.id)) for (const f of page) found.add(`${f.kind}${f.cause ? ` ${f.cause}` : ""}`);
    expect([...found].sort()).toEqual(
      [
        "user-missing name-missing",
        "user-missing control-characters",
        "user-nested-only nested",
        "user-disabled-active",
        "user-attributes",
        "user-only-in-aws created-by-hand",
        "user-only-in-aws out-of-scope",
        "user-only-in-aws duplicate",
        "user-preflight guest",
        "user-preflight duplicate-email",
        "user-preflight disabled-in-scope",
        "group-renamed",
        "group-only-in-aws created-by-hand",
        "member-missing direct",
        "member-only-in-aws",
        "assignment-orphaned",
        "assignment-lost",
      ].sort(),
    );
  });
});
