import { DOMParser, type Element } from "@xmldom/xmldom";

// How the simulated console opens an uploaded SAML metadata file, read from the SAML 2.0 metadata
// specification (saml-metadata-2.0-os) rather than from SSO Bridge's reader: the simulator is the
// other party, so a mistake in SSO Bridge's parsing shows up as a disagreement instead of being
// reproduced here. Elements are matched by namespace and local name, as the specification names them.

export const METADATA_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
export const XMLDSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

// A metadata file is a few KB; a larger upload is the wrong file or an attempt to exhaust the parser.
const MAX_METADATA_BYTES = 256 * 1024;

export class MetadataRefused extends Error {}

/** The document element of an uploaded metadata file, or MetadataRefused saying in plain words why not. */
export function openMetadataDocument(xml: string): Element {
  if (Buffer.byteLength(xml, "utf8") > MAX_METADATA_BYTES) {
    throw new MetadataRefused(`The file is larger than ${MAX_METADATA_BYTES / 1024} KB; SAML metadata is a few KB. Check that you chose the right file.`);
  }
  // A DTD is how external entities and entity-expansion bombs get in, and metadata never needs one:
  // it is refused before the parser sees the text.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new MetadataRefused("The file contains a document type declaration (DOCTYPE), which SAML metadata never has; it is refused for safety.");
  }
  let firstProblem: string | undefined;
  const parser = new DOMParser({
    onError: (level, message) => {
      if (level === "warning") return;
      firstProblem ??= message;
      throw new MetadataRefused(message);
    },
  });
  try {
    const root = parser.parseFromString(xml, "text/xml").documentElement;
    if (!root) throw new MetadataRefused("the document has no root element");
    return root;
  } catch (e) {
    const detail = firstProblem ?? (e instanceof Error ? e.message : String(e));
    throw new MetadataRefused(`The file is not well-formed XML (${detail}). Download it again from your identity provider; do not edit it.`);
  }
}

/** The direct children of `parent` with this local name in this namespace. */
export function childElements(parent: Element, localName: string, namespace: string = METADATA_NS): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === node.ELEMENT_NODE && element.localName === localName && element.namespaceURI === namespace) found.push(element);
  }
  return found;
}

export function isElement(node: Element, localName: string, namespace: string = METADATA_NS): boolean {
  return node.localName === localName && node.namespaceURI === namespace;
}
