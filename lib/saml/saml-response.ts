import { DOMParser, XMLSerializer, type Element as XmlElement } from "@xmldom/xmldom";
import { SignedXml } from "xml-crypto";
import { summarizeCertificate } from "./certificate";
import { attribute, children, parseUntrustedXml, text, XmlRejected, type XmlNode } from "./parse-xml";
import { certificatePem, elementChildren } from "./verify-metadata-signature";

// Reads a SAMLResponse as IAM Identity Center's assertion consumer service does, and says which of
// AWS's checks it passes: a successful status, one assertion signed with the certificate AWS was
// given, Entra as its issuer, IAM Identity Center as its audience and recipient, a time window that
// includes now, and a NameID format AWS accepts. Whether the NameID names a user in the identity
// store is a lookup in AWS, made by the caller. Values are read only from the signed assertion.

const DSIG = "http://www.w3.org/2000/09/xmldsig#";
const SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
const SUCCESS = "urn:oasis:names:tc:SAML:2.0:status:Success";
export const ACCEPTED_NAME_ID_FORMATS = [
  "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
];
// AWS allows a little clock difference between the IdP and itself.
const SKEW_MS = 60_000;

export type SamlExpectations = {
  /** Entra's entity id as AWS was given it (https://sts.windows.net/<tenant>/) */
  idpEntityId: string;
  /** the signing certificate in the metadata AWS was given: base64 DER and thumbprint */
  trustedCertificate: { base64: string; thumbprint: string };
  /** IAM Identity Center's entity id and assertion consumer service URL */
  spEntityId: string;
  acsUrl: string;
};

export type SamlCheckId = "readable" | "status" | "signature" | "issuer" | "audience" | "recipient" | "time" | "name-id";
export type SamlCheck = { id: SamlCheckId; passed: boolean; detail: string };

export type SamlInspection = {
  checks: SamlCheck[];
  /** the NameID of a signed assertion; null when the response could not be read or trusted */
  nameId: string | null;
  /** the thumbprint of the certificate the response carries, when it verifies with it */
  signedWith: string | null;
  issuedAt: Date | null;
};

class Stop extends Error {}

