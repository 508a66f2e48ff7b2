// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import { createHash, randomUUID, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { readIdpMetadata } from "../aws/console/idp-metadata";
import type { AwsWorld } from "../aws/world";

// What an administrator does in the IAM Identity Center console before automatic provisioning is
// offered: make an external identity provider the identity source by uploading its metadata, here
// a throwaway one's, for tests of provisioning that have no Entra application of their own.

const ALG: EcKeyGenParams & EcdsaParams = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" };
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;

/** Makes a newly generated identity provider the identity source, as the console's change does. */
export async function switchToExternalIdp(world: AwsWorld): Promise<void> {
  const reading = readIdpMetadata(await throwawayIdpMetadata());
  if (!reading.ok) throw new Error(`the console would refuse this metadata: ${reading.problem}`);
  world.identitySource = reading.source;
}

async function throwawayIdpMetadata(): Promise<string> {
  const crypto = webcrypto as unknown as Crypto;
  x509.cryptoProvider.set(crypto);
  const keys = await crypto.subtle.generateKey(ALG, true, ["sign", "verify"]);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: createHash("sha1")
      .update(randomUUID())
      .digest("hex")
      .slice(0, 16)
      .replace(/^[89a-f]/, "1"),
    name: "CN=Test identity provider",
    notBefore: new Date(now - 60_000),
    notAfter: new Date(now + YEAR_MS),
    signingAlgorithm: ALG,
    keys,
  });
  const base64 = Buffer.from(cert.rawData).toString("base64");
  return [
    `<EntityDescriptor entityID="https://idp.test.example/${randomUUID()}" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">`,
    `<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">`,
    `<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${base64}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>`,
    `<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.test.example/saml2"/>`,
    `</IDPSSODescriptor>`,
    `</EntityDescriptor>`,
  ].join("");
}
