import type { ChangedBy } from "../../audit/record-audit-event";
import { entraConnection } from "../../connections/entra-connection";
import { getEnterpriseApp } from "../../entra/aws-gallery-app";
import { openGraph } from "../../entra/graph-session";
import { configureSamlSso, ensureSigningCertificate } from "../../entra/saml-sso";
import { AppError } from "../../errors";
import { CERTIFICATE_WARNING_DAYS } from "../certificate-policy";
import { completedStep, runStep } from "../step-store";

export function appDeleted(displayName: string): AppError {
  return new AppError(
    "NotFound",
    `The enterprise application “${displayName}” no longer exists in Entra (was it deleted?). Run the step “Enterprise application” again to create or adopt one.`,
  );
}

/** Points the enterprise app's SAML settings at AWS and makes sure it can sign. */
export async function configureSingleSignOn(by: ChangedBy) {
  return runStep("saml-sso", "setup.saml-sso.configure", by, async () => {
    const metadata = await completedStep("aws-sp-metadata");
    const app = await completedStep("enterprise-app");
    const session = openGraph(await entraConnection());
    const current = await getEnterpriseApp(session, app.servicePrincipalId);
    if (!current) throw appDeleted(app.displayName);
    const { changed } = await configureSamlSso(session, app, { entityId: metadata.entityId, acsUrl: metadata.acsUrl });
    const { certificate, created } = await ensureSigningCertificate(session, app, { renewWithinDays: CERTIFICATE_WARNING_DAYS });
    const data = {
      entityId: metadata.entityId,
      acsUrl: metadata.acsUrl,
      changed,
      certificate: {
        thumbprint: certificate.thumbprint,
        notBefore: certificate.startDateTime.toISOString(),
        notAfter: certificate.endDateTime.toISOString(),
        created,
      },
    };
    const before = {
      preferredSingleSignOnMode: current.preferredSingleSignOnMode,
      identifierUris: current.identifierUris,
      redirectUris: current.redirectUris,
      signingCertificate: current.preferredTokenSigningKeyThumbprint,
    };
    const after = {
      preferredSingleSignOnMode: "saml",
      identifierUris: [metadata.entityId],
      redirectUris: [metadata.acsUrl],
      signingCertificate: certificate.thumbprint,
    };
    return { data, details: { changed, before, after, certificate: data.certificate } };
  });
}
