import { XMLParser, XMLValidator } from "fast-xml-parser";

// XML from outside (uploaded metadata, fetched federation metadata) is parsed only here. DTDs are
// refused outright, which stops external entities and entity-expansion bombs before any parser
// sees them; entities are not processed either way. Nesting is measured before any parser runs
// too, so that no parser (fast-xml-parser here, xmldom and xml-crypto for signatures, which read
// the same text afterwards) recurses into a document built to exhaust the stack.

export const MAX_XML_BYTES = 256 * 1024;
/** SAML metadata nests about ten elements deep (entity, role, key descriptor, key info, certificate; a signature's transforms). */
export const MAX_XML_DEPTH = 32;

export class XmlRejected extends Error {}

export type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  removeNSPrefix: true,
  processEntities: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  maxNestedTags: MAX_XML_DEPTH,
  // Elements always as arrays (a list of one is still a list); attributes as plain strings.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

export function parseUntrustedXml(text: string, what: string): XmlNode {
  if (Buffer.byteLength(text, "utf8") > MAX_XML_BYTES) {
    throw new XmlRejected(`${what} is larger than ${MAX_XML_BYTES / 1024} KB; SAML metadata and responses are a few KB. Check that you chose the right file.`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new XmlRejected(`${what} contains a document type declaration (DOCTYPE), which SAML documents never need; it is refused for safety.`);
  }
  if (nestedDeeperThan(text, MAX_XML_DEPTH)) {
    throw new XmlRejected(`${what} nests elements more than ${MAX_XML_DEPTH} deep, which SAML documents never need; it is refused for safety.`);
  }
  // A PDF, an image or a text file chosen by mistake: say so, rather than quote the parser.
  if (
    !text
      .replace(/^\uFEFF/, "")
      .trimStart()
      .startsWith("<")
  ) {
    throw new XmlRejected(`${what} is not XML (a SAML document begins with “<”). Check that you chose the .xml file you downloaded, not another file.`);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new XmlRejected(`${what} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}). Download the file again; do not edit it.`);
  }
  return parser.parse(text) as XmlNode;
}

/**
 * Whether elements nest deeper than `limit`, found in one pass over the text without building
 * anything. Comments, CDATA sections and processing instructions are skipped, quoted attribute
 * values may hold ">", and an empty element ("<x/>") opens nothing. On text that is not well-formed
 * the count is only approximate; the validator refuses such text next.
 */
function nestedDeeperThan(text: string, limit: number): boolean {
  const skip = (from: number, end: string) => {
    const at = text.indexOf(end, from);
    return at < 0 ? text.length : at + end.length;
  };
  let depth = 0;
  let i = text.indexOf("<");
  while (i >= 0 && i < text.length) {
    if (text.startsWith("<!--", i)) i = skip(i + 4, "-->");
    else if (text.startsWith("<![CDATA[", i)) i = skip(i + 9, "]]>");
    else if (text.startsWith("<?", i)) i = skip(i + 2, "?>");
    else if (text.startsWith("</", i)) {
      depth -= 1;
      i = skip(i + 2, ">");
    } else {
      let j = i + 1;
      for (let quote = ""; j < text.length; j++) {
        const c = text[j];
        if (quote) quote = c === quote ? "" : quote;
        else if (c === '"' || c === "'") quote = c;
        else if (c === ">") break;
      }
      if (text[j - 1] !== "/" && ++depth > limit) return true;
      i = j + 1;
    }
    i = text.indexOf("<", i);
  }
  return false;
}

/** The children named `name` (namespace prefixes removed), as the parser always makes arrays. */
export function children(node: unknown, name: string): XmlNode[] {
  const value = (node as XmlNode | undefined)?.[name];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

export function attribute(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return typeof value === "string" ? value : undefined;
}

/** The text of an element that holds only text. */
export function text(node: unknown): string | undefined {
  if (typeof node === "string") return node;
  const t = (node as XmlNode | undefined)?.["#text"];
  return typeof t === "string" ? t : undefined;
}
