// The command-line face of SSO Bridge: the same lib/ as the web console.
//   npm run cli -- audit verify       check the audit hash chain against its newest anchor; exit 1 if it does not verify
//   npm run cli -- audit verify --anchor <file or ->
//                                     also against an anchor kept elsewhere (a copy a webhook received), read from a file or standard input
//   npm run cli -- audit anchor       verify what is new and anchor the chain's head in the data folder; exit 1 if it does not verify
//   npm run cli -- keys rotate        re-encrypt and re-sign everything stored under the first key of SSO_BRIDGE_ENCRYPTION_KEY
//   npm run cli -- status [--json]    federation and provisioning health; exit 0 healthy, 1 degraded, 2 broken or not set up
import fs from "node:fs";
import os from "node:os";
import { anchorAuditChain } from "../lib/audit/anchor-chain";
import { readAnchorCopy, type Anchor } from "../lib/audit/anchors";
import { verificationNotes, verifyAuditChain } from "../lib/audit/verify-chain";
import { storageConfig } from "../lib/config";
import { db, sqliteFilePath } from "../lib/db";
import { isAppError } from "../lib/errors";
import { rotateKeys } from "../lib/security/rotate-keys";
import { describeDatabase, startupProblemLines } from "../lib/startup";
import { statusReport } from "../lib/status/status-report";
import { readStatus } from "../lib/status/read-status";

const usage = [
  "usage: npm run cli -- audit verify [--anchor <file or ->]",
  "       npm run cli -- audit anchor",
  "       npm run cli -- keys rotate",
  "       npm run cli -- status [--json]",
].join("\n");

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
  if (given === null) return 2;
  const databaseUrl = existingDatabase();
  if (!databaseUrl) return 2;
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
  if (!databaseUrl) return 2;
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
  if (!databaseUrl) return 2;
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
  if (!databaseUrl) return 2;
  const { federation, provisioning } = await readStatus().catch(explainMissingTables(databaseUrl));
  const report = statusReport(federation, provisioning);
  console.log(json ? JSON.stringify(report.json, null, 2) : report.lines.join("\n"));
  return report.exitCode;
}

async function main(args: string[]): Promise<number> {
  const command = args.join(" ");
  if (command === "audit verify") return auditVerify(null);
  if (args.length === 4 && args[0] === "audit" && args[1] === "verify" && args[2] === "--anchor") return auditVerify(args[3]!);
  if (command === "audit anchor") return auditAnchor();
  if (command === "keys rotate") return keysRotate();
  if (command === "status" || command === "status --json") return status(command.endsWith("--json"));
  console.error(usage);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    for (const line of startupProblemLines(e)) console.error(`sso-bridge: ${line}`);
    process.exit(2);
  });
