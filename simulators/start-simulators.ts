import fs from "node:fs";
import path from "node:path";
import { BrowserHosts } from "./browser-hosts";
import { startAwsCloud, type AwsCloud } from "./aws/aws-cloud";
import { issueScimToken, revokeScimToken } from "./aws/scim/tokens";
import { SIMULATOR_ACCESS_KEY_ID } from "./aws/sts/caller";
import { ControlError, startControlServer, type ControlOperation, type ControlServer } from "./control-server";
import { EntraDirectory } from "./entra/directory";
import { clearAppCertificates, InvalidCertificateError, listAppCertificates, registerAppCertificate } from "./entra/graph/app-certificates";
import { startEntraCloud, type EntraCloud } from "./entra/graph/entra-cloud";
import { grantAppPermissions, seedEntraDirectory, SSO_BRIDGE_PERMISSIONS } from "./entra/seed";
import { ProvisioningEngine } from "./entra/synchronization/provisioning-engine";
import { synchronizationRoutes } from "./entra/synchronization/synchronization-routes";
import { CONTOSO, SSO_BRIDGE_APP } from "./entra/tenant";
import { FaultInjector } from "./faults";
import { RequestCounter } from "./request-counter";
import { IdentityStore } from "./aws/directory-store";
import { SsoAdminState } from "./aws/sso-admin/state";
import { encodeState, restoreState, writeStateFile } from "./persisted-state";
import { ProvisioningLogStore } from "./entra/synchronization/provisioning-logs";
import { isPlantedIn, plantAfterProvisioning, plantDrift, type PlantedHistory } from "./planted-drift";
import { defaultSimOptions, type SimOptions } from "./sim-options";

// Starts the simulated clouds and says, as environment variables, how to reach them. The same
// names configure SSO Bridge and the official SDKs against the real clouds.

export type SimulatorOptions = Partial<SimOptions> & {
  dataDir: string;
  /** where SSO Bridge will be reached, so the simulated app registration accepts its sign-in callbacks */
  appUrls: string[];
  ports?: { entraHttps?: number; entraBrowser?: number; graph?: number; awsApi?: number; scim?: number; control?: number };
  /**
   * Where the clouds' state is kept across restarts (the demo's data folder): read at start when it
   * exists, written every few seconds and at close. Without it, each start is a new tenant and instance.
   */
  stateFile?: string;
  /** operations of the caller's own on the control server, e.g. a benchmark building its tenant */
  controlOperations?: ControlOperation[];
};

/** The simulators' classes whose instances are part of the clouds' state (persisted-state.ts). */
export const STATE_CLASSES: ReadonlySet<unknown> = new Set([IdentityStore, SsoAdminState, EntraDirectory, ProvisioningLogStore]);
const SAVE_EVERY_MS = 5_000;
const PLANT_AFTER_PROVISIONING_EVERY_MS = 2_000;

export type RunningSimulators = {
  env: Record<string, string>;
  aws: AwsCloud;
  entra: EntraCloud;
  directory: EntraDirectory;
  engine: ProvisioningEngine;
  faults: FaultInjector;
  /** what each simulated cloud was asked, by class and route */
  requests: RequestCounter;
  control: ControlServer;
  /** with drift planted into a new tenant, what SSO Bridge's own records would hold of the planted past */
  planted: PlantedHistory | null;
  close(): Promise<void>;
};

