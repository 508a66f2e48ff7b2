// The command-line face of SSO Bridge: the same lib/ as the web console.
//   npm run cli -- audit verify     check the audit hash chain; exit 1 if it does not verify
import { verifyAuditChain } from "../lib/audit/verify-chain";
import { describeDatabase, startupProblemLines } from "../lib/startup";
import fs from "node:fs";
import { db, sqliteFilePath } from "../lib/db";
import { storageConfig } from "../lib/config";

const usage = "usage: npm run cli -- audit verify";

async function auditVerify(): Promise<number> {
  // Read only: verifying must not create or migrate the database it is pointed at.
  const { databaseUrl } = storageConfig();
  if (databaseUrl.startsWith("file:") && !fs.existsSync(sqliteFilePath(databaseUrl))) {
    console.error(`sso-bridge: DATABASE_URL: there is no database at ${databaseUrl} (the demo's is file:.data/demo/sso-bridge.db)`);
    return 2;
  }
  const result = await verifyAuditChain(db()).catch((e: unknown) => {
    if ((e as { code?: string }).code === "P2021") throw new Error(`DATABASE_URL: ${describeDatabase(databaseUrl)} holds no SSO Bridge tables: is it the right database?`);
    throw e;
  });
  if (result.ok) {
    console.log(`audit chain verifies: ${result.events} events`);
    return 0;
  }
  console.log(`audit chain BROKEN at event #${result.firstBad.seq} (${result.firstBad.id}): ${result.reason}; ${result.events} events before it verify`);
  return 1;
}

async function main(args: string[]): Promise<number> {
  const command = args.join(" ");
  if (command === "audit verify") return auditVerify();
  console.error(usage);
  return 2;
}

main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    for (const line of startupProblemLines(e)) console.error(`sso-bridge: ${line}`);
    process.exit(2);
  });
