import type { ChangedBy } from "../../audit/record-audit-event";
import { entraConnection } from "../../connections/entra-connection";
import { getEnterpriseApp } from "../../entra/aws-gallery-app";
import { downloadFederationMetadata } from "../../entra/federation-metadata";
import { openGraph } from "../../entra/graph-session";
import { AppError } from "../../errors";
import { readEntraFederationMetadata, type EntraFederationMetadata } from "../../saml/entra-federation-metadata";
import { completedStep, runStep } from "../step-store";
import { appDeleted } from "./saml-sso";

export type FetchedFederationMetadata = { xml: string; metadata: EntraFederationMetadata };

/**
 * Downloads Entra's federation metadata for the app and accepts it only when it is signed by the
 * app's active signing certificate and names the tenant's endpoints.
 */
export async function fetchVerifiedFederationMetadata(app: {
  servicePrincipalId: string;
  appId: string;
  displayName: string;
}): Promise<FetchedFederationMetadata> {
  const connection = await entraConnection();
  const session = openGraph(connection);
  const details = await getEnterpriseApp(session, app.servicePrincipalId);
  if (!details) throw appDeleted(app.displayName);
  const active = details.signingCertificates.find((c) => c.active);
  if (!active?.base64) throw new AppError("Conflict", `“${app.displayName}” has no active signing certificate. Run the step “SAML single sign-on” again.`);
  const xml = await downloadFederationMetadata(connection, app.appId);
  const reading = readEntraFederationMetadata(xml, {
    tenantId: connection.tenantId,
    authorityHost: session.endpoints.authorityHost,
    signingCertificate: { base64: active.base64, thumbprint: active.thumbprint },
  });
  if (!reading.ok) throw new AppError("CloudRejected", `Entra's federation metadata did not pass the checks: ${reading.problems.join(" ")}`);
  return { xml, metadata: reading.metadata };
}

export async function fetchFederationMetadataStep(by: ChangedBy) {
  return runStep("federation-metadata", "setup.federation-metadata.fetch", by, async () => {
    await completedStep("saml-sso");
    const app = await completedStep("enterprise-app");
    const { xml, metadata } = await fetchVerifiedFederationMetadata(app);
    const c = metadata.certificate;
    const data = {
      xml,
      entityId: metadata.entityId,
      ssoUrl: metadata.ssoUrl,
      certificate: { subject: c.subject, thumbprint: c.thumbprint, notBefore: c.notBefore.toISOString(), notAfter: c.notAfter.toISOString() },
      fetchedAt: new Date().toISOString(),
    };
    return { data, details: { entityId: data.entityId, ssoUrl: data.ssoUrl, certificate: data.certificate } };
  });
}
