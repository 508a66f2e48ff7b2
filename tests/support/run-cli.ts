import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

// `npm run cli -- …` as an operator or cron runs it: its own process, in `cwd`, with this process's
// environment less the web server's sign-in variables, plus `env` (undefined removes one).

export type CliRun = { code: number | null; stdout: string; stderr: string };

export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  return startCli(args, opts).done;
}

export type CliOptions = {
  cwd?: string;
  env?: Record<string, string | undefined>;
  keepEntra?: boolean;
  /** in a process group of its own, so a signal to -pid reaches tsx's node process as well as tsx */
  ownGroup?: boolean;
};

/** The command started, for a test that does something to it while it runs (kill -9 it midway). */
export function startCli(args: string[], opts: CliOptions = {}): { child: ChildProcess; done: Promise<CliRun> } {
  const base: Record<string, string | undefined> = { ...process.env };
  if (!opts.keepEntra) for (const name of ["ENTRA_TENANT_ID", "ENTRA_CLIENT_ID", "ENTRA_CLIENT_SECRET"]) delete base[name];
  delete base.NEXTAUTH_URL;
  const merged = Object.fromEntries(Object.entries({ ...base, ...opts.env }).filter((e): e is [string, string] => e[1] !== undefined));
  // Run from another folder, tsx still needs the project's path aliases.
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["--tsconfig", path.resolve("tsconfig.json"), path.resolve("scripts/cli.ts"), ...args], {
    cwd: opts.cwd ?? process.cwd(),
    env: merged as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
    detached: opts.ownGroup ?? false,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => (stdout += String(d)));
  child.stderr?.on("data", (d) => (stderr += String(d)));
  const done = new Promise<CliRun>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
  return { child, done };
}
