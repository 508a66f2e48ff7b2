import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { startSimulators, type RunningSimulators } from "@/simulators/start-simulators";

// SSO Bridge as a person meets it: the production build started by `npm start`'s script, signing
// in through the simulated Entra ID, on a database of its own.

export type Stack = { baseUrl: string; env: Record<string, string>; output: () => string; stop(): Promise<void> };

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

export async function startStack(opts: { databaseUrl?: string; extraEnv?: Record<string, string> } = {}): Promise<Stack> {
  if (!fs.existsSync(".next/BUILD_ID")) throw new Error("no production build: run `npm run build` (npm test does) first");
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-e2e-"));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const sims: RunningSimulators = await startSimulators({ dataDir: path.join(dataDir, "sim"), appUrl: baseUrl });
  const env = {
    ...sims.env,
    PORT: String(port),
    NEXTAUTH_URL: baseUrl,
    SSO_BRIDGE_ENV: "local",
    SSO_BRIDGE_DATA_DIR: dataDir,
    DATABASE_URL: opts.databaseUrl ?? `file:${path.join(dataDir, "sso-bridge.db")}`,
    ...opts.extraEnv,
  };
  let output = "";
  const app: ChildProcess = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.on("data", (d) => (output += String(d)));
  app.stderr?.on("data", (d) => (output += String(d)));
  const stop = async () => {
    if (app.exitCode === null) {
      const exited = new Promise((r) => app.once("exit", r));
      app.kill("SIGTERM");
      await exited;
    }
    await sims.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealthy(`${baseUrl}/api/health`, app);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${output}`);
  }
  return { baseUrl, env, output: () => output, stop };
}

async function waitForHealthy(url: string, app: ChildProcess): Promise<void> {
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
