import { X509Certificate } from "node:crypto";

export type CertificateSummary = {
  subject: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  /** SHA-1, upper-case hex without separators: the form Entra shows as the thumbprint */
  thumbprint: string;
  sha256Fingerprint: string;
};

/** Summarises a base64 DER certificate as found in SAML metadata; null when it does not parse. */
export function summarizeCertificate(base64Der: string): CertificateSummary | null {
  try {
    const cert = new X509Certificate(Buffer.from(base64Der.replace(/\s+/g, ""), "base64"));
    return {
      subject: cert.subject.replace(/\n/g, ", "),
      issuer: cert.issuer.replace(/\n/g, ", "),
      notBefore: new Date(cert.validFrom),
      notAfter: new Date(cert.validTo),
      thumbprint: cert.fingerprint.replace(/:/g, ""),
      sha256Fingerprint: cert.fingerprint256.replace(/:/g, ""),
    };
  } catch {
    return null;
  }
}
