import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import { readAwsSpMetadata } from "./aws-sp-metadata";

const DAY = 86_400_000;
const alg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

async function certificate(notBefore: Date, notAfter: Date): Promise<string> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = await webcrypto.subtle.generateKey(alg, false, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=us-east-1.signin.aws.amazon.com",
    notBefore,
    notAfter,
    keys,
    signingAlgorithm: alg,
  });
  return Buffer.from(cert.rawData).toString("base64");
}

// The shape of the file the AWS console offers for download (entity id on the identity store,
// assertion consumer service on a per-instance id).
function awsMetadata(o: { entityId?: string; acs?: string; cert: string; protocol?: string }) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${o.entityId ?? "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-93670c2b1f"}">
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="${o.protocol ?? "urn:oasis:names:tc:SAML:2.0:protocol"}">
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${o.cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${o.acs ?? "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/5f1a8c3e-2b7d-4e9a-9c1f-0d2e4b6a8c01"}" index="0"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>`;
}

let validCert: string;
let expiredCert: string;
beforeAll(async () => {
  validCert = await certificate(new Date(Date.now() - DAY), new Date(Date.now() + 365 * DAY));
  expiredCert = await certificate(new Date(Date.now() - 400 * DAY), new Date(Date.now() - 2 * DAY));
});

const problems = (xml: string, expected = {}) => {
  const r = readAwsSpMetadata(xml, expected);
  return r.ok ? [] : r.problems;
};

describe("IAM Identity Center service provider metadata", () => {
  it("reads entity id, reply URL, region, identity store and certificate", () => {
    const r = readAwsSpMetadata(awsMetadata({ cert: validCert }), { region: "eu-west-1", identityStoreId: "d-93670c2b1f" });
    expect(r).toMatchObject({
      ok: true,
      metadata: {
        entityId: "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-93670c2b1f",
        acsUrl: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/5f1a8c3e-2b7d-4e9a-9c1f-0d2e4b6a8c01",
        region: "eu-west-1",
        identityStoreId: "d-93670c2b1f",
      },
    });
    expect(r.ok && r.metadata.certificates[0]?.thumbprint).toMatch(/^[0-9A-F]{40}$/);
  });

  it("takes the IPv4 reply URL in the instance's region when the file also lists dual-stack and replica endpoints", () => {
    const ipv4 = "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/5f1a8c3e-2b7d-4e9a-9c1f-0d2e4b6a8c01";
    const xml = awsMetadata({ cert: validCert }).replace(
      "<md:AssertionConsumerService",
      `<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://eu-west-1.signin.aws.com/platform/saml/acs/5f1a8c3e-2b7d-4e9a-9c1f-0d2e4b6a8c01" index="1"/>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://us-east-1.signin.aws.amazon.com/platform/saml/acs/5f1a8c3e-2b7d-4e9a-9c1f-0d2e4b6a8c01" index="2"/>
    <md:AssertionConsumerService`,
    );
    const r = readAwsSpMetadata(xml, { region: "eu-west-1" });
    expect(r.ok && r.metadata.acsUrl).toBe(ipv4);
  });

  it("refuses metadata of another region or instance, saying which", () => {
    expect(problems(awsMetadata({ cert: validCert }), { region: "us-east-1" })).toEqual([
      "The metadata is for region eu-west-1, but your IAM Identity Center instance is in us-east-1. Download it from the console in us-east-1.",
    ]);
    expect(problems(awsMetadata({ cert: validCert }), { identityStoreId: "d-0000000000" })[0]).toMatch(
      /belongs to identity store d-93670c2b1f, not to your instance's d-0000000000/,
    );
  });

  it("notices an entity id and reply URL of different regions", () => {
    expect(
      problems(awsMetadata({ cert: validCert, acs: "https://us-west-2.signin.aws.amazon.com/platform/saml/acs/5f1a8c3e-2b7d-4e9a-9c1f-0d2e4b6a8c01" }))[0],
    ).toMatch(/names region eu-west-1 but the assertion consumer service names us-west-2/);
  });

  it("refuses other services' metadata and Entra's own", () => {
    expect(problems(awsMetadata({ cert: validCert, entityId: "https://signin.aws.amazon.com/saml" }))[0]).toMatch(/is not IAM Identity Center's/);
    const entra = `<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.windows.net/6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f/"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>`;
    expect(problems(entra)[0]).toMatch(/identity provider's metadata \(perhaps Entra ID's federation metadata\)/);
    expect(problems(awsMetadata({ cert: validCert, protocol: "urn:oasis:names:tc:SAML:1.1:protocol" }))[0]).toMatch(/SAML 2.0 support/);
  });

  it("refuses an expired or unreadable certificate", () => {
    expect(problems(awsMetadata({ cert: expiredCert }))[0]).toMatch(/certificate expired on \d{4}-\d{2}-\d{2}/);
    expect(problems(awsMetadata({ cert: "bm90IGEgY2VydA==" }))[0]).toMatch(/cannot be read/);
  });

  it("refuses hostile XML before parsing it", () => {
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><EntityDescriptor>&lol2;</EntityDescriptor>`;
    expect(problems(laughs)[0]).toMatch(/document type declaration \(DOCTYPE\)/);
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><EntityDescriptor entityID="&xxe;"/>`;
    expect(problems(xxe)[0]).toMatch(/DOCTYPE/);
    expect(problems(`<EntityDescriptor>${"x".repeat(300 * 1024)}</EntityDescriptor>`)[0]).toMatch(/larger than 256 KB/);
    expect(problems("<EntityDescriptor><SPSSODescriptor></EntityDescriptor>")[0]).toMatch(/not well-formed XML \(line 1: /);
    expect(problems("just some text")[0]).toBe(
      "The metadata file is not XML (a SAML document begins with “<”). Check that you chose the .xml file you downloaded, not another file.",
    );
    expect(problems("%PDF-1.7\n%âãÏÓ")[0]).toMatch(/is not XML/);
  });
});
