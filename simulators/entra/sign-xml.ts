import { SignedXml } from "xml-crypto";
import type { SigningKeyMaterial } from "./directory";

/**
 * An enveloped XML signature as Entra makes them: RSA-SHA256 over exclusive canonicalization, the
 * certificate in KeyInfo, over the element `signed` selects and placed where `at` says.
 */
export function signEnveloped(xml: string, key: SigningKeyMaterial, signed: string, at: { reference: string; action: "prepend" | "after" }): string {
  const signer = new SignedXml({
    privateKey: key.privateKeyPem,
    publicCert: key.certificatePem,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signer.addReference({
    xpath: signed,
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
  });
  signer.computeSignature(xml, { location: at });
  return signer.getSignedXml();
}
