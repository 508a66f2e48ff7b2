// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import crypto, { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { AwsWorld } from "../world";

// The SAML service provider metadata the IAM Identity Center console offers when the identity
// source changes to an external IdP: entity id on the identity store, one assertion consumer
// service on a per-instance id, and the signing certificate. Made once per world and then kept,
// so every download is the same file, as it is in AWS until the identity source changes.

const ALG = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
const DAY_MS = 86_400_000;
const pending = new WeakMap<AwsWorld, Promise<{ xml: string; fileName: string; acsUrl: string }>>();

export function spEntityId(world: AwsWorld): string {
  return `https://${world.region}.signin.aws.amazon.com/platform/saml/${world.instance.IdentityStoreId}`;
}

export async function spMetadata(world: AwsWorld): Promise<{ xml: string; fileName: string; acsUrl: string }> {
  if (world.spMetadata) return world.spMetadata;
  // Concurrent first downloads must not mint two different certificates.
  let making = pending.get(world);
  if (!making) {
    making = generate(world).then((made) => (world.spMetadata = made));
    pending.set(world, making);
  }
  return making;
}

async function generate(world: AwsWorld): Promise<{ xml: string; fileName: string; acsUrl: string }> {
  const acsUrl = `https://${world.region}.signin.aws.amazon.com/platform/saml/acs/${crypto.randomUUID()}`;
  const xml = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${spEntityId(world)}">`,
    `<md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">`,
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${await certificate(world)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`,
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>`,
    `<md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${acsUrl}" index="0"/>`,
    `</md:SPSSODescriptor>`,
    `</md:EntityDescriptor>`,
  ].join("\n");
  const instanceId = world.instance.InstanceArn.split("/")
    .pop()!
    .replace(/^ssoins-/, "ins-");
  return { xml, fileName: `IAM Identity Center SAML metadata_${instanceId}.xml`, acsUrl };
}

async function certificate(world: AwsWorld): Promise<string> {
  const web = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(web);
  const keys = await web.subtle.generateKey(ALG, false, ["sign", "verify"]);
  const issued = world.instance.CreatedDate.getTime();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: crypto
      .randomBytes(8)
      .toString("hex")
      .replace(/^[89a-f]/, "1"),
    name: `CN=${world.region}.signin.aws.amazon.com, O=SSO Bridge Simulator`,
    notBefore: new Date(issued - DAY_MS),
    notAfter: new Date(issued + 5 * 365 * DAY_MS),
    keys,
    signingAlgorithm: ALG,
  });
  return Buffer.from(cert.rawData).toString("base64");
}
