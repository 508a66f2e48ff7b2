import { randomUUID } from "node:crypto";
import type { GraphUser, SigningKeyMaterial } from "../directory";
import { signEnveloped } from "../sign-xml";

// The SAMLResponse Entra posts to a SAML application, as Microsoft's "Single sign-on SAML
// protocol" reference shows it: an unsigned Response around one Assertion signed with the
// application's active certificate (the default "Sign SAML assertion"), the NameID from the user's
// UPN in the email address format (the AWS IAM Identity Center gallery application's claim), the
// audience restricted to the application's identifier, and the default claims.

const MINUTE_MS = 60_000;
const FORMAT_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";
const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims";
const MS_CLAIMS = "http://schemas.microsoft.com/identity/claims";

export type ResponseInput = {
  tenantId: string;
  user: GraphUser;
  audience: string;
  acsUrl: string;
  inResponseTo: string | null;
  key: SigningKeyMaterial;
  nowMs: number;
};

export function signedSamlResponse(input: ResponseInput): string {
  const { tenantId, user, audience, acsUrl, inResponseTo, key, nowMs } = input;
  const at = (offsetMs: number) => new Date(nowMs + offsetMs).toISOString();
  const issuer = `https://sts.windows.net/${tenantId}/`;
  const replyTo = inResponseTo ? ` InResponseTo="${esc(inResponseTo)}"` : "";
  const attributes: [string, string | null][] = [
    [`${MS_CLAIMS}/tenantid`, tenantId],
    [`${MS_CLAIMS}/objectidentifier`, user.id],
    [`${MS_CLAIMS}/displayname`, user.displayName],
    [`${MS_CLAIMS}/identityprovider`, issuer],
    [`${MS_CLAIMS}/authnmethodsreferences`, "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password"],
    [`${CLAIMS}/givenname`, user.givenName],
    [`${CLAIMS}/surname`, user.surname],
    [`${CLAIMS}/emailaddress`, user.mail],
    [`${CLAIMS}/name`, user.userPrincipalName],
  ];
  const assertionId = `_${randomUUID()}`;
  const assertion = [
    `<Assertion ID="${assertionId}" IssueInstant="${at(0)}" Version="2.0" xmlns="urn:oasis:names:tc:SAML:2.0:assertion">`,
    `<Issuer>${esc(issuer)}</Issuer>`,
    `<Subject><NameID Format="${FORMAT_EMAIL}">${esc(user.userPrincipalName)}</NameID>`,
    `<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData${replyTo} NotOnOrAfter="${at(5 * MINUTE_MS)}" Recipient="${esc(acsUrl)}"/></SubjectConfirmation></Subject>`,
    `<Conditions NotBefore="${at(-5 * MINUTE_MS)}" NotOnOrAfter="${at(65 * MINUTE_MS)}"><AudienceRestriction><Audience>${esc(audience)}</Audience></AudienceRestriction></Conditions>`,
    `<AttributeStatement>`,
    ...attributes
      .filter((a): a is [string, string] => a[1] !== null && a[1] !== "")
      .map(([name, value]) => `<Attribute Name="${name}"><AttributeValue>${esc(value)}</AttributeValue></Attribute>`),
    `</AttributeStatement>`,
    `<AuthnStatement AuthnInstant="${at(0)}" SessionIndex="${assertionId}"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef></AuthnContext></AuthnStatement>`,
    `</Assertion>`,
  ].join("");
  const response = [
    `<samlp:Response ID="_${randomUUID()}" Version="2.0" IssueInstant="${at(0)}" Destination="${esc(acsUrl)}"${replyTo} xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">`,
    `<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">${esc(issuer)}</Issuer>`,
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>`,
    assertion,
    `</samlp:Response>`,
  ].join("");
  return signAssertion(response, key);
}

function signAssertion(xml: string, key: SigningKeyMaterial): string {
  // The assertion's signature follows its Issuer, as the schema's element order requires.
  return signEnveloped(xml, key, "//*[local-name(.)='Assertion']", { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: "after" });
}

function esc(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}
