import { summarizeCertificate, type CertificateSummary } from "../../../lib/saml/certificate";
import { attribute, children, parseUntrustedXml, text, XmlRejected, type XmlNode } from "../../../lib/saml/parse-xml";
import type { IdentitySource } from "../world";

// What the console accepts as the external IdP's metadata: one entity with an identity provider
// description, a sign-in URL and a current signing certificate. Anything else is refused in plain
// words and the identity source stays as it was.

export type IdpReading = { ok: true; source: Extract<IdentitySource, { type: "external-idp" }> } | { ok: false; problem: string };

export function readIdpMetadata(xml: string, now: Date = new Date()): IdpReading {
  const refuse = (problem: string): IdpReading => ({ ok: false, problem });
  let doc: XmlNode;
  try {
    doc = parseUntrustedXml(xml, "The identity provider metadata file");
  } catch (e) {
    if (e instanceof XmlRejected) return refuse(e.message);
    throw e;
  }
  const entity = children(doc, "EntityDescriptor")[0];
  if (!entity) return refuse("The file is not SAML 2.0 metadata for a single identity provider (no EntityDescriptor).");
  const idp = children(entity, "IDPSSODescriptor")[0];
  if (!idp) {
    return refuse(
      children(entity, "SPSSODescriptor").length > 0
        ? "This is a service provider's metadata (perhaps IAM Identity Center's own file), not your identity provider's. Upload the metadata you downloaded from your identity provider."
        : "The file has no identity provider description (IDPSSODescriptor).",
    );
  }
  const idpEntityId = attribute(entity, "entityID") ?? "";
  if (!idpEntityId) return refuse("The metadata has no entity id (entityID).");

  const ssoUrl = children(idp, "SingleSignOnService").map((s) => attribute(s, "Location") ?? "").find((l) => l !== "");
  if (!ssoUrl) return refuse("The metadata has no sign-in URL (SingleSignOnService Location).");
  if (!/^https:\/\/[^\s/]+/.test(ssoUrl)) return refuse(`The sign-in URL ${ssoUrl} is not an HTTPS URL.`);

  const certificates = children(idp, "KeyDescriptor")
    .filter((k) => (attribute(k, "use") ?? "signing") === "signing")
    .flatMap((k) => children(k, "KeyInfo"))
    .flatMap((k) => children(k, "X509Data"))
    .flatMap((d) => children(d, "X509Certificate"))
    .map((c) => summarizeCertificate(text(c) ?? ""));
  if (certificates.length === 0) return refuse("The metadata has no signing certificate.");
  const usable = certificates.filter((c): c is CertificateSummary => c !== null);
  if (usable.length === 0) return refuse("The metadata's signing certificate cannot be read.");
  const current = usable.filter((c) => c.notAfter > now).sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime())[0];
  if (!current) return refuse(`The identity provider's signing certificate expired on ${usable[0]!.notAfter.toISOString().slice(0, 10)}.`);

  return {
    ok: true,
    source: { type: "external-idp", idpEntityId, ssoUrl, certificateThumbprint: current.thumbprint, certificateNotAfter: current.notAfter, changedAt: now },
  };
}