export async function startSimulators(opts: SimulatorOptions): Promise<RunningSimulators> {
  const o = { ...defaultSimOptions, ...opts };
  const faults = new FaultInjector(o.faults);
  const requests = new RequestCounter();
  const directory = new EntraDirectory(CONTOSO.tenantId, CONTOSO.domain);
  const seeded = seedEntraDirectory(directory, { users: o.users, groups: o.groups, nestingDepth: o.nestingDepth, awkwardShare: o.awkwardShare, seed: o.seed });
  grantAppPermissions(directory);
  const engine = new ProvisioningEngine({ directory, intervalMs: o.cycleSeconds * 1000 });

  const browserHosts = new BrowserHosts();
  const stops: (() => Promise<void>)[] = [() => engine.stop()];
  // Once, however often it is asked for (a demo's Ctrl+C and its server's exit both ask), newest first.
  // Each stop runs even when one before it failed; the failures are reported together.
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      const failures: unknown[] = [];
      for (const stop of [...stops].reverse())
        await Promise.resolve()
          .then(stop)
          .catch((e: unknown) => failures.push(e));
      if (failures.length > 0) throw new AggregateError(failures, "the simulators did not all stop cleanly");
    })());
  try {
    const aws = await startAwsCloud({
      region: o.region,
      accounts: o.accounts,
      seed: o.seed,
      faults,
      requests,
      apiPort: opts.ports?.awsApi,
      scimPort: opts.ports?.scim,
      browserHosts,
    });
    stops.push(() => aws.close());
    // Planted into a new tenant only: a restart brings back the state the drift was planted in.
    const planted = { count: o.drift, seed: o.seed };
    const history: PlantedHistory | null =
      o.drift > 0 && !(opts.stateFile && fs.existsSync(opts.stateFile)) ? plantDrift(directory, aws.world, seeded, planted) : null;
    const entra = await startEntraCloud({
      dataDir: path.join(opts.dataDir, "entra"),
      directory,
      redirectUris: opts.appUrls.map((u) => `${u}/api/auth/callback/azure-ad`),
      postLogoutRedirectUris: opts.appUrls.map((u) => `${u}/signin`),
      faults,
      requests,
      extraRoutes: synchronizationRoutes({ directory, engine }),
      httpsPort: opts.ports?.entraHttps,
      browserPort: opts.ports?.entraBrowser,
      graphPort: opts.ports?.graph,
      browserHosts,
    });
    stops.push(() => entra.close());
    // A browser cannot reach AWS's sign-in host, and does not trust the simulators' CA on Entra's
    // HTTPS login host; both are served here on plain HTTP.
    browserHosts.add(`https://${o.region}.signin.aws.amazon.com`, new URL(aws.apiEndpoint).origin);
    browserHosts.add(entra.issuer.authorityHost, entra.issuer.browserBase);
    const control = await startControlServer({
      faults,
      port: opts.ports?.control,
      operations: [
        { method: "GET", path: "/requests", run: () => requests.counts() },
        { method: "DELETE", path: "/requests", run: () => (requests.reset(), requests.counts()) },
        { method: "GET", path: "/aws/scim/tokens", run: () => aws.world.scim.tokens.map(({ id, createdAt, expiresAt }) => ({ id, createdAt, expiresAt })) },
        { method: "POST", path: "/aws/scim/tokens", run: (body) => issueScimToken(aws.world, body as { expiresInDays?: number }) },
        { method: "POST", path: "/aws/scim/tokens/revoke", run: (body) => revokeScimToken(aws.world, String((body as { id?: unknown })?.id)) },
        // Changed only through the simulated console's pages, as in AWS; tests read it back here.
        { method: "GET", path: "/aws/identity-source", run: () => aws.world.identitySource },
        // What CloudTrail's ExternalIdPDirectoryLogin events would say about each SAML sign-in.
        { method: "GET", path: "/aws/portal-sign-ins", run: () => aws.world.portalSignIns },
        {
          method: "PUT",
          path: "/entra/premium",
          run: (body) => {
            const premium = (body as { premium?: unknown })?.premium;
            if (typeof premium !== "boolean") throw new ControlError(400, 'send {"premium": true} or {"premium": false}');
            directory.premium = premium;
            return { premium };
          },
        },
        {
          method: "PUT",
          path: "/entra/app-permissions",
          run: (body) => {
            const withhold = (body as { withhold?: string[] })?.withhold ?? [];
            grantAppPermissions(directory, SSO_BRIDGE_APP.clientId, SSO_BRIDGE_PERMISSIONS, { withhold });
            return [...(directory.appPermissions.get(SSO_BRIDGE_APP.clientId) ?? [])];
          },
        },
        { method: "GET", path: "/entra/app-certificates", run: () => listAppCertificates(directory) },
        {
          method: "PUT",
          path: "/entra/app-certificates",
          run: (body) => {
            const pem = (body as { certificatePem?: unknown })?.certificatePem;
            if (typeof pem !== "string") throw new ControlError(400, 'send {"certificatePem": "-----BEGIN CERTIFICATE-----…"}');
            try {
              registerAppCertificate(directory, pem);
            } catch (e) {
              throw e instanceof InvalidCertificateError ? new ControlError(400, e.message) : e;
            }
            return listAppCertificates(directory);
          },
        },
        { method: "DELETE", path: "/entra/app-certificates", run: () => (clearAppCertificates(directory), []) },
        ...(opts.controlOperations ?? []),
      ],
    });
    stops.push(() => control.close());
    // Saved a last time after everything else has stopped (stops run newest first), cycles in progress included.
    if (opts.stateFile) stops.unshift(keepState(opts.stateFile, { aws, directory, engine }));
    // The hand edits wait for Entra's first cycle, which may come after a restart; between cycles
    // only, as edits made while a cycle writes the group could be overwritten by it.
    if (o.drift > 0 && isPlantedIn(directory)) {
      const watcher = setInterval(() => {
        if (engine.idle() && plantAfterProvisioning(aws.world.identityStore, planted)) clearInterval(watcher);
      }, PLANT_AFTER_PROVISIONING_EVERY_MS);
      watcher.unref();
      stops.push(() => Promise.resolve(clearInterval(watcher)));
    }

    const env = {
      AWS_REGION: o.region,
      AWS_ENDPOINT_URL: aws.apiEndpoint,
      AWS_ACCESS_KEY_ID: SIMULATOR_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: "simulator-secret-access-key",
      // The simulated console for what AWS offers no API for (changing the identity source).
      AWS_CONSOLE_URL: new URL(aws.apiEndpoint).origin,
      // The access portal, https://<identity store id>.awsapps.com/start in AWS.
      AWS_ACCESS_PORTAL_URL: `${new URL(aws.apiEndpoint).origin}/start`,
      SCIM_ENDPOINT: aws.world.scim.baseUrl!,
      // The token generated at the first start: a restart keeps it, as AWS keeps its tokens.
      SCIM_TOKEN: (aws.world.scim.tokens[0] ?? aws.scimToken).token,
      ENTRA_TENANT_ID: CONTOSO.tenantId,
      ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId,
      ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret,
      ENTRA_AUTHORITY_HOST: entra.issuer.authorityHost,
      GRAPH_BASE_URL: new URL(entra.graph.graphBaseUrl).origin,
      NODE_EXTRA_CA_CERTS: entra.issuer.caCertPath,
      SIM_CONTROL_URL: control.url,
    };
    return { env, aws, entra, directory, engine, faults, requests, control, planted: history, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Everything the simulated clouds hold that a restart must keep. */
export function stateRoots(sims: { aws: AwsCloud; directory: EntraDirectory; engine: ProvisioningEngine }): Record<string, object> {
  return { aws: sims.aws.world, directory: sims.directory, ...sims.engine.persistentState() };
}

/**
 * Puts the saved state back (when there is one) and keeps saving it; returns the stop that saves it
 * a last time. The SCIM endpoint keeps this start's port with the saved instance's tenant path.
 */
function keepState(file: string, sims: { aws: AwsCloud; directory: EntraDirectory; engine: ProvisioningEngine }): () => Promise<void> {
  const { aws, engine } = sims;
  const roots = stateRoots(sims);
  if (fs.existsSync(file)) {
    const listening = new URL(aws.world.scim.baseUrl!).origin;
    try {
      restoreState(roots, fs.readFileSync(file, "utf8"));
    } catch (e) {
      throw new Error(`the simulated clouds' saved state in ${file} cannot be read (${(e as Error).message}); delete the demo's data folder to start over`);
    }
    aws.world.scim.baseUrl = `${listening}/${aws.world.scim.tenantId}/scim/v2`;
    engine.resumeJobs();
  }
  let last = "";
  const save = () => {
    const { text } = encodeState(roots, STATE_CLASSES);
    if (text !== last) writeStateFile(file, text);
    last = text;
  };
  save();
  const timer = setInterval(() => {
    try {
      save();
    } catch (e) {
      // A full disk must not stop the simulators; the next save tries again.
      console.error(`simulators: could not save their state to ${file}: ${(e as Error).message}`);
    }
  }, SAVE_EVERY_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    save();
    return Promise.resolve();
  };
}

/** `.data/sim.env`: KEY=VALUE lines that any SDK script or SSO Bridge itself can load. */
export function writeEnvFile(file: string, env: Record<string, string>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const lines = Object.entries(env).map(([k, v]) => `${k}=${v}`);
  fs.writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
}

/** What writeEnvFile wrote, for the scripts and tests that start from such a file. */
export function readEnvFile(file: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]),
  );
}
