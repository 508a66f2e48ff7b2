import { DOMParser, type Element as XmlElement } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { parseUntrustedXml } from "./parse-xml";

// Checks that a metadata document is signed by the certificate we already trust (pinned from the
// Graph API, never taken from the document's own KeyInfo), and returns the XML that the signature
// actually covers. Callers read only that XML, so content wrapped around or beside the signed
// element cannot be smuggled in.

const DSIG = "http://www.w3.org/2000/09/xmldsig#";

export type SignatureCheck = { ok: true; signedXml: string } | { ok: false; problem: string };

export function certificatePem(base64Der: string): string {
  const body = base64Der
    .replace(/\s+/g, "")
    .replace(/(.{64})/g, "$1\n")
    .trim();
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

export function verifyMetadataSignature(xml: string, trustedCertificateBase64: string): SignatureCheck {
  parseUntrustedXml(xml, "The federation metadata");
  const root = new DOMParser().parseFromString(xml, "text/xml").documentElement;
  if (!root) return { ok: false, problem: "The federation metadata has no root element." };
  const signatures = elementChildren(root, "Signature", DSIG);
  if (signatures.length !== 1) {
    return {
      ok: false,
      problem: signatures.length === 0 ? "The federation metadata is not signed." : "The federation metadata carries more than one signature.",
    };
  }
  const verifier = new SignedXml({ publicCert: certificatePem(trustedCertificateBase64), getCertFromKeyInfo: () => null });
  try {
    // xml-crypto is typed against the DOM lib but works on xmldom nodes, which it parses with itself.
    verifier.loadSignature(signatures[0]! as unknown as Node);
    if (!verifier.checkSignature(xml)) throw new Error("invalid");
  } catch {
    return {
      ok: false,
      problem:
        "The federation metadata's signature does not verify with the application's active signing certificate: it was changed, or it comes from another application or tenant.",
    };
  }
  const rootId = root.getAttribute("ID");
  const references = verifier.getReferences();
  const coversRoot = references.length === 1 && (references[0]?.uri === "" || (rootId !== null && references[0]?.uri === `#${rootId}`));
  const signed = verifier.getSignedReferences();
  if (!coversRoot || signed.length !== 1) {
    return { ok: false, problem: "The federation metadata's signature does not cover the whole document." };
  }
  return { ok: true, signedXml: signed[0]! };
}

/** The direct child elements of `parent` with this local name in this namespace, for the DOM that signatures are checked on. */
export function elementChildren(parent: XmlElement, localName: string, namespace: string): XmlElement[] {
  const found: XmlElement[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const element = node as XmlElement;
    if (node.nodeType === 1 && element.localName === localName && element.namespaceURI === namespace) found.push(element);
  }
  return found;
}
