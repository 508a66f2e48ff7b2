import path from "node:path";
import type { TestProject } from "vitest/node";
import { ensureLocalTls } from "../../simulators/tls";

// Creates (or keeps) the simulator CA the clouds project's workers trust through
// NODE_EXTRA_CA_CERTS, before any worker starts. Simulators started by the tests reuse it by
// taking its folder as their TLS folder (see entra-test-cloud.ts).

export default async function setup(project: TestProject): Promise<void> {
  const caPath = project.config.env.NODE_EXTRA_CA_CERTS;
  if (!caPath) throw new Error("the clouds project needs NODE_EXTRA_CA_CERTS in its env");
  const tls = await ensureLocalTls(path.dirname(caPath));
  if (path.resolve(tls.caCertPath) !== path.resolve(caPath)) throw new Error(`the simulator CA was written to ${tls.caCertPath}, not ${caPath}`);
}
