import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { SimOptions } from "@/simulators/sim-options";
import { startSimulators, type RunningSimulators } from "@/simulators/start-simulators";

// SSO Bridge as a person meets it: the production build started by `npm start`'s script, signing
// in through the simulated Entra ID, on a database of its own.

export type Stack = {
  /** the first instance */
  baseUrl: string;
  baseUrls: string[];
  /** the environment every instance shares (NEXTAUTH_URL and PORT differ per instance) */
  env: Record<string, string>;
  /** each instance's process (`npm start`'s script; Next.js runs as its child), for reading their memory */
  pids: number[];
  output: () => string;
  /** the simulated clouds, for what an administrator changes in the clouds' own consoles */
  sims: RunningSimulators;
  stop(): Promise<void>;
};

/**
 * Starts the simulators and `instances` SSO Bridge instances at once, in production mode, sharing
 * one database and one encryption key as the README says several instances must.
 */
export async function startStack(opts: { databaseUrl: string; instances?: number; sim?: Partial<SimOptions>; env?: Record<string, string> }): Promise<Stack> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npm run build` (npm test does) first");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-e2e-"));
  const ports = await Promise.all(Array.from({ length: opts.instances ?? 1 }, () => freePort()));
  const baseUrls = ports.map((p) => `http://localhost:${p}`);
  const sims: RunningSimulators = await startSimulators({ ...opts.sim, dataDir: path.join(dataDir, "sim"), appUrls: baseUrls });
  const env = {
    ...sims.env,
    SSO_BRIDGE_ENV: "production",
    SSO_BRIDGE_ENCRYPTION_KEY: crypto.randomBytes(32).toString("base64"),
    // Every browser test signs Ada in first and expects her to become admin, which production does only when told to.
    SSO_BRIDGE_FIRST_SIGN_IN_ADMIN: "true",
    SSO_BRIDGE_DATA_DIR: dataDir,
    DATABASE_URL: opts.databaseUrl,
    ...opts.env,
  };
  let output = "";
  const apps: ChildProcess[] = ports.map((port, i) => {
    const app = spawn(process.execPath, ["scripts/start.mjs"], {
      env: { ...process.env, ...env, PORT: String(port), NEXTAUTH_URL: baseUrls[i] },
      stdio: ["ignore", "pipe", "pipe"],
    });
    app.stdout?.on("data", (d) => (output += String(d)));
    app.stderr?.on("data", (d) => (output += String(d)));
    return app;
  });
  const stop = async () => {
    await Promise.all(
      apps.map(async (app) => {
        if (app.exitCode !== null || app.signalCode !== null) return;
        const exited = new Promise((r) => app.once("exit", r));
        app.kill("SIGTERM");
        await exited;
      }),
    );
    await sims.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await Promise.all(apps.map((app, i) => waitForHealthy(`${baseUrls[i]}/api/health`, app)));
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output}`);
  }
  return { baseUrl: baseUrls[0]!, baseUrls, env, pids: apps.map((app) => app.pid!), output: () => output, sims, stop };
}

export async function waitForHealthy(url: string, app: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`SSO Bridge exited with code ${app.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`SSO Bridge did not become healthy at ${url}`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}
