import { X509Certificate } from "node:crypto";
import type { Element } from "@xmldom/xmldom";
import type { IdentitySource } from "../world";
import { childElements, isElement, MetadataRefused, openMetadataDocument, XMLDSIG_NS } from "./metadata-document";

// What the console accepts as the external IdP's metadata: one entity with an identity provider
// description, a sign-in URL and a current signing certificate. Anything else is refused in plain
// words and the identity source stays as it was.

export type IdpReading = { ok: true; source: Extract<IdentitySource, { type: "external-idp" }> } | { ok: false; problem: string };

type SigningCertificate = { base64: string; thumbprint: string; notAfter: Date };

export function readIdpMetadata(xml: string, now: Date = new Date()): IdpReading {
  const refuse = (problem: string): IdpReading => ({ ok: false, problem });
  let entity: Element;
  try {
    entity = openMetadataDocument(xml);
  } catch (e) {
    if (e instanceof MetadataRefused) return refuse(e.message);
    throw e;
  }
  if (!isElement(entity, "EntityDescriptor")) return refuse("The file is not SAML 2.0 metadata for a single identity provider (no EntityDescriptor).");
  const idp = childElements(entity, "IDPSSODescriptor")[0];
  if (!idp) {
    return refuse(
      childElements(entity, "SPSSODescriptor").length > 0
        ? "This is a service provider's metadata (perhaps IAM Identity Center's own file), not your identity provider's. Upload the metadata you downloaded from your identity provider."
        : "The file has no identity provider description (IDPSSODescriptor).",
    );
  }
  const idpEntityId = entity.getAttribute("entityID") ?? "";
  if (!idpEntityId) return refuse("The metadata has no entity id (entityID).");

  const ssoUrl = childElements(idp, "SingleSignOnService")
    .map((s) => s.getAttribute("Location") ?? "")
    .find((l) => l !== "");
  if (!ssoUrl) return refuse("The metadata has no sign-in URL (SingleSignOnService Location).");
  if (!/^https:\/\/[^\s/]+/.test(ssoUrl)) return refuse(`The sign-in URL ${ssoUrl} is not an HTTPS URL.`);

  const encoded = signingCertificateTexts(idp);
  if (encoded.length === 0) return refuse("The metadata has no signing certificate.");
  const readable = encoded.map(readCertificate).filter((c): c is SigningCertificate => c !== null);
  if (readable.length === 0) return refuse("The metadata's signing certificate cannot be read.");
  const current = readable.filter((c) => c.notAfter > now).sort((a, b) => b.notAfter.getTime() - a.notAfter.getTime())[0];
  if (!current) return refuse(`The identity provider's signing certificate expired on ${readable[0]!.notAfter.toISOString().slice(0, 10)}.`);

  return {
    ok: true,
    source: {
      type: "external-idp",
      idpEntityId,
      ssoUrl,
      certificate: current.base64,
      certificateThumbprint: current.thumbprint,
      certificateNotAfter: current.notAfter,
      changedAt: now,
    },
  };
}

/** The base64 certificates of the key descriptors usable for signing (a descriptor without `use` serves both purposes). */
function signingCertificateTexts(idp: Element): string[] {
  return childElements(idp, "KeyDescriptor")
    .filter((k) => (k.getAttribute("use") || "signing") === "signing")
    .flatMap((k) => childElements(k, "KeyInfo", XMLDSIG_NS))
    .flatMap((k) => childElements(k, "X509Data", XMLDSIG_NS))
    .flatMap((d) => childElements(d, "X509Certificate", XMLDSIG_NS))
    .map((c) => c.textContent ?? "");
}

/** The SHA-1 thumbprint (upper-case hex, as AWS shows it) and expiry of a base64 DER certificate; null when it does not parse. */
function readCertificate(base64: string): SigningCertificate | null {
  try {
    const der = base64.replace(/\s+/g, "");
    const certificate = new X509Certificate(Buffer.from(der, "base64"));
    return { base64: der, thumbprint: certificate.fingerprint.replace(/:/g, "").toUpperCase(), notAfter: new Date(certificate.validTo) };
  } catch {
    return null;
  }
}
