// npm run sim [-- options]: starts the simulated AWS and Entra ID and writes .data/sim.env, then
// runs until interrupted.
import path from "node:path";
import { SIM_PORTS } from "../simulators/fixed-ports";
import { parseSimOptions, SimOptionsError, simUsage } from "../simulators/sim-options";
import { startSimulators, writeEnvFile } from "../simulators/start-simulators";

async function main() {
  const options = parseSimOptions(process.argv.slice(2));
  const appUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`;
  const dataDir = path.resolve(process.env.SSO_BRIDGE_DATA_DIR ?? ".data", "sim");
  const sims = await startSimulators({ ...options, dataDir, appUrls: [appUrl], ports: SIM_PORTS });
  const file = path.resolve(".data", "sim.env");
  writeEnvFile(file, sims.env);
  console.log(`Simulated AWS and Entra ID are running. Environment written to ${path.relative(process.cwd(), file)}:`);
  for (const [k, v] of Object.entries(sims.env)) console.log(`  ${k}=${/SECRET|TOKEN/.test(k) ? "(in the file)" : v}`);
  console.log(`Steer them (faults, SCIM tokens, app permissions) through ${sims.env.SIM_CONTROL_URL}. Stop with Ctrl+C.`);
  const stop = () => void sims.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  if (e instanceof SimOptionsError) console.error(`sim: ${e.message}\n${simUsage}`);
  else if ((e as NodeJS.ErrnoException).code === "EADDRINUSE")
    console.error(`sim: a port is already in use (${(e as Error).message}): is another simulator or demo running?`);
  else console.error(`sim: ${(e as Error).message}`);
  process.exit(1);
});
