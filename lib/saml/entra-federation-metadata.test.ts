import "reflect-metadata";
import { createPrivateKey, webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { SignedXml } from "xml-crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { summarizeCertificate } from "./certificate";
import { readEntraFederationMetadata, type FederationExpectations } from "./entra-federation-metadata";

const TENANT = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
const HOST = "https://login.microsoftonline.com";
const DAY = 86_400_000;
const alg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

type Signer = { certBase64: string; keyPem: string; thumbprint: string };

async function signer(): Promise<Signer> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "02",
    name: "CN=Microsoft Azure Federated SSO Certificate",
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3 * 365 * DAY),
    keys,
    signingAlgorithm: alg,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey));
  const keyPem = createPrivateKey({ key: pkcs8, format: "der", type: "pkcs8" }).export({ format: "pem", type: "pkcs8" }).toString();
  const certBase64 = Buffer.from(cert.rawData).toString("base64");
  return { certBase64, keyPem, thumbprint: summarizeCertificate(certBase64)!.thumbprint };
}

// The shape Entra serves at /<tenant>/federationmetadata/2007-06/federationmetadata.xml?appid=…
function metadata(o: { cert: string; tenant?: string; sso?: string }): string {
  const tenant = o.tenant ?? TENANT;
  const sso = o.sso ?? `${HOST}/${tenant}/saml2`;
  return `<?xml version="1.0" encoding="utf-8"?><EntityDescriptor ID="_1f0c4a5e-2d3b-4c6a-9e8f-7a6b5c4d3e2f" entityID="https://sts.windows.net/${tenant}/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${o.cert}</X509Certificate></X509Data></KeyInfo></KeyDescriptor><SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${sso}"/><SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${sso}"/></IDPSSODescriptor></EntityDescriptor>`;
}

function sign(xml: string, s: Signer): string {
  const sig = new SignedXml({
    privateKey: s.keyPem,
    publicCert: s.certBase64,
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
  });
  sig.addReference({
    xpath: "/*[local-name(.)='EntityDescriptor']",
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
  });
  sig.computeSignature(xml, { location: { reference: "/*[local-name(.)='EntityDescriptor']", action: "prepend" } });
  return sig.getSignedXml();
}

let app: Signer;
let other: Signer;
let expectations: FederationExpectations;
beforeAll(async () => {
  [app, other] = await Promise.all([signer(), signer()]);
  expectations = { tenantId: TENANT, authorityHost: HOST, signingCertificate: { base64: app.certBase64, thumbprint: app.thumbprint } };
});

const problems = (xml: string, e = expectations) => {
  const r = readEntraFederationMetadata(xml, e);
  return r.ok ? [] : r.problems;
};

describe("Entra ID federation metadata", () => {
  it("accepts metadata signed by the application's active certificate", () => {
    const r = readEntraFederationMetadata(sign(metadata({ cert: app.certBase64 }), app), expectations);
    expect(r).toMatchObject({
      ok: true,
      metadata: { entityId: `https://sts.windows.net/${TENANT}/`, ssoUrl: `${HOST}/${TENANT}/saml2`, certificate: { thumbprint: app.thumbprint } },
    });
  });

  it("refuses unsigned, altered, or otherwise-signed metadata", () => {
    expect(problems(metadata({ cert: app.certBase64 }))).toEqual(["The federation metadata is not signed."]);
    const altered = sign(metadata({ cert: app.certBase64 }), app).replaceAll(`${HOST}/${TENANT}/saml2`, "https://evil.example/saml2");
    expect(problems(altered)[0]).toMatch(/signature does not verify/);
    // Signed and self-consistent, but by a key that is not the app's: KeyInfo is never trusted.
    expect(problems(sign(metadata({ cert: other.certBase64 }), other))[0]).toMatch(/signature does not verify/);
  });

  it("names a wrong tenant, a wrong cloud, and a certificate that is not the active one", () => {
    const wrongTenant = sign(metadata({ cert: app.certBase64, tenant: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" }), app);
    expect(problems(wrongTenant)).toEqual(expect.arrayContaining([expect.stringMatching(/not your tenant's/)]));
    const usGov = sign(metadata({ cert: app.certBase64 }), app);
    expect(problems(usGov, { ...expectations, authorityHost: "https://login.microsoftonline.us" })[0]).toMatch(
      /sign-in URL is .* not https:\/\/login\.microsoftonline\.us\//,
    );
    const notActive = { ...expectations, signingCertificate: { base64: app.certBase64, thumbprint: other.thumbprint } };
    expect(problems(sign(metadata({ cert: app.certBase64 }), app), notActive)[0]).toMatch(/does not contain the application's active signing certificate/);
  });

  it("refuses a document type declaration before looking at the signature", () => {
    expect(problems(`<!DOCTYPE x [<!ENTITY a "b">]><EntityDescriptor/>`)[0]).toMatch(/DOCTYPE/);
  });
});
