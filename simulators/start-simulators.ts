import fs from "node:fs";
import path from "node:path";
import { startEntraOidc } from "./entra/oidc-issuer";

// Starts the simulated clouds and says, as environment variables, how to reach them. The same
// names configure SSO Bridge against the real clouds.

export type SimulatorOptions = {
  dataDir: string;
  /** where SSO Bridge will be reached, so the simulated app registration accepts its sign-in callbacks */
  appUrls: string[];
  entraHttpsPort?: number;
  entraBrowserPort?: number;
};

export type RunningSimulators = { env: Record<string, string>; close(): Promise<void> };

export async function startSimulators(opts: SimulatorOptions): Promise<RunningSimulators> {
  const entra = await startEntraOidc({
    dataDir: path.join(opts.dataDir, "entra"),
    httpsPort: opts.entraHttpsPort,
    browserPort: opts.entraBrowserPort,
    redirectUris: opts.appUrls.map((u) => `${u}/api/auth/callback/azure-ad`),
    postLogoutRedirectUris: opts.appUrls.map((u) => `${u}/signin`),
  });
  const env = {
    ENTRA_TENANT_ID: entra.tenantId,
    ENTRA_CLIENT_ID: entra.clientId,
    ENTRA_CLIENT_SECRET: entra.clientSecret,
    ENTRA_AUTHORITY_HOST: entra.authorityHost,
    NODE_EXTRA_CA_CERTS: entra.caCertPath,
  };
  return { env, close: () => entra.close() };
}

/** `.data/sim.env`: KEY=VALUE lines that any SDK script or SSO Bridge itself can load. */
export function writeEnvFile(file: string, env: Record<string, string>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  fs.writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
}
