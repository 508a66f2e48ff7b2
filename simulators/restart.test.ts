import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeState } from "./persisted-state";
import { STATE_CLASSES, startSimulators, stateRoots, type RunningSimulators } from "./start-simulators";
import type { ProvisionReport } from "./test-support/provision-through-sdks";

// The demo's simulators stopped and started again with the same data folder: the Entra tenant,
// the enterprise app and its running provisioning job, the SCIM tokens and the IAM Identity Center
// instance with what was provisioned into it are as they were, as the real clouds would be.

let dir: string;
let first: RunningSimulators | undefined;
let second: RunningSimulators | undefined;
const start = (ports?: Parameters<typeof startSimulators>[0]["ports"]) =>
  startSimulators({ dataDir: dir, stateFile: path.join(dir, "state.json"), appUrls: ["http://localhost:3999"], users: 12, groups: 3, cycleSeconds: 1, ports });
// The demo starts on fixed ports; the test keeps the first start's.
const portsOf = (sims: RunningSimulators) => {
  const port = (url: string) => Number(new URL(url).port);
  return {
    awsApi: port(sims.env.AWS_ENDPOINT_URL!),
    scim: port(sims.env.SCIM_ENDPOINT!),
    graph: port(sims.env.GRAPH_BASE_URL!),
    entraHttps: port(sims.env.ENTRA_AUTHORITY_HOST!),
    entraBrowser: port(sims.entra.issuer.browserBase),
    control: port(sims.control.url),
  };
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-restart-"));
  first = await start();
});
afterAll(async () => {
  await first?.close();
  await second?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const jobsOf = (sims: RunningSimulators) => [...sims.engine.persistentState().jobs.values()];

describe("the simulated clouds across a restart", () => {
  it("keep the tenant, the app's running provisioning job, the SCIM token and what reached AWS", async () => {
    const sims = first!;
    const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["simulators/test-support/provision-through-sdks.ts"], {
      env: { PATH: process.env.PATH!, NODE_ENV: "test", ...sims.env },
      timeout: 60_000,
    });
    const report = JSON.parse(stdout.trim().split("\n").at(-1)!) as ProvisionReport;
    expect(report.jobState).toBe("Active");
    // Only live handles are left out of the saved state.
    expect([...encodeState(stateRoots(sims), STATE_CLASSES).skipped].filter((name) => !["Timeout", "Promise"].includes(name))).toEqual([]);

    const before = {
      instanceArn: sims.aws.world.instance.InstanceArn,
      users: [...sims.aws.world.identityStore.users.values()].map((u) => u.UserName).sort(),
      groups: sims.aws.world.identityStore.groups.size,
      apps: [...sims.directory.servicePrincipals.values()].map((sp) => sp.id).sort(),
      job: jobsOf(sims).map((j) => ({ id: j.id, state: j.schedule.state })),
      logEntries: sims.engine.logs.all().length,
      env: { SCIM_ENDPOINT: sims.env.SCIM_ENDPOINT, SCIM_TOKEN: sims.env.SCIM_TOKEN },
    };
    expect(before.users.length).toBeGreaterThan(0);
    const ports = portsOf(sims);
    await sims.close();
    first = undefined;

    second = await start(ports);
    const after = second;
    expect(after.aws.world.instance.InstanceArn).toBe(before.instanceArn);
    expect([...after.aws.world.identityStore.users.values()].map((u) => u.UserName).sort()).toEqual(before.users);
    expect(after.aws.world.identityStore.groups.size).toBe(before.groups);
    expect([...after.directory.servicePrincipals.values()].map((sp) => sp.id).sort()).toEqual(before.apps);
    expect(jobsOf(after).map((j) => ({ id: j.id, state: j.schedule.state }))).toEqual(before.job);
    expect(after.engine.logs.all().length).toBeGreaterThanOrEqual(before.logEntries);
    expect({ SCIM_ENDPOINT: after.env.SCIM_ENDPOINT, SCIM_TOKEN: after.env.SCIM_TOKEN }).toEqual(before.env);

    // The SCIM endpoint answers the kept token, and the job carries on with its next cycle.
    const scim = await fetch(`${after.env.SCIM_ENDPOINT}/Users?count=1`, { headers: { authorization: `Bearer ${after.env.SCIM_TOKEN}` } });
    expect(scim.status).toBe(200);
    const restartedAt = Date.now();
    const job = jobsOf(after)[0]!;
    for (let i = 0; i < 50 && !(Date.parse(job.status.lastExecution?.timeBegan ?? "") >= restartedAt); i++) await new Promise((r) => setTimeout(r, 100));
    expect(Date.parse(job.status.lastExecution!.timeBegan)).toBeGreaterThanOrEqual(restartedAt);
    expect(job.status.lastExecution!.state).toBe("Succeeded");
  }, 120_000);

  it("refuse a saved state they cannot read, saying how to start over", async () => {
    const broken = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-restart-broken-"));
    try {
      fs.writeFileSync(path.join(broken, "state.json"), JSON.stringify({ format: 0, state: null }));
      await expect(startSimulators({ dataDir: broken, stateFile: path.join(broken, "state.json"), appUrls: [] })).rejects.toThrow(
        /saved state in .*state\.json cannot be read \(it was written in format 0.*delete the demo's data folder to start over/,
      );
    } finally {
      fs.rmSync(broken, { recursive: true, force: true });
    }
  });
});
