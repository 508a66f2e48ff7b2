import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { selfSignedClientCertificate } from "./test-support/client-certificate";
import type { ProvisionReport } from "./test-support/provision-through-sdks";
import { readEnvFile, startSimulators, writeEnvFile, type RunningSimulators } from "./start-simulators";

// The simulators as `npm run sim` starts them, reached by a separate process that knows nothing
// but .data/sim.env: the proof that standard configuration is all any SDK script needs.

let sims: RunningSimulators;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-sims-"));
  sims = await startSimulators({ dataDir: dir, appUrls: ["http://localhost:3999"], users: 20, groups: 4, cycleSeconds: 1 });
});
afterAll(async () => {
  await sims?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the simulated clouds", () => {
  it("write every variable an SDK or SSO Bridge needs to sim.env, readable only by the owner", () => {
    const file = path.join(dir, "sim.env");
    writeEnvFile(file, sims.env);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(Object.keys(readEnvFile(file))).toEqual(
      expect.arrayContaining([
        "AWS_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "SCIM_ENDPOINT",
        "SCIM_TOKEN",
        "ENTRA_TENANT_ID",
        "ENTRA_CLIENT_ID",
        "ENTRA_CLIENT_SECRET",
        "ENTRA_AUTHORITY_HOST",
        "GRAPH_BASE_URL",
        "NODE_EXTRA_CA_CERTS",
      ]),
    );
  });

  it("register, list and clear the app registration's certificates through the control API", async () => {
    const url = `${sims.control.url}/entra/app-certificates`;
    const { certificatePem } = await selfSignedClientCertificate();
    const put = await fetch(url, { method: "PUT", body: JSON.stringify({ certificatePem }) });
    const thumbprint = new X509Certificate(certificatePem).fingerprint.replace(/:/g, "");
    expect(await put.json()).toEqual([expect.objectContaining({ thumbprint })]);
    expect(await (await fetch(url)).json()).toEqual([expect.objectContaining({ thumbprint })]);
    expect((await fetch(url, { method: "PUT", body: JSON.stringify({ certificatePem: "not a certificate" }) })).status).toBe(400);
    await fetch(url, { method: "DELETE" });
    expect(await (await fetch(url)).json()).toEqual([]);
  });

  it("provision an assigned Entra group into the AWS identity store, driven only through the official clients", async () => {
    const env = readEnvFile(path.join(dir, "sim.env"));
    const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), ["simulators/test-support/provision-through-sdks.ts"], {
      env: { PATH: process.env.PATH!, NODE_ENV: "test", ...env },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as ProvisionReport;
    expect(result.instanceArn).toBe(sims.aws.world.instance.InstanceArn);
    expect(result.group).toBe("AWS Administrators");
    expect(result.memberCount).toBeGreaterThan(0);
    expect(result.userNames).toContain("ada.admin@contoso.example");
    expect(result.jobState).toBe("Active");
    expect(result.logEntries).toBeGreaterThan(0);
  }, 90_000);
});