export function inspectSamlResponse(pasted: string, expect: SamlExpectations, now: Date): SamlInspection {
  const result: SamlInspection = { checks: [], nameId: null, signedWith: null, issuedAt: null };
  const check = (id: SamlCheckId, passed: boolean, detail: string) => {
    result.checks.push({ id, passed, detail });
    if (!passed && (id === "readable" || id === "signature")) throw new Stop();
  };
  try {
    const xml = decodeSamlResponse(pasted);
    if (xml === null) {
      check("readable", false, "This is not a SAMLResponse: paste the value of the SAMLResponse form field, which is base64 (it may be URL-encoded).");
    }
    let root: XmlNode | undefined;
    try {
      root = children(parseUntrustedXml(xml!, "The SAML response"), "Response")[0];
    } catch (e) {
      if (!(e instanceof XmlRejected)) throw e;
      check("readable", false, e.message);
    }
    const assertions = children(root, "Assertion");
    if (!root) check("readable", false, "The decoded text is XML but not a SAML Response.");
    if (children(root, "EncryptedAssertion").length > 0) {
      check(
        "readable",
        false,
        "The assertion is encrypted; IAM Identity Center does not accept encrypted assertions. Turn off token encryption on the Entra application.",
      );
    }
    if (assertions.length !== 1) check("readable", false, `The response holds ${assertions.length} assertions; AWS accepts exactly one.`);
    check("readable", true, "A SAML 2.0 Response with one assertion.");

    const status = attribute(children(children(root, "Status")[0], "StatusCode")[0], "Value");
    check(
      "status",
      status === SUCCESS,
      status === SUCCESS
        ? "Entra reports success."
        : `Entra reports ${status ?? "no status"} instead of success: the sign-in failed in Entra, so the message and code on Entra's page say why.`,
    );

    const signed = verifiedAssertion(xml!, expect.trustedCertificate);
    result.signedWith = signed.carriedThumbprint;
    if (!signed.ok) check("signature", false, signed.problem);
    check("signature", true, `Signed with the certificate AWS was given (${expect.trustedCertificate.thumbprint}).`);

    // From here on only the signed assertion is read.
    const assertion = children(parseUntrustedXml(signed.assertionXml!, "The signed assertion"), "Assertion")[0];
    const issuedAt = attribute(assertion, "IssueInstant");
    result.issuedAt = issuedAt ? new Date(issuedAt) : null;
    const issuer = text(children(assertion, "Issuer")[0]) ?? "";
    check(
      "issuer",
      issuer === expect.idpEntityId,
      issuer === expect.idpEntityId ? `Issued by ${issuer}.` : `Issued by ${issuer || "nobody"}, but AWS expects ${expect.idpEntityId}.`,
    );
    const conditions = children(assertion, "Conditions")[0];
    const audiences = children(conditions, "AudienceRestriction").flatMap((r) => children(r, "Audience").map((a) => text(a) ?? ""));
    check(
      "audience",
      audiences.includes(expect.spEntityId),
      audiences.includes(expect.spEntityId)
        ? `For ${expect.spEntityId}.`
        : `For ${audiences.join(", ") || "no audience"}, but IAM Identity Center's entity id is ${expect.spEntityId}.`,
    );
    const subject = children(assertion, "Subject")[0];
    const confirmation = children(subject, "SubjectConfirmation").find((c) => attribute(c, "Method") === "urn:oasis:names:tc:SAML:2.0:cm:bearer");
    const data = children(confirmation, "SubjectConfirmationData")[0];
    const recipient = attribute(data, "Recipient") ?? "";
    check(
      "recipient",
      recipient === expect.acsUrl,
      recipient === expect.acsUrl
        ? `Sent to ${recipient}.`
        : `Sent to ${recipient || "no recipient"}, but IAM Identity Center's reply URL is ${expect.acsUrl}.`,
    );
    check("time", ...timeWindow(conditions, data, now));

    const nameId = children(subject, "NameID")[0];
    const format = attribute(nameId, "Format") ?? ACCEPTED_NAME_ID_FORMATS[0]!;
    const value = text(nameId) ?? "";
    if (!value) check("name-id", false, "The assertion has no NameID, so AWS cannot tell who is signing in.");
    else if (!ACCEPTED_NAME_ID_FORMATS.includes(format))
      check("name-id", false, `The NameID format is ${format}; AWS accepts ${ACCEPTED_NAME_ID_FORMATS.map((f) => f.split(":").pop()).join(", ")}.`);
    else {
      result.nameId = value;
      check("name-id", true, `The NameID is ${value} (${format.split(":").pop()}).`);
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
  }
  return result;
}

/** The XML of a pasted SAMLResponse: the form field's value, URL-encoded or not, or the field itself. */
export function decodeSamlResponse(pasted: string): string | null {
  let value = pasted.trim().replace(/^SAMLResponse=/, "");
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      value = decodeURIComponent(value.replace(/\+/g, "%2B"));
    } catch {
      return null;
    }
  }
  value = value.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return null;
  const xml = Buffer.from(value, "base64").toString("utf8").trim();
  return xml.startsWith("<") ? xml : null;
}

type Verified =
  { ok: true; assertionXml: string; carriedThumbprint: string | null } | { ok: false; problem: string; carriedThumbprint: string | null; assertionXml?: never };

