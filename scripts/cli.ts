// The command-line face of SSO Bridge: the same lib/ as the web console.
//   npm run cli -- audit verify       check the audit hash chain against its newest anchor; exit 1 if it does not verify
//   npm run cli -- audit verify --anchor <file or ->
//                                     also against an anchor kept elsewhere (a copy a webhook received), read from a file or standard input
//   npm run cli -- audit anchor       verify what is new and anchor the chain's head in the data folder; exit 1 if it does not verify
//   npm run cli -- keys rotate        re-encrypt and re-sign everything stored under the first key of SSO_BRIDGE_ENCRYPTION_KEY
//   npm run cli -- status [--json]    federation and provisioning health; exit 0 healthy, 1 degraded, 2 broken or not set up
//   npm run cli -- drift [--latest] [--json]
//                                     scan Entra and the AWS identity store for drift (or print the latest scan); exit 0 no drift, 1 drift, 2 no scan
//   npm run cli -- mirrors [--json]   the mirror groups of nested Entra groups and their state; exit 0 all kept current, 1 one needs an operator
//   npm run cli -- mirrors sync [--full]
//                                     run mirror maintenance now (every group read again with --full) and report as above
// Every command exits 3 when it cannot run at all (its configuration, its database, its arguments).
// Run with no configuration of its own beside a running `npm run demo`, it uses the demo's.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { anchorAuditChain } from "../lib/audit/anchor-chain";
import { readAnchorCopy, type Anchor } from "../lib/audit/anchors";
import { verificationNotes, verifyAuditChain } from "../lib/audit/verify-chain";
import { storageConfig } from "../lib/config";
import { db, sqliteFilePath } from "../lib/db";
import { allFindings, DRIFT_EXIT, driftReport, progressLine } from "../lib/drift/drift-report";
import { startDriftScan } from "../lib/drift/drift-scan";
import { driftScans, type ScanView } from "../lib/drift/drift-view";
import { isAppError } from "../lib/errors";
import { startMirrorRun } from "../lib/mirrors/mirror-run";
import { mirrorsReport } from "../lib/mirrors/mirrors-report";
import { mirrorsView } from "../lib/mirrors/mirrors-view";
import { rotateKeys } from "../lib/security/rotate-keys";
import { describeDatabase, startupProblemLines } from "../lib/startup";
import { statusReport } from "../lib/status/status-report";
import { readStatus } from "../lib/status/read-status";

const usage = [
  "usage: npm run cli -- audit verify [--anchor <file or ->]",
  "       npm run cli -- audit anchor",
  "       npm run cli -- keys rotate",
  "       npm run cli -- status [--json]",
  "       npm run cli -- drift [--latest] [--json]",
  "       npm run cli -- mirrors [--json]",
  "       npm run cli -- mirrors sync [--full] [--json]",
].join("\n");

const CANNOT_RUN = 3;
const DEMO_SERVER_ENV = path.join(".data", "demo", "server.env");

/**
 * Without a configuration of its own (no DATABASE_URL or data folder set), the CLI uses the one the
 * demo's server runs with. The simulators' CA must be trusted from the start, which Node reads only
 * when it starts, so the command runs again in a child process with that environment.
 */
function runWithDemoConfiguration(): number | null {
  if (process.env.DATABASE_URL || process.env.SSO_BRIDGE_DATA_DIR || !fs.existsSync(DEMO_SERVER_ENV)) return null;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const line of fs.readFileSync(DEMO_SERVER_ENV, "utf8").split("\n")) {
    const at = line.indexOf("=");
    if (at > 0) env[line.slice(0, at)] = line.slice(at + 1);
  }
  console.error(`sso-bridge: no DATABASE_URL set: using the demo's configuration (${DEMO_SERVER_ENV})`);
  const child = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: "inherit" });
  return child.status ?? CANNOT_RUN;
}

/** The configured database if it exists: the commands only read, so they must not create it. */
function existingDatabase(): string | null {
  const { databaseUrl } = storageConfig();
  if (databaseUrl.startsWith("file:") && !fs.existsSync(sqliteFilePath(databaseUrl))) {
    console.error(`sso-bridge: DATABASE_URL: there is no database at ${databaseUrl} (the demo's is file:.data/demo/sso-bridge.db)`);
    return null;
  }
  return databaseUrl;
}

