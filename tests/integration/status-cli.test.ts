import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { saveFederationPart } from "@/lib/federation/federation-config";
import { testProvider, useFreshDatabase } from "../support/databases";
import { runCli } from "../support/run-cli";

// `npm run cli -- status` as an operator or a monitor runs it: its own process, only the storage
// variables (not the web server's), and the exit code as the answer.

const database = useFreshDatabase();

const cli = (args: string[], env: Record<string, string | undefined> = {}) => runCli(args, { env });
const cliIn = (cwd: string, args: string[], env: Record<string, string | undefined>) => runCli(args, { cwd, env });

describe(`status command on ${testProvider()}`, () => {
  it("reports an empty database as not configured, exit 2, without the web server's variables", async () => {
    const run = await cli(["status", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({
      exitCode: 2,
      federation: { state: "not-configured", stepsDone: 0, lastVerifiedAt: null, firstProblem: { href: "/setup" } },
      provisioning: { state: "not-configured" },
    });
  });

  it("prints one line per area for people", async () => {
    const run = await cli(["status"]);
    expect(run.code).toBe(2);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^federation +not-configured +0\/6 steps, never checked; Next step: .+ → \/setup$/);
    expect(lines[1]).toMatch(/^provisioning +not-configured +Next step: .+ → \/setup#/);
  });

  it("answers an unknown argument with the usage and exit 3, not the 2 of a broken integration", async () => {
    const run = await cli(["status", "--verbose"]);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("usage: npm run cli -- audit verify");
    expect(run.stderr).toContain("npm run cli -- status [--json]");
  });

  it("neither creates nor migrates a SQLite database that is not there", async () => {
    const file = path.join(os.tmpdir(), `ssob-missing-${process.pid}`, "sso-bridge.db");
    const run = await cli(["status"], { DATABASE_URL: `file:${file}` });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`there is no database at file:${file}`);
    expect(fs.existsSync(path.dirname(file))).toBe(false);
  });

  it("without a configuration of its own, uses the one the demo's server runs with", async () => {
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-demo-cli-"));
    fs.mkdirSync(path.join(cwd, ".data", "demo"), { recursive: true });
    fs.writeFileSync(path.join(cwd, ".data", "demo", "server.env"), `DATABASE_URL=${process.env.DATABASE_URL}\nSSO_BRIDGE_ENV=local\n`);
    const run = await cliIn(cwd, ["status", "--json"], { DATABASE_URL: undefined, SSO_BRIDGE_DATA_DIR: undefined });
    expect(run.stderr).toContain("using the demo's configuration (.data/demo/server.env)");
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ federation: { state: "not-configured" } });
  });

  describe("once a provisioning job is recorded", () => {
    const recordJob = async () => {
      const steps = {
        "enterprise-app": {
          servicePrincipalId: "sp-1",
          applicationObjectId: "app-1",
          appId: "11111111-1111-1111-1111-111111111111",
          displayName: "AWS IAM Identity Center",
          adopted: false,
        },
        "provisioning-job": { jobId: "job-1", created: true, scopedToAssigned: true, tokenFingerprint: "fp" },
      };
      for (const [id, data] of Object.entries(steps)) {
        await database.client.setupStep.upsert({ where: { id }, create: { id, status: "done", data: JSON.stringify(data) }, update: {} });
      }
      // What the wizard configures in the same transactions as it finishes those steps.
      const { servicePrincipalId, applicationObjectId, appId, displayName } = steps["enterprise-app"];
      await database.client.$transaction(async (tx) => {
        await saveFederationPart(tx, { part: "enterpriseApp", value: { servicePrincipalId, applicationObjectId, appId, displayName } });
        await saveFederationPart(tx, { part: "provisioningJob", value: { jobId: steps["provisioning-job"].jobId } });
      });
    };

    it("reports provisioning as unknown, not a crash, when Graph cannot be asked", async () => {
      await recordJob();
      const run = await cli(["status", "--json"], {
        ENTRA_TENANT_ID: "22222222-2222-2222-2222-222222222222",
        ENTRA_CLIENT_ID: "33333333-3333-3333-3333-333333333333",
        ENTRA_CLIENT_SECRET: "not-used",
      });
      expect(run.stderr).toBe("");
      const report = JSON.parse(run.stdout) as { provisioning: unknown };
      expect(report.provisioning).toMatchObject({
        state: "unknown",
        errorCode: "NotConfigured",
        firstProblem: { message: expect.stringMatching(/^Could not read the provisioning job: Connect SSO Bridge to Microsoft Entra first/) },
      });
      // Federation is still not configured, and that is the worse of the two.
      expect(run.code).toBe(2);
    });

    it("stops with one line naming each missing variable, not a stack trace, and exit 3, when reading the job needs them", async () => {
      await recordJob();
      const run = await cli(["status"]);
      expect(run.code).toBe(3);
      expect(run.stderr).toContain("sso-bridge: ENTRA_TENANT_ID is not set");
    });
  });
});
