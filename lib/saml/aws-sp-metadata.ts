import { summarizeCertificate, type CertificateSummary } from "./certificate";
import { attribute, children, parseUntrustedXml, text, XmlRejected, type XmlNode } from "./parse-xml";

// IAM Identity Center's SAML service-provider metadata, as downloaded from the AWS console when the
// identity source changes to an external IdP. Its entity id names the identity store, its
// assertion consumer service a per-instance UUID, and both name the instance's region.

export type AwsSpMetadata = {
  entityId: string;
  acsUrl: string;
  region: string;
  identityStoreId: string;
  certificates: CertificateSummary[];
};

export type MetadataReading = { ok: true; metadata: AwsSpMetadata } | { ok: false; problems: string[] };

const SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol";
const HTTP_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const SIGNIN_HOST = String.raw`([a-z]{2}(?:-gov)?-[a-z]+-\d)\.signin\.(?:aws\.amazon\.com|amazonaws\.cn|amazonaws-us-gov\.com)`;
const ENTITY_ID = new RegExp(String.raw`^https://${SIGNIN_HOST}/platform/saml/(d-[0-9a-f]{10})$`);
const ACS_URL = new RegExp(String.raw`^https://${SIGNIN_HOST}/platform/saml/acs/[0-9a-f-]{36}$`);
const CONSOLE_HINT =
  "In the AWS console open IAM Identity Center → Settings → Identity source → Actions → Change identity source → External identity provider, and download the service provider metadata file";

export function readAwsSpMetadata(xml: string, expected: { region?: string; identityStoreId?: string } = {}, now: Date = new Date()): MetadataReading {
  let doc: XmlNode;
  try {
    doc = parseUntrustedXml(xml, "The metadata file");
  } catch (e) {
    if (e instanceof XmlRejected) return { ok: false, problems: [e.message] };
    throw e;
  }
  if (children(doc, "EntitiesDescriptor").length > 0) {
    return { ok: false, problems: [`The file describes several SAML entities; IAM Identity Center's metadata describes exactly one. ${CONSOLE_HINT}.`] };
  }
  const entity = children(doc, "EntityDescriptor")[0];
  if (!entity) return { ok: false, problems: [`The file is not SAML 2.0 metadata (no EntityDescriptor). ${CONSOLE_HINT}.`] };
  const sp = children(entity, "SPSSODescriptor")[0];
  if (!sp) {
    const idp = children(entity, "IDPSSODescriptor").length > 0;
    return {
      ok: false,
      problems: [
        idp
          ? `This is an identity provider's metadata (perhaps Entra ID's federation metadata), not AWS's service provider metadata. ${CONSOLE_HINT}.`
          : `The file has no service provider description (SPSSODescriptor). ${CONSOLE_HINT}.`,
      ],
    };
  }

  const problems: string[] = [];
  if (!(attribute(sp, "protocolSupportEnumeration") ?? "").split(/\s+/).includes(SAML2_PROTOCOL)) {
    problems.push("The service provider does not declare SAML 2.0 support (protocolSupportEnumeration).");
  }
  const entityId = attribute(entity, "entityID") ?? "";
  const entityMatch = ENTITY_ID.exec(entityId);
  if (!entityMatch) {
    problems.push(
      `The entity id "${entityId}" is not IAM Identity Center's (https://<region>.signin.aws.amazon.com/platform/saml/d-xxxxxxxxxx). Is this metadata from another service?`,
    );
  }
  // Newer downloads also list dual-stack and replica-region endpoints: the IPv4 one in the entity
  // id's region is what Entra's reply URL needs.
  const posts = children(sp, "AssertionConsumerService").filter((a) => attribute(a, "Binding") === HTTP_POST);
  const acs = posts.find((a) => ACS_URL.exec(attribute(a, "Location") ?? "")?.[1] === ENTITY_ID.exec(attribute(entity, "entityID") ?? "")?.[1]) ?? posts[0];
  const acsUrl = attribute(acs, "Location") ?? "";
  const acsMatch = ACS_URL.exec(acsUrl);
  if (!acs) problems.push("The metadata has no assertion consumer service with the HTTP-POST binding, which Entra ID needs as its reply URL.");
  else if (!acsMatch)
    problems.push(
      `The assertion consumer service URL "${acsUrl}" is not in IAM Identity Center's form (https://<region>.signin.aws.amazon.com/platform/saml/acs/<id>).`,
    );

  const region = entityMatch?.[1] ?? "";
  const identityStoreId = entityMatch?.[2] ?? "";
  if (entityMatch && acsMatch && acsMatch[1] !== region) {
    problems.push(`The entity id names region ${region} but the assertion consumer service names ${acsMatch[1]}; the file looks edited. Download it again.`);
  }
  if (entityMatch && expected.region && region !== expected.region) {
    problems.push(
      `The metadata is for region ${region}, but your IAM Identity Center instance is in ${expected.region}. Download it from the console in ${expected.region}.`,
    );
  }
  if (entityMatch && expected.identityStoreId && identityStoreId !== expected.identityStoreId) {
    problems.push(
      `The metadata belongs to identity store ${identityStoreId}, not to your instance's ${expected.identityStoreId}. Download it from the right account and instance.`,
    );
  }

  const certificates: CertificateSummary[] = [];
  for (const descriptor of children(sp, "KeyDescriptor")) {
    for (const keyInfo of children(descriptor, "KeyInfo")) {
      for (const data of children(keyInfo, "X509Data")) {
        for (const certNode of children(data, "X509Certificate")) {
          const summary = summarizeCertificate(text(certNode) ?? "");
          if (!summary) problems.push("A certificate in the metadata cannot be read; download the file again.");
          else if (summary.notAfter < now)
            problems.push(`The metadata's certificate expired on ${summary.notAfter.toISOString().slice(0, 10)}; download current metadata from the console.`);
          else certificates.push(summary);
        }
      }
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, metadata: { entityId, acsUrl, region, identityStoreId, certificates } };
}