// Nor migrate it: an unmigrated database says so instead of showing Prisma's table error.
const explainMissingTables =
  (databaseUrl: string) =>
  (e: unknown): never => {
    if ((e as { code?: string }).code === "P2021")
      throw new Error(`DATABASE_URL: ${describeDatabase(databaseUrl)} holds no SSO Bridge tables: is it the right database?`);
    throw e;
  };

/** The anchor in a copy someone kept, from a file or ("-") standard input; null, having said why, when there is none. */
function givenAnchor(source: string): Anchor | null {
  const where = source === "-" ? "standard input" : source;
  let text: string;
  try {
    text = fs.readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (e) {
    console.error(`sso-bridge: --anchor: cannot read ${where}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    return null;
  }
  const read = readAnchorCopy(text);
  if (read.ok) return read.anchor;
  console.error(`sso-bridge: --anchor: ${where} ${read.problem}. Give one line of an anchor file, or the anchor a webhook received.`);
  return null;
}

async function auditVerify(anchorSource: string | null): Promise<number> {
  const given = anchorSource === null ? undefined : givenAnchor(anchorSource);
  if (given === null) return CANNOT_RUN;
  const databaseUrl = existingDatabase();
  if (!databaseUrl) return CANNOT_RUN;
  const result = await verifyAuditChain(db(), given).catch(explainMissingTables(databaseUrl));
  if (result.ok) {
    console.log([`audit chain verifies: ${result.events} events`, ...verificationNotes(result)].join("\n  "));
    return 0;
  }
  console.log(`audit chain BROKEN at event #${result.firstBad.seq} (${result.firstBad.id}): ${result.reason}; ${result.events} events before it verify`);
  return 1;
}

async function auditAnchor(): Promise<number> {
  const databaseUrl = existingDatabase();
  if (!databaseUrl) return CANNOT_RUN;
  try {
    console.log((await anchorAuditChain().catch(explainMissingTables(databaseUrl))).message);
    return 0;
  } catch (e) {
    if (!isAppError(e)) throw e;
    console.log(e.message);
    return 1;
  }
}

/** Run by a person at a shell: the audit event records which account on which machine. */
async function keysRotate(): Promise<number> {
  const databaseUrl = existingDatabase();
  if (!databaseUrl) return CANNOT_RUN;
  const context = { userAgent: `npm run cli -- keys rotate (${os.userInfo().username}@${os.hostname()})` };
  let r;
  try {
    r = await rotateKeys(context).catch(explainMissingTables(databaseUrl));
  } catch (e) {
    if (!isAppError(e)) throw e;
    console.log(e.message);
    return 1;
  }
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  const secrets = r.reencrypted.filter((v) => v.column === "Secret.ciphertext").map((v) => v.name);
  const webhooks = r.reencrypted.filter((v) => v.column === "Webhook.urlCiphertext").map((v) => `webhook "${v.binding.name}"`);
  const reencrypted = [
    ...(secrets.length ? [`${count(secrets.length, "secret")} (${secrets.join(", ")})`] : []),
    ...(webhooks.length ? [`${count(webhooks.length, "webhook URL")} (${webhooks.join(", ")})`] : []),
  ];
  const resigned = [
    ...(r.checkpoints ? [count(r.checkpoints, "retention checkpoint")] : []),
    ...(r.anchorSeq !== null ? [`a new audit anchor at #${r.anchorSeq}`] : []),
  ];
  console.log(`re-encrypted under key "${r.keyId}": ${reencrypted.join(", ") || "nothing (everything already was)"}`);
  console.log(`re-signed under key "${r.keyId}": ${resigned.join(", ") || "nothing (everything already was)"}`);
  for (const id of r.retired) console.log(`nothing stored needs key "${id}" any more: remove it from SSO_BRIDGE_ENCRYPTION_KEY`);
  for (const u of r.stillNeeded) console.log(`key "${u.keyId}" is still needed by ${u.by}: run this again once every instance runs with the new key first`);
  return 0;
}

async function status(json: boolean): Promise<number> {
  const databaseUrl = existingDatabase();
  if (!databaseUrl) return CANNOT_RUN;
  const { federation, provisioning } = await readStatus().catch(explainMissingTables(databaseUrl));
  const report = statusReport(federation, provisioning);
  console.log(json ? JSON.stringify(report.json, null, 2) : report.lines.join("\n"));
  return report.exitCode;
}

/** Runs a scan (or joins the one running) and reports it; with `latest`, reports the newest scan that ended. */
async function drift(opts: { latest: boolean; json: boolean }): Promise<number> {
  const databaseUrl = existingDatabase();
  if (!databaseUrl) return CANNOT_RUN;
  let scan: ScanView | null;
  try {
    scan = await driftScanToReport(opts.latest).catch(explainMissingTables(databaseUrl));
  } catch (e) {
    if (!isAppError(e)) throw e;
    console.error(`sso-bridge: ${e.message}`);
    return DRIFT_EXIT.noScan;
  }
  if (!scan) {
    console.error("sso-bridge: no drift scan has finished yet: run npm run cli -- drift");
    return DRIFT_EXIT.noScan;
  }
  const report = driftReport(scan, scan.status === "complete" ? await allFindings(scan.id) : []);
  console.log(opts.json ? JSON.stringify(report.json, null, 2) : report.lines.join("\n"));
  return report.exitCode;
}

async function driftScanToReport(latest: boolean): Promise<ScanView | null> {
  if (latest) {
    // The newest scan that ended; while one runs, the last complete one.
    const { newest, running, complete } = await driftScans();
    return running && newest?.id === running.id ? complete : newest;
  }
  const { id } = await startDriftScan(`npm run cli -- drift (${os.userInfo().username}@${os.hostname()})`);
  for (;;) {
    const current = (await driftScans()).newest;
    if (current?.id === id && current.status !== "running") return current;
    if (current?.id === id) console.error(progressLine(current));
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

/** Lists the mirrors; with `sync`, runs maintenance first (or joins the run going) and waits for it. */
async function mirrors(opts: { sync: boolean; full: boolean; json: boolean }): Promise<number> {
  const databaseUrl = existingDatabase();
  if (!databaseUrl) return CANNOT_RUN;
  if (opts.sync) {
    let id: string;
    try {
      ({ id } = await startMirrorRun(`npm run cli -- mirrors sync (${os.userInfo().username}@${os.hostname()})`, { full: opts.full }).catch(
        explainMissingTables(databaseUrl),
      ));
    } catch (e) {
      if (!isAppError(e)) throw e;
      console.error(`sso-bridge: ${e.message}`);
      return CANNOT_RUN;
    }
    for (;;) {
      const run = await db().mirrorRun.findUnique({ where: { id }, select: { status: true } });
      if (run?.status !== "running") break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  const report = mirrorsReport(await mirrorsView().catch(explainMissingTables(databaseUrl)));
  console.log(opts.json ? JSON.stringify(report.json, null, 2) : report.lines.join("\n"));
  return report.exitCode;
}

async function main(args: string[]): Promise<number> {
  const command = args.join(" ");
  if (command === "audit verify") return auditVerify(null);
  if (args.length === 4 && args[0] === "audit" && args[1] === "verify" && args[2] === "--anchor") return auditVerify(args[3]!);
  if (command === "audit anchor") return auditAnchor();
  if (command === "keys rotate") return keysRotate();
  if (command === "status" || command === "status --json") return status(command.endsWith("--json"));
  if (args[0] === "drift" && args.slice(1).every((a) => a === "--json" || a === "--latest"))
    return drift({ latest: args.includes("--latest"), json: args.includes("--json") });
  if (
    args[0] === "mirrors" &&
    args.slice(1).every((a) => a === "--json" || a === "sync" || a === "--full") &&
    (args.includes("sync") || !args.includes("--full"))
  )
    return mirrors({ sync: args.includes("sync"), full: args.includes("--full"), json: args.includes("--json") });
  console.error(usage);
  return CANNOT_RUN;
}

const ranWithDemo = runWithDemoConfiguration();
if (ranWithDemo !== null) process.exit(ranWithDemo);
main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    for (const line of startupProblemLines(e)) console.error(`sso-bridge: ${line}`);
    process.exit(CANNOT_RUN);
  });
