import { summarizeCertificate, type CertificateSummary } from "./certificate";
import { attribute, children, parseUntrustedXml, text, XmlRejected, type XmlNode } from "./parse-xml";
import { verifyMetadataSignature } from "./verify-metadata-signature";

// Entra ID's federation metadata for one enterprise application: what IAM Identity Center needs as
// its identity provider. Accepted only when signed by the application's active signing
// certificate (as Graph reports it) and naming the expected tenant and sign-in endpoint.

export type EntraFederationMetadata = { entityId: string; ssoUrl: string; certificate: CertificateSummary };

export type FederationReading = { ok: true; metadata: EntraFederationMetadata } | { ok: false; problems: string[] };

export type FederationExpectations = {
  tenantId: string;
  /** e.g. https://login.microsoftonline.com, or a national cloud's */
  authorityHost: string;
  /** the active signing certificate from Graph: base64 DER and its thumbprint */
  signingCertificate: { base64: string; thumbprint: string };
};

export function readEntraFederationMetadata(xml: string, expect: FederationExpectations, now: Date = new Date()): FederationReading {
  let signedXml: string;
  try {
    const check = verifyMetadataSignature(xml, expect.signingCertificate.base64);
    if (!check.ok) return { ok: false, problems: [check.problem] };
    signedXml = check.signedXml;
  } catch (e) {
    if (e instanceof XmlRejected) return { ok: false, problems: [e.message] };
    throw e;
  }
  const entity = children(parseUntrustedXml(signedXml, "The federation metadata"), "EntityDescriptor")[0];
  const idp = children(entity, "IDPSSODescriptor")[0];
  if (!entity || !idp) return { ok: false, problems: ["The federation metadata has no identity provider description (IDPSSODescriptor)."] };

  const problems: string[] = [];
  const entityId = attribute(entity, "entityID") ?? "";
  const expectedEntityId = `https://sts.windows.net/${expect.tenantId}/`;
  if (entityId !== expectedEntityId) problems.push(`The metadata's entity id is "${entityId}", not your tenant's "${expectedEntityId}".`);

  const expectedSso = `${expect.authorityHost.replace(/\/+$/, "")}/${expect.tenantId}/saml2`;
  const ssoUrls = children(idp, "SingleSignOnService").map((s) => attribute(s, "Location") ?? "");
  if (!ssoUrls.includes(expectedSso)) {
    problems.push(`The metadata's sign-in URL is ${ssoUrls[0] ?? "missing"}, not ${expectedSso}. Check the tenant and national cloud settings.`);
  }

  const wanted = expect.signingCertificate.thumbprint.toUpperCase();
  const certificates = certificateTexts(idp)
    .map(summarizeCertificate)
    .filter((c): c is CertificateSummary => c !== null);
  const certificate = certificates.find((c) => c.thumbprint === wanted);
  if (!certificate) {
    problems.push(
      `The metadata does not contain the application's active signing certificate (${wanted}). Entra may still be publishing the old one; try again in a few minutes.`,
    );
  } else if (certificate.notAfter < now) {
    problems.push(`The signing certificate expired on ${certificate.notAfter.toISOString().slice(0, 10)}. Create a new one in the SAML step.`);
  }

  if (problems.length > 0 || !certificate) return { ok: false, problems };
  return { ok: true, metadata: { entityId, ssoUrl: expectedSso, certificate } };
}

/** The base64 DER of the certificate with this thumbprint in federation metadata that was accepted earlier; null when it is not there. */
export function certificateInMetadata(xml: string, thumbprint: string): string | null {
  const idp = children(children(parseUntrustedXml(xml, "The federation metadata"), "EntityDescriptor")[0], "IDPSSODescriptor")[0];
  return certificateTexts(idp).find((c) => summarizeCertificate(c)?.thumbprint === thumbprint.toUpperCase()) ?? null;
}

/** The base64 DER certificates an identity provider description names, whitespace removed. */
function certificateTexts(idp: XmlNode | undefined): string[] {
  return children(idp, "KeyDescriptor")
    .flatMap((k) => children(k, "KeyInfo"))
    .flatMap((k) => children(k, "X509Data"))
    .flatMap((d) => children(d, "X509Certificate"))
    .map((c) => (text(c) ?? "").replace(/\s+/g, ""));
}
