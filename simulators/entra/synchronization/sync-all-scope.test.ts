import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsWorld } from "../../aws/world";
import { ProvisioningEngine } from "./provisioning-engine";
import { addUser, assign, testDirectory, startScimEndpoint, type ScimEndpoint } from "./sync-test-fixtures";

// The SyncAll secret decides the scope: false or absent provisions the assigned users and groups
// only ("Sync only assigned users and groups"), true every user and group of the tenant.

describe("the SyncAll secret", () => {
  const world = createAwsWorld();
  let scim: ScimEndpoint;
  const engines: ProvisioningEngine[] = [];

  beforeAll(async () => {
    scim = await startScimEndpoint(world);
  });

  afterAll(async () => {
    await Promise.all(engines.map((e) => e.stop()));
    await scim.close();
  });

  async function provisioned(syncAll: string | null): Promise<{ assigned: boolean; unassigned: boolean }> {
    const { directory, sp } = testDirectory();
    const engine = new ProvisioningEngine({ directory, intervalMs: 3600_000 });
    engines.push(engine);
    for (const t of [...world.scim.tokens]) scim.revokeToken(t.id);
    const label = syncAll ?? "absent";
    const assigned = addUser(directory, `scope.assigned.${label}`, "In", "Scope");
    const unassigned = addUser(directory, `scope.unassigned.${label}`, "Out", "Scope");
    assign(directory, sp, assigned);
    engine.setSecrets(sp.id, [
      { key: "BaseAddress", value: scim.baseUrl },
      { key: "SecretToken", value: scim.issueToken().token },
      ...(syncAll === null ? [] : [{ key: "SyncAll", value: syncAll }]),
    ]);
    const job = engine.createJob(sp.id, "aWSSingleSignon");
    await engine.runCycle(job.id);
    const has = (upn: string) => world.identityStore.findUserByUserName(upn) !== undefined;
    return { assigned: has(assigned.userPrincipalName), unassigned: has(unassigned.userPrincipalName) };
  }

  it("limits provisioning to assignments unless it is true", async () => {
    expect(await provisioned("false")).toEqual({ assigned: true, unassigned: false });
    expect(await provisioned(null)).toEqual({ assigned: true, unassigned: false });
    expect(await provisioned("True")).toEqual({ assigned: true, unassigned: true });
  });
});
