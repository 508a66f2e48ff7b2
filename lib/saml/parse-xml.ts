import { XMLParser, XMLValidator } from "fast-xml-parser";

// XML from outside (uploaded metadata, fetched federation metadata) is parsed only here. DTDs are
// refused outright, which stops external entities and entity-expansion bombs before any parser
// sees them; entities are not processed either way.

export const MAX_XML_BYTES = 256 * 1024;

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
  // Elements always as arrays (a list of one is still a list); attributes as plain strings.
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

export function parseUntrustedXml(text: string, what: string): XmlNode {
  if (Buffer.byteLength(text, "utf8") > MAX_XML_BYTES) {
    throw new XmlRejected(`${what} is larger than ${MAX_XML_BYTES / 1024} KB; a SAML metadata file is a few KB. Check that you chose the right file.`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) {
    throw new XmlRejected(`${what} contains a document type declaration (DOCTYPE), which SAML metadata never needs; it is refused for safety.`);
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new XmlRejected(`${what} is not well-formed XML (line ${valid.err.line}: ${valid.err.msg}). Download the file again; do not edit it.`);
  }
  return parser.parse(text) as XmlNode;
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
