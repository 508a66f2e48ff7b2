// Starts SSO Bridge: validates the configuration and applies migrations (scripts/prepare-to-serve.ts),
// then runs the Next.js server. `--dev` runs the development server instead of the production build.
// Plain JavaScript: this process stays up for the server's lifetime, only to pass signals on, so it
// carries no TypeScript loader and no database client.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { HEAP_MB } from "./server-heap.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

const dev = process.argv.includes("--dev");
if (dev) process.env.SSO_BRIDGE_ENV ??= "local";
const port = process.env.PORT ?? "3000";
// Locally the address is obvious; production must say it (checked with the rest of the configuration).
if (process.env.SSO_BRIDGE_ENV === "local") process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
process.env.NEXT_TELEMETRY_DISABLED = "1";

/** Runs a child with this process's output, passing SIGINT and SIGTERM on; resolves with its exit code. */
function run(args) {
  const child = spawn(process.execPath, args, { stdio: "inherit", env: process.env });
  const pass = (signal) => child.kill(signal);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, pass);
  return new Promise((resolve) =>
    child.on("exit", (code, signal) => {
      for (const s of ["SIGINT", "SIGTERM"]) process.off(s, pass);
      resolve(code ?? (signal ? 1 : 0));
    }),
  );
}

const prepared = await run([require.resolve("tsx/cli"), path.join(here, "prepare-to-serve.ts")]);
if (prepared !== 0) process.exit(prepared);
// NODE_OPTIONS=--max-old-space-size=… overrides the cap.
const heap = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? "") ? [] : [`--max-old-space-size=${HEAP_MB}`];
process.exit(await run([...heap, require.resolve("next/dist/bin/next"), dev ? "dev" : "start", "-p", port]));
