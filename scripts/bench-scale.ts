// What the scale benchmarks (`npm run bench -- drift`, `-- mirrors`) share: the simulators in a
// process of their own (scripts/bench-sims.ts), the measured process started with their
// environment, and SSO Bridge set up as far as its enterprise app through the wizard's own steps.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parseArgs } from "node:util";
import { jsonOrUndefined } from "../lib/http/json-text";
import { freshPostgresDatabase } from "./bench-database";
import { HEAP_MB } from "./server-heap.mjs";

export type ScaleSize = { users: number; groups: number; memberships: number; nesting: number; seed: number; database: "sqlite" | "postgresql" };
export type Rates = { graph: number; aws: number };

/** The tenant's size from the command line: 100,000 users, 10,000 groups and 300,000 memberships unless given; `nesting` deep by default. */
export function parseScaleSize(argv: string[], defaultNesting: number): ScaleSize {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(
      ["users", "groups", "memberships", "nesting", "seed", "database", "measure"].map((k) => [k, { type: k === "measure" ? "boolean" : "string" }]),
    ),
  });
  const database = values.database ?? "sqlite";
  if (database !== "sqlite" && database !== "postgresql") throw new Error(`--database must be sqlite or postgresql, not "${String(database)}"`);
  const n = (name: string, fallback: number) => {
    const v = values[name] === undefined ? fallback : Number(values[name]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number, not "${String(values[name])}"`);
    return v;
  };
  return {
    users: n("users", 100_000),
    groups: n("groups", 10_000),
    memberships: n("memberships", 300_000),
    nesting: n("nesting", defaultNesting),
    seed: n("seed", 1),
    database,
  };
}

/** Starts the simulators and waits for the line with their environment. */
async function startSims(size: ScaleSize, rates: Rates): Promise<{ child: ChildProcess; env: Record<string, string> }> {
  const args = ["--users", size.users, "--groups", size.groups, "--memberships", size.memberships, "--nesting", size.nesting, "--seed", size.seed];
  const child = spawn(
    path.resolve("node_modules/.bin/tsx"),
    ["scripts/bench-sims.ts", ...args.map(String), "--graph-rate", String(rates.graph), "--aws-rate", String(rates.aws)],
    { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, DEBUG: "" } },
  );
  const lines = readline.createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the simulators stopped (exit ${code})`)));
  });
  lines.on("line", () => undefined);
  const announced = jsonOrUndefined(first) as { env?: Record<string, string> } | undefined;
  if (!announced?.env) throw new Error(`the simulators said something else than their environment: ${first.slice(0, 200)}`);
  return { child, env: announced.env };
}

/**
 * Runs `scripts/bench.ts <name> … --measure` against freshly started simulators, in a database of
 * its own, with the server's heap cap and the whole of each published limit as SSO Bridge's budget.
 */
export async function runMeasured(name: string, argv: string[], size: ScaleSize, rates: Rates): Promise<number> {
  const sims = await startSims(size, rates);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ssob-bench-${name}-`));
  const database = size.database === "postgresql" ? await freshPostgresDatabase(`ssob_bench_${name}`) : null;
  try {
    return await new Promise<number>((resolve) => {
      const measured = spawn(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/bench.ts"), name, ...argv, "--measure"], {
        stdio: "inherit",
        env: {
          ...process.env,
          ...sims.env,
          DATABASE_URL: database?.url ?? `file:${path.join(dir, "bench.db")}`,
          SSO_BRIDGE_DATA_DIR: dir,
          SSO_BRIDGE_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
          // The whole of each published limit is SSO Bridge's here: the simulators hold it to exactly that.
          SSO_BRIDGE_CLOUD_BUDGET_SHARE: "1",
          SSO_BRIDGE_ENV: "local",
          // The heap the server runs in (npm start).
          NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=${HEAP_MB}`.trim(),
        },
      });
      measured.on("exit", (c) => resolve(c ?? 1));
    });
  } finally {
    sims.child.kill("SIGTERM");
    fs.rmSync(dir, { recursive: true, force: true });
    await database?.drop();
  }
}

/** In the measured process: SSO Bridge connected to both clouds, its instance chosen and its enterprise app created. Returns the app's service principal id. */
export async function setUpToEnterpriseApp(by: { actor: { type: "person"; id: string; label: string }; context: { requestId: string } }): Promise<string> {
  const { migrate } = await import("../lib/migrate");
  const { saveAwsConnection } = await import("../lib/connections/aws-connection");
  const { saveEntraConnection } = await import("../lib/connections/entra-connection");
  const { chooseIdentityCenterInstance } = await import("../lib/setup/steps/identity-center-instance");
  const { uploadAwsSpMetadata } = await import("../lib/setup/steps/aws-sp-metadata");
  const { createOrAdoptEnterpriseApp } = await import("../lib/setup/steps/enterprise-app");
  const { readFederationConfig } = await import("../lib/federation/federation-config");
  await migrate(process.env.DATABASE_URL as string);
  await saveAwsConnection({ region: process.env.AWS_REGION as string }, by);
  await saveEntraConnection({ authentication: "sign-in-app", cloud: "global" }, by);
  await chooseIdentityCenterInstance(null, by);
  const metadata = await fetch(`${process.env.AWS_CONSOLE_URL}/singlesignon/sp-metadata.xml`).then((r) => r.text());
  await uploadAwsSpMetadata(new File([metadata], "aws-sp-metadata.xml", { type: "text/xml" }), by);
  await createOrAdoptEnterpriseApp({ mode: "create", displayName: "AWS IAM Identity Center" }, by);
  return (await readFederationConfig()).enterpriseApp!.servicePrincipalId;
}
