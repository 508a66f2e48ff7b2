// npm run sim: starts the simulated clouds and writes .data/sim.env, then runs until interrupted.
import path from "node:path";
import { startSimulators, writeEnvFile } from "../simulators/start-simulators";

async function main() {
  const appUrl = process.env.NEXTAUTH_URL ?? `http://localhost:${process.env.PORT ?? "3000"}`;
  const dataDir = path.resolve(process.env.SSO_BRIDGE_DATA_DIR ?? ".data", "sim");
  const sims = await startSimulators({
    dataDir,
    appUrls: [appUrl],
    entraHttpsPort: Number(process.env.SIM_ENTRA_HTTPS_PORT ?? 4443),
    entraBrowserPort: Number(process.env.SIM_ENTRA_BROWSER_PORT ?? 4480),
  });
  const file = path.resolve(".data", "sim.env");
  writeEnvFile(file, sims.env);
  console.log(`Simulators running. Environment written to ${path.relative(process.cwd(), file)}:`);
  for (const [k, v] of Object.entries(sims.env)) console.log(`  ${k}=${k.includes("SECRET") ? "(see file)" : v}`);
  const stop = () => void sims.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  console.error(`sim: ${(e as Error).message}`);
  process.exit(1);
});
