import { X509Certificate } from "node:crypto";
import { EntraDirectory, type KeyCredential } from "../directory";
import { SSO_BRIDGE_APP } from "../tenant";

// Certificates on an app registration, as uploading a .cer under "Certificates & secrets" leaves
// them: the public certificate only, as a "Verify" key credential whose customKeyIdentifier is
// the SHA-1 thumbprint. The token endpoint accepts client assertions signed by their keys.

export type AppCertificateSummary = {
  keyId: string;
  displayName: string;
  thumbprint: string;
  thumbprintSha256: string;
  startDateTime: string;
  endDateTime: string;
};

export class InvalidCertificateError extends Error {}

export function registerAppCertificate(directory: EntraDirectory, certificatePem: string, clientId: string = SSO_BRIDGE_APP.clientId): AppCertificateSummary {
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new InvalidCertificateError("certificatePem is not a PEM-encoded X.509 certificate");
  }
  const keys = directory.appCertificates.get(clientId) ?? [];
  const thumbprint = hex(certificate.fingerprint);
  // Uploading the same certificate again is refused by the portal; here it is simply kept once.
  const existing = keys.find((k) => k.key && thumbprintOf(k) === thumbprint);
  if (existing) return summary(existing);
  const credential: KeyCredential = {
    customKeyIdentifier: Buffer.from(thumbprint, "hex").toString("base64"),
    displayName:
      certificate.subject
        .split("\n")
        .map((part) => part.trim())
        .filter(Boolean)
        .join(", ") || null,
    startDateTime: new Date(certificate.validFrom).toISOString(),
    endDateTime: new Date(certificate.validTo).toISOString(),
    keyId: EntraDirectory.newId(),
    type: "AsymmetricX509Cert",
    usage: "Verify",
    key: certificate.raw.toString("base64"),
  };
  directory.appCertificates.set(clientId, [...keys, credential]);
  return summary(credential);
}

export function listAppCertificates(directory: EntraDirectory, clientId: string = SSO_BRIDGE_APP.clientId): AppCertificateSummary[] {
  return (directory.appCertificates.get(clientId) ?? []).map(summary);
}

export function clearAppCertificates(directory: EntraDirectory, clientId: string = SSO_BRIDGE_APP.clientId): void {
  directory.appCertificates.delete(clientId);
}

/** The registered certificate whose SHA-1 or SHA-256 thumbprint (upper-case hex) is `thumbprint`. */
export function findAppCertificate(
  directory: EntraDirectory,
  clientId: string,
  thumbprint: string,
): { credential: KeyCredential; certificate: X509Certificate } | null {
  for (const credential of directory.appCertificates.get(clientId) ?? []) {
    if (!credential.key) continue;
    const certificate = new X509Certificate(Buffer.from(credential.key, "base64"));
    if (hex(certificate.fingerprint) === thumbprint || hex(certificate.fingerprint256) === thumbprint) return { credential, certificate };
  }
  return null;
}

function summary(credential: KeyCredential): AppCertificateSummary {
  const certificate = new X509Certificate(Buffer.from(credential.key ?? "", "base64"));
  return {
    keyId: credential.keyId,
    displayName: credential.displayName ?? "",
    thumbprint: hex(certificate.fingerprint),
    thumbprintSha256: hex(certificate.fingerprint256),
    startDateTime: credential.startDateTime,
    endDateTime: credential.endDateTime,
  };
}

function thumbprintOf(credential: KeyCredential): string {
  return Buffer.from(credential.customKeyIdentifier ?? "", "base64")
    .toString("hex")
    .toUpperCase();
}

function hex(fingerprint: string): string {
  return fingerprint.replace(/:/g, "").toUpperCase();
}
