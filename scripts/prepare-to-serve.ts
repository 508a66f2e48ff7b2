// What `npm start` runs before the server: validates the configuration and applies migrations under
// a lock. Its own process, so that what it loads (the database clients, the key ring) is not kept
// in memory for the server's lifetime. Exits 1 with one line per problem.
import { prepareToServe, startupProblemLines } from "../lib/startup";

async function main() {
  try {
    const { applied } = await prepareToServe();
    if (applied.length) console.log(`sso-bridge: applied migrations ${applied.join(", ")}`);
  } catch (e) {
    for (const line of startupProblemLines(e)) console.error(`sso-bridge: ${line}`);
    process.exit(1);
  }
}

void main();
