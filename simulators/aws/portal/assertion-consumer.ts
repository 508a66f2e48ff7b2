import { DOMParser, type Element } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import type { IdsUser } from "../directory-store";
import { spEntityId } from "../console/sp-metadata";
import type { AwsWorld } from "../world";

// What IAM Identity Center's assertion consumer service checks before it lets a person into the
// access portal, read from the SAML 2.0 core and profiles specifications (the Web Browser SSO
// profile, §4.1.4.3) and AWS's requirements for an external IdP: a successful Response carrying one
// Assertion, signed with the certificate from the IdP metadata uploaded to AWS (never a key the
// message brings along), issued by that IdP's entity id, for IAM Identity Center's audience and
// this ACS, inside its time window, whose NameID names an existing user's userName.

const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
// AWS accepts these NameID formats from an external IdP; transient identifiers cannot name a user.
const NAME_ID_FORMATS = new Set([
  "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
]);
const SKEW_MS = 60_000;
const MAX_RESPONSE_BYTES = 256 * 1024;

export type Acceptance = { ok: true; user: IdsUser } | { ok: false; errorMessage: string; userName: string | null };

class Refused extends Error {
  constructor(
    message: string,
    readonly userName: string | null = null,
  ) {
    super(message);
  }
}

export function acceptSamlResponse(world: AwsWorld, acsUrl: string, encoded: string, nowMs: number): Acceptance {
  try {
    return { ok: true, user: check(world, acsUrl, encoded, nowMs) };
  } catch (e) {
    if (e instanceof Refused) return { ok: false, errorMessage: e.message, userName: e.userName };
    throw e;
  }
}

function check(world: AwsWorld, acsUrl: string, encoded: string, nowMs: number): IdsUser {
  const source = world.identitySource;
  if (source.type !== "external-idp") throw new Refused("The identity source is the IAM Identity Center directory; SAML responses are not accepted");
  const xml = Buffer.from(encoded, "base64").toString("utf8");
  if (xml.length > MAX_RESPONSE_BYTES || /<!DOCTYPE|<!ENTITY/i.test(xml)) throw new Refused("Response is not a valid SAML response");
  let root: Element | null;
  try {
    root = new DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message);
      },
    }).parseFromString(xml, "text/xml").documentElement;
  } catch {
    throw new Refused("Response is not a valid SAML response");
  }
  if (!root || root.localName !== "Response" || root.namespaceURI !== SAMLP) throw new Refused("Response is not a valid SAML response");
  const status = child(child(root, "Status", SAMLP), "StatusCode", SAMLP)?.getAttribute("Value");
  if (status !== SUCCESS) throw new Refused(`Response status is ${status ?? "missing"}, not Success`);
  const destination = root.getAttribute("Destination");
  if (destination && destination !== acsUrl) throw new Refused("Response destination does not match the assertion consumer service URL");
  const assertions = children(root, "Assertion", SAML);
  if (assertions.length !== 1 || children(root, "EncryptedAssertion", SAML).length > 0)
    throw new Refused("Response must contain exactly one unencrypted assertion");
  const assertion = assertions[0]!;

  verifySignature(xml, root, assertion, source.certificate);

  if (text(child(assertion, "Issuer", SAML)) !== source.idpEntityId) throw new Refused("Assertion issuer does not match the identity provider's entity id");
  const conditions = child(assertion, "Conditions", SAML);
  const audiences = children(child(conditions, "AudienceRestriction", SAML), "Audience", SAML).map(text);
  if (!audiences.includes(spEntityId(world))) throw new Refused("Assertion audience does not match IAM Identity Center's entity id");
  const subject = child(assertion, "Subject", SAML);
  const confirmation = children(subject, "SubjectConfirmation", SAML).find((c) => c.getAttribute("Method") === "urn:oasis:names:tc:SAML:2.0:cm:bearer");
  const data = child(confirmation, "SubjectConfirmationData", SAML);
  if (!data || data.getAttribute("Recipient") !== acsUrl) throw new Refused("Assertion recipient does not match the assertion consumer service URL");
  if (!before(nowMs - SKEW_MS, data.getAttribute("NotOnOrAfter"))) throw new Refused("Assertion has expired");
  if (conditions) {
    const notBefore = conditions.getAttribute("NotBefore");
    if (notBefore && Date.parse(notBefore) > nowMs + SKEW_MS) throw new Refused("Assertion is not yet valid");
    if (conditions.getAttribute("NotOnOrAfter") && !before(nowMs - SKEW_MS, conditions.getAttribute("NotOnOrAfter")))
      throw new Refused("Assertion has expired");
  }
  const inResponseTo = data.getAttribute("InResponseTo") || root.getAttribute("InResponseTo");
  if (inResponseTo) {
    if (!world.pendingAuthnRequests.has(inResponseTo)) throw new Refused("Response answers a request this service did not send or already answered");
    world.pendingAuthnRequests.delete(inResponseTo);
  }
  const nameId = child(subject, "NameID", SAML);
  const format = nameId?.getAttribute("Format") || "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";
  if (!nameId || !NAME_ID_FORMATS.has(format)) throw new Refused("Response contains invalid name id policy format");
  const userName = text(nameId);
  const user = world.identityStore.findUserByUserName(userName);
  if (!user) throw new Refused("No user in the identity store has the user name the response names", userName);
  return user;
}

function verifySignature(xml: string, root: Element, assertion: Element, trustedBase64: string): void {
  const onAssertion = children(assertion, "Signature", DSIG);
  const onResponse = children(root, "Signature", DSIG);
  const signature = onAssertion[0] ?? onResponse[0];
  const signed = onAssertion[0] ? assertion : root;
  if (!signature || onAssertion.length + onResponse.length > 2) throw new Refused("Response is not signed");
  const pem = `-----BEGIN CERTIFICATE-----\n${trustedBase64.replace(/(.{64})/g, "$1\n").trim()}\n-----END CERTIFICATE-----\n`;
  const verifier = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
  try {
    verifier.loadSignature(signature as unknown as Node);
    if (!verifier.checkSignature(xml)) throw new Error("invalid");
  } catch {
    throw new Refused("Signature validation failed: the response is not signed with the identity provider's certificate");
  }
  const id = signed.getAttribute("ID");
  const references = verifier.getReferences();
  if (!id || references.length !== 1 || references[0]?.uri !== `#${id}`) throw new Refused("Signature does not cover the assertion");
}

function children(parent: Element | null | undefined, localName: string, namespace: string): Element[] {
  const found: Element[] = [];
  for (let node = parent?.firstChild; node; node = node.nextSibling) {
    const element = node as Element;
    if (node.nodeType === node.ELEMENT_NODE && element.localName === localName && element.namespaceURI === namespace) found.push(element);
  }
  return found;
}

const child = (parent: Element | null | undefined, localName: string, namespace: string) => children(parent, localName, namespace)[0] ?? null;
const text = (element: Element | null | undefined) => element?.textContent?.trim() ?? "";
const before = (nowMs: number, limit: string | null) => limit !== null && Date.parse(limit) > nowMs;
