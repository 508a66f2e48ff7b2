// Starts SSO Bridge: validates the configuration, applies migrations under a lock, then runs the
// Next.js server. `--dev` runs the development server instead of the production build.
import { spawn } from "node:child_process";
import { prepareToServe, startupProblemLines } from "../lib/startup";

async function main() {
  const dev = process.argv.includes("--dev");
  if (dev) process.env.SSO_BRIDGE_ENV ??= "local";
  const port = process.env.PORT ?? "3000";
  // Locally the address is obvious; production must say it (checked with the rest of the configuration).
  if (process.env.SSO_BRIDGE_ENV === "local") process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  try {
    const { applied } = await prepareToServe();
    if (applied.length) console.log(`sso-bridge: applied migrations ${applied.join(", ")}`);
  } catch (e) {
    for (const line of startupProblemLines(e)) console.error(`sso-bridge: ${line}`);
    process.exit(1);
  }
  const next = spawn(process.execPath, [require.resolve("next/dist/bin/next"), dev ? "dev" : "start", "-p", port], {
    stdio: "inherit",
    env: process.env,
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => next.kill(signal));
  next.on("exit", (code) => process.exit(code ?? 0));
}

void main();
