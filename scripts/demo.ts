// npm run demo: builds SSO Bridge, starts the simulated clouds and SSO Bridge on SQLite with its
// own data folder, and prints who to sign in as.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { ADA_ADMIN, DEMO_PEOPLE } from "../simulators/entra/tenant";
import { SIM_PORTS } from "../simulators/fixed-ports";
import { parseSimOptions, SimOptionsError, simUsage } from "../simulators/sim-options";
import { startSimulators, writeEnvFile } from "../simulators/start-simulators";
import { recordPlantedHistory } from "./planted-history";

const DEMO_DRIFT = 2;

async function main() {
  const args = process.argv.slice(2).filter((a) => a !== "--no-build");
  const parsed = parseSimOptions(args);
  // The demo shows the Drift page at work unless told otherwise.
  const options = { ...parsed, drift: args.some((a) => a.startsWith("--drift")) ? parsed.drift : DEMO_DRIFT };
  const port = process.env.PORT ?? "3000";
  const appUrl = `http://localhost:${port}`;
  const dataDir = path.resolve(process.env.SSO_BRIDGE_DATA_DIR ?? ".data/demo");

  if (!process.argv.includes("--no-build")) {
    console.log("demo: building SSO Bridge (next build)…");
    const build = spawnSync(process.execPath, [require.resolve("next/dist/bin/next"), "build"], {
      encoding: "utf8",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    if (build.status !== 0) {
      console.error(build.stdout, build.stderr);
      throw new Error("the build failed; see the output above");
    }
  }

  // The clouds keep their state beside SSO Bridge's, so that tomorrow's demo finds today's setup.
  const sims = await startSimulators({
    ...options,
    dataDir: path.join(dataDir, "sim"),
    stateFile: path.join(dataDir, "sim", "state.json"),
    appUrls: [appUrl],
    ports: SIM_PORTS,
  });
  writeEnvFile(path.resolve(".data", "sim.env"), sims.env);

  const serverEnv = {
    ...sims.env,
    PORT: port,
    NEXTAUTH_URL: appUrl,
    SSO_BRIDGE_ENV: "local",
    SSO_BRIDGE_DATA_DIR: dataDir,
    DATABASE_URL: `file:${path.join(dataDir, "sso-bridge.db")}`,
  };
  // What `npm run cli` reads when it is run without a configuration of its own: the same as the server's.
  writeEnvFile(path.join(dataDir, "server.env"), serverEnv);
  if (sims.planted) {
    process.env.DATABASE_URL = serverEnv.DATABASE_URL;
    await recordPlantedHistory(sims.planted);
  }
  const app = spawn(process.execPath, [path.resolve("scripts/start.mjs")], { stdio: "inherit", env: { ...process.env, ...serverEnv } });
  const stop = () => {
    app.kill("SIGTERM");
    void sims.close();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  app.on("exit", (code) => {
    void sims.close().then(() => process.exit(code ?? 0));
  });

  const driftHint =
    options.drift > 0
      ? `  Drift is planted (${options.drift} of each kind): once federation is set up, allow lab SCIM endpoints, assign the group\n  AWS Developers in Setup's provisioning steps and start provisioning, let a cycle run, then Drift → Scan now.\n`
      : "";
  console.log(`
SSO Bridge demo: open ${appUrl}
  Sign in as ${ADA_ADMIN.displayName} first: the first person to sign in becomes admin.
  Then follow the Federation card on the overview: Settings → Connections are pre-filled for the
  simulated clouds (Save, then Test), and Setup walks the federation steps; its AWS console links
  open the simulated console at ${sims.env.AWS_CONSOLE_URL}, which also hands out the SCIM endpoint
  and access tokens. The simulated AWS and any webhook receiver you try run on this machine, so tick
  Settings → Endpoints → Allow lab SCIM endpoints (for provisioning) and Allow lab webhooks (for alerts)
  first; a banner on every page says while they are on. Once federation is set up, Setup → Test sign-in
  opens the simulated AWS access portal: sign in as someone assigned to the application, and paste the
  SAMLResponse the simulated AWS page shows into the inspector to prove (or explain) the sign-in.
${driftHint}  Others to try: ${DEMO_PEOPLE.filter((p) => p !== ADA_ADMIN)
    .map((p) => p.displayName)
    .join(", ")}.
  Simulated AWS and Entra ID: addresses in .data/sim.env, steered through ${sims.env.SIM_CONTROL_URL}.
  Data: ${path.relative(process.cwd(), dataDir)} (delete it to start over). Stop with Ctrl+C.
`);
}

main().catch((e) => {
  if (e instanceof SimOptionsError) console.error(`demo: ${e.message}\n${simUsage}\n  --no-build         start the existing build`);
  else if ((e as NodeJS.ErrnoException).code === "EADDRINUSE")
    console.error(`demo: a port is already in use (${(e as Error).message}): is another simulator or demo running?`);
  else console.error(`demo: ${(e as Error).message}`);
  process.exit(1);
});
