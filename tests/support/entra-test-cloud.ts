import path from "node:path";
import type { EntraConnection } from "@/lib/entra/entra-connection";
import { EntraDirectory } from "@/simulators/entra/directory";
import { registerAppCertificate } from "@/simulators/entra/graph/app-certificates";
import { startEntraCloud, type EntraCloud } from "@/simulators/entra/graph/entra-cloud";
import { grantAppPermissions, seedEntraDirectory, SSO_BRIDGE_PERMISSIONS, type SeededDirectory } from "@/simulators/entra/seed";
import { ProvisioningEngine, type ProvisioningEngineOptions } from "@/simulators/entra/synchronization/provisioning-engine";
import { synchronizationRoutes } from "@/simulators/entra/synchronization/synchronization-routes";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import type { FaultInjector } from "@/simulators/faults";

// The Entra simulator (login host and Graph) for lib/entra tests, configured the way demo mode
// configures SSO Bridge: ENTRA_AUTHORITY_HOST and GRAPH_BASE_URL in the environment, and TLS
// from the CA this process already trusts through NODE_EXTRA_CA_CERTS.

export type EntraTestCloud = {
  directory: EntraDirectory;
  /** the named groups and awkward users the seed made */
  seeded: SeededDirectory;
  cloud: EntraCloud;
  /** the provisioning service, when started with `synchronization` */
  engine?: ProvisioningEngine;
  connection: EntraConnection;
  /** the same connection with a different client secret */
  connectionWithSecret(secret: string): EntraConnection;
  /** the same connection proving itself with a certificate and its private key */
  connectionWithCertificate(pair: { certificatePem: string; privateKeyPem: string }): EntraConnection;
  close(): Promise<void>;
};

export async function startEntraTestCloud(
  opts: {
    withhold?: string[];
    faults?: FaultInjector;
    replicationDelayMs?: number;
    /** uploaded to the app registration, as under Certificates & secrets */
    certificatePems?: string[];
    /** mounts the synchronization API and runs its provisioning service, as the demo simulators do */
    synchronization?: Omit<ProvisioningEngineOptions, "directory">;
  } = {},
): Promise<EntraTestCloud> {
  const caPath = process.env.NODE_EXTRA_CA_CERTS;
  if (!caPath) throw new Error("NODE_EXTRA_CA_CERTS is not set: run these tests in a vitest project that trusts the simulator CA (vitest.config.mts)");
  const directory = new EntraDirectory(CONTOSO.tenantId, CONTOSO.domain);
  const seeded = seedEntraDirectory(directory, { users: 5, groups: 1, seed: 3 });
  grantAppPermissions(directory, SSO_BRIDGE_APP.clientId, SSO_BRIDGE_PERMISSIONS, { withhold: opts.withhold });
  for (const pem of opts.certificatePems ?? []) registerAppCertificate(directory, pem);
  // The cloud keeps its TLS material in <dataDir>/tls: the folder of the trusted CA.
  const dataDir = path.dirname(path.dirname(caPath));
  const engine = opts.synchronization ? new ProvisioningEngine({ ...opts.synchronization, directory }) : undefined;
  const extraRoutes = engine ? synchronizationRoutes({ directory, engine }) : undefined;
  const cloud = await startEntraCloud({ dataDir, directory, faults: opts.faults, replicationDelayMs: opts.replicationDelayMs ?? 300, extraRoutes });
  const previous = { authority: process.env.ENTRA_AUTHORITY_HOST, graph: process.env.GRAPH_BASE_URL };
  process.env.ENTRA_AUTHORITY_HOST = cloud.issuer.authorityHost;
  process.env.GRAPH_BASE_URL = new URL(cloud.graph.graphBaseUrl).origin;

  const connectionWithSecret = (secret: string): EntraConnection => ({
    tenantId: CONTOSO.tenantId,
    clientId: SSO_BRIDGE_APP.clientId,
    credential: { kind: "secret", secret },
    cloud: "global",
  });
  const connectionWithCertificate = (pair: { certificatePem: string; privateKeyPem: string }): EntraConnection => ({
    ...connectionWithSecret(""),
    credential: { kind: "certificate", certificatePem: pair.certificatePem, privateKeyPem: pair.privateKeyPem },
  });
  return {
    directory,
    seeded,
    cloud,
    engine,
    connection: connectionWithSecret(SSO_BRIDGE_APP.clientSecret),
    connectionWithSecret,
    connectionWithCertificate,
    close: async () => {
      await engine?.stop();
      await cloud.close();
      restore("ENTRA_AUTHORITY_HOST", previous.authority);
      restore("GRAPH_BASE_URL", previous.graph);
    },
  };
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
