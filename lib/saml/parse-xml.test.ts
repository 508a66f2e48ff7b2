import { describe, expect, it } from "vitest";
import { readAwsSpMetadata } from "./aws-sp-metadata";
import { MAX_XML_BYTES, MAX_XML_DEPTH, parseUntrustedXml, XmlRejected } from "./parse-xml";
import { verifyMetadataSignature } from "./verify-metadata-signature";

// Hostile XML is refused with a message, before any parser (fast-xml-parser here, xmldom and
// xml-crypto for signatures) recurses into it.

const nested = (depth: number, close = true) => "<a>".repeat(depth) + (close ? "</a>".repeat(depth) : "");
const rejection = (text: string) => {
  try {
    parseUntrustedXml(text, "The metadata file");
    return null;
  } catch (e) {
    return e;
  }
};

describe("untrusted XML", () => {
  it("refuses elements nested as deep as a file of the allowed size holds, as hostile XML", () => {
    const deep = nested(Math.floor(MAX_XML_BYTES / 7));
    expect(Buffer.byteLength(deep)).toBeLessThanOrEqual(MAX_XML_BYTES);
    const error = rejection(deep);
    expect(error).toBeInstanceOf(XmlRejected);
    expect((error as Error).message).toBe(
      `The metadata file nests elements more than ${MAX_XML_DEPTH} deep, which SAML documents never need; it is refused for safety.`,
    );
  });

  it("counts start tags left open too, without listing them back", () => {
    const error = rejection(nested(80_000, false));
    expect(error).toBeInstanceOf(XmlRejected);
    expect((error as Error).message).toMatch(/nests elements more than \d+ deep/);
    expect((error as Error).message.length).toBeLessThan(200);
  });

  it("accepts nesting up to the limit, and counts neither empty elements, comments, CDATA nor a '>' inside an attribute", () => {
    expect(parseUntrustedXml(nested(MAX_XML_DEPTH), "x")).toBeTruthy();
    const wide = `<r>${'<e a="1 > 0" b="/>"/><!-- <x><x><x> --><![CDATA[<y><y>]]>'.repeat(MAX_XML_DEPTH * 2)}${nested(MAX_XML_DEPTH - 1)}</r>`;
    expect(parseUntrustedXml(wide, "x")).toBeTruthy();
    expect(rejection(nested(MAX_XML_DEPTH + 1))).toBeInstanceOf(XmlRejected);
  });

  it("turns a deep uploaded or fetched metadata file into a problem to show, not a server error", () => {
    const deep = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${nested(30_000)}</md:EntityDescriptor>`;
    expect(readAwsSpMetadata(deep)).toEqual({ ok: false, problems: [expect.stringMatching(/nests elements more than \d+ deep/)] });
    expect(() => verifyMetadataSignature(deep, "MIIB")).toThrow(XmlRejected);
  });
});
