// The command-line face of SSO Bridge: the same lib/ as the web console.
//   npm run cli -- audit verify     check the audit hash chain; exit 1 if it does not verify
import { verifyAuditChain } from "../lib/audit/verify-chain";
import { startupProblemLines } from "../lib/startup";
import { db } from "../lib/db";
import { migrate } from "../lib/migrate";
import { storageConfig } from "../lib/config";

const usage = "usage: npm run cli -- audit verify";

async function auditVerify(): Promise<number> {
  await migrate(storageConfig().databaseUrl);
  const result = await verifyAuditChain(db());
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