function verifiedAssertion(xml: string, trusted: SamlExpectations["trustedCertificate"]): Verified {
  const root = new DOMParser().parseFromString(xml, "text/xml").documentElement;
  const assertion = root ? elementChildren(root, "Assertion", SAML)[0] : undefined;
  if (!root || root.namespaceURI !== SAMLP || !assertion)
    return { ok: false, problem: "The response is not a SAML 2.0 protocol Response.", carriedThumbprint: null };
  const signature = elementChildren(assertion, "Signature", DSIG)[0] ?? elementChildren(root, "Signature", DSIG)[0];
  const signedElement = elementChildren(assertion, "Signature", DSIG)[0] ? assertion : root;
  if (!signature)
    return { ok: false, problem: "Neither the response nor its assertion is signed; AWS accepts only signed assertions.", carriedThumbprint: null };
  const carried = carriedCertificate(signature);
  const carriedThumbprint = carried ? (summarizeCertificate(carried)?.thumbprint ?? null) : null;
  const check = verify(xml, signature, trusted.base64, signedElement);
  if (check.ok) return { ok: true, assertionXml: check.assertionXml, carriedThumbprint };
  if (check.problem) return { ok: false, problem: check.problem, carriedThumbprint };
  // The key the message brings is never trusted; it only tells which certificate Entra used.
  if (carried && carriedThumbprint !== trusted.thumbprint && verify(xml, signature, carried, signedElement).ok) {
    return {
      ok: false,
      carriedThumbprint,
      problem: `Entra signed this response with certificate ${carriedThumbprint}, but AWS was given ${trusted.thumbprint}, so AWS refuses it. The application's signing certificate changed after its metadata was uploaded to AWS.`,
    };
  }
  return {
    ok: false,
    carriedThumbprint,
    problem:
      "The signature does not verify with the certificate AWS was given: the response was changed after it was signed, or it was not signed by this Entra application.",
  };
}

function verify(
  xml: string,
  signature: XmlElement,
  base64: string,
  signedElement: XmlElement,
): { ok: true; assertionXml: string } | { ok: false; problem?: string } {
  const verifier = new SignedXml({ publicCert: certificatePem(base64), getCertFromKeyInfo: () => null });
  try {
    // xml-crypto is typed against the DOM lib but works on xmldom nodes, which it parses with itself.
    verifier.loadSignature(signature as unknown as Node);
    if (!verifier.checkSignature(xml)) return { ok: false };
  } catch {
    return { ok: false };
  }
  const id = signedElement.getAttribute("ID");
  const references = verifier.getReferences();
  if (!id || references.length !== 1 || references[0]?.uri !== `#${id}`) {
    return { ok: false, problem: "The signature does not cover the whole assertion (or response), so AWS cannot trust what it says." };
  }
  const signedXml = verifier.getSignedReferences()[0];
  if (!signedXml) return { ok: false };
  if (signedElement.localName === "Assertion") return { ok: true, assertionXml: signedXml };
  // A signed Response: the assertion is the one inside exactly what was signed.
  const inner = new DOMParser().parseFromString(signedXml, "text/xml").documentElement;
  const assertion = inner ? elementChildren(inner, "Assertion", SAML)[0] : undefined;
  return assertion ? { ok: true, assertionXml: new XMLSerializer().serializeToString(assertion) } : { ok: false };
}

function carriedCertificate(signature: XmlElement): string | null {
  const keyInfo = elementChildren(signature, "KeyInfo", DSIG)[0];
  const data = keyInfo ? elementChildren(keyInfo, "X509Data", DSIG)[0] : undefined;
  const certificate = data ? elementChildren(data, "X509Certificate", DSIG)[0] : undefined;
  return certificate?.textContent?.replace(/\s+/g, "") || null;
}

function timeWindow(conditions: XmlNode | undefined, data: XmlNode | undefined, now: Date): [boolean, string] {
  const at = now.getTime();
  const notBefore = attribute(conditions, "NotBefore");
  const limits = [attribute(conditions, "NotOnOrAfter"), attribute(data, "NotOnOrAfter")].filter((v): v is string => v !== undefined).map((v) => new Date(v));
  if (notBefore && new Date(notBefore).getTime() > at + SKEW_MS) {
    return [false, `Not valid until ${notBefore}: the clocks of Entra and this machine disagree by more than a minute.`];
  }
  const expired = limits.filter((d) => d.getTime() <= at - SKEW_MS).sort((a, b) => a.getTime() - b.getTime())[0];
  if (expired) {
    return [
      false,
      `Expired at ${expired.toISOString()}. Responses are valid for a few minutes: if you captured this one earlier, capture a fresh one; if not, check the clocks.`,
    ];
  }
  const until = limits.sort((a, b) => a.getTime() - b.getTime())[0];
  return [true, until ? `Valid now (until ${until.toISOString()}).` : "Valid now."];
}
