import { inflateRawSync } from "node:zlib";
import { DOMParser, type Element } from "@xmldom/xmldom";

// An AuthnRequest as Entra's SAML endpoint receives it (SAML 2.0 core §3.4, bindings §3.4.4.1):
// base64 of the raw-DEFLATEd XML on the HTTP-Redirect binding, plain base64 on HTTP-POST.

export const SAMLP_NS = "urn:oasis:names:tc:SAML:2.0:protocol";
export const SAML_NS = "urn:oasis:names:tc:SAML:2.0:assertion";
// A request is well under a kilobyte; anything near this is not one.
const MAX_REQUEST_BYTES = 64 * 1024;

export type AuthnRequest = { id: string; issuer: string; acsUrl: string | null };

export class BadAuthnRequest extends Error {}

export function readAuthnRequest(encoded: string, binding: "redirect" | "post"): AuthnRequest {
  const raw = Buffer.from(encoded, "base64");
  let xml: string;
  try {
    xml = (binding === "redirect" ? inflateRawSync(raw, { maxOutputLength: MAX_REQUEST_BYTES }) : raw).toString("utf8");
  } catch {
    throw new BadAuthnRequest("AADSTS750056: SAML message was not properly base64 encoded or deflated.");
  }
  if (xml.length > MAX_REQUEST_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) throw new BadAuthnRequest("AADSTS7500529: The value is not a valid SAML ID.");
  let root: Element | null;
  try {
    root = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new BadAuthnRequest(message);
      },
    }).parseFromString(xml, "text/xml").documentElement;
  } catch {
    throw new BadAuthnRequest("AADSTS750056: SAML message was not properly base64 encoded or deflated.");
  }
  if (!root || root.localName !== "AuthnRequest" || root.namespaceURI !== SAMLP_NS) {
    throw new BadAuthnRequest(
      "AADSTS750054: SAMLRequest or SAMLResponse must be present as query string parameters in HTTP request for SAML Redirect binding.",
    );
  }
  const id = root.getAttribute("ID") ?? "";
  if (!/^[A-Za-z_][\w.-]*$/.test(id)) throw new BadAuthnRequest("AADSTS7500529: The value is not a valid SAML ID. The ID must not begin with a number.");
  const issuer = [...childElements(root, "Issuer", SAML_NS)][0]?.textContent?.trim() ?? "";
  if (!issuer) throw new BadAuthnRequest("The SAML request has no Issuer element; it must name the application's identifier (entity id).");
  return { id, issuer, acsUrl: root.getAttribute("AssertionConsumerServiceURL") || null };
}

function* childElements(parent: Element, localName: string, namespace: string): Generator<Element> {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === node.ELEMENT_NODE && element.localName === localName && element.namespaceURI === namespace) yield element;
  }
}
