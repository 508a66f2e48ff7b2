import "reflect-metadata";
import { webcrypto, X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { DOMParser, type Element } from "@xmldom/xmldom";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestAws, type TestAws } from "../json-protocol/testing";

const DAY = 86_400_000;
const ALG = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
let aws: TestAws;
let consoleUrl: string;
let idpCert: string;

beforeAll(async () => {
  aws = await startTestAws();
  consoleUrl = `${aws.server.endpoint}/singlesignon`;
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = await webcrypto.subtle.generateKey(ALG, false, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "01",
    name: "CN=Microsoft Azure Federated SSO Certificate",
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 3 * 365 * DAY),
    keys,
    signingAlgorithm: ALG,
  });
  idpCert = Buffer.from(cert.rawData).toString("base64");
});

afterAll(async () => aws.server.close());

beforeEach(() => {
  aws.world.identitySource = { type: "identity-center-directory" };
});

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const mdChildren = (parent: Element, name: string) =>
  Array.from(parent.childNodes).filter(
    (n): n is Element => n.nodeType === n.ELEMENT_NODE && (n as Element).namespaceURI === MD && (n as Element).localName === name,
  );

const TENANT = "8500cad3-193d-48a6-8d00-c129b114dc10";
const idpMetadata = () => `<?xml version="1.0" encoding="utf-8"?>
<EntityDescriptor entityID="https://sts.windows.net/${TENANT}/" xmlns="urn:oasis:names:tc:SAML:2.0:metadata">
<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data><X509Certificate>${idpCert}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>
<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://login.microsoftonline.com/${TENANT}/saml2"/>
</IDPSSODescriptor>
</EntityDescriptor>`;

async function upload(xml: string, accept = "ACCEPT"): Promise<{ status: number; page: string }> {
  const form = new FormData();
  form.set("idpMetadata", new Blob([xml], { type: "text/xml" }), "federationmetadata.xml");
  form.set("accept", accept);
  const res = await fetch(`${consoleUrl}/identity-source`, { method: "POST", body: form });
  return { status: res.status, page: await res.text() };
}

describe("simulated IAM Identity Center console", () => {
  it("shows the instance and the Identity Center directory as the identity source", async () => {
    const res = await fetch(`${consoleUrl}/home?region=${aws.world.region}`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("<title>IAM Identity Center — simulated AWS console</title>");
    expect(page).toContain(aws.world.instance.InstanceArn);
    expect(page).toContain(aws.world.instance.IdentityStoreId);
    expect(page).toContain("Identity Center directory");
    expect(page).toMatch(/<label for="idp-metadata">IdP SAML metadata<\/label>/);
    expect(page).toContain('href="sp-metadata.xml"');
  });

  it("offers service provider metadata in IAM Identity Center's form, the same on every download", async () => {
    const res = await fetch(`${consoleUrl}/sp-metadata.xml`);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="IAM Identity Center SAML metadata_ins-[0-9a-f]{16}\.xml"$/);
    const xml = await res.text();
    const { region, instance } = aws.world;
    const entity = new DOMParser().parseFromString(xml, "text/xml").documentElement!;
    expect([entity.namespaceURI, entity.localName, entity.getAttribute("entityID")]).toEqual([
      MD,
      "EntityDescriptor",
      `https://${region}.signin.aws.amazon.com/platform/saml/${instance.IdentityStoreId}`,
    ]);
    const [sp, ...more] = mdChildren(entity, "SPSSODescriptor");
    expect(more).toEqual([]);
    expect(sp!.getAttribute("protocolSupportEnumeration")?.split(" ")).toContain("urn:oasis:names:tc:SAML:2.0:protocol");
    const acs = mdChildren(sp!, "AssertionConsumerService").filter((a) => a.getAttribute("Binding") === "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST");
    expect(acs.map((a) => a.getAttribute("Location"))).toEqual([
      expect.stringMatching(new RegExp(`^https://${region}\\.signin\\.aws\\.amazon\\.com/platform/saml/acs/[0-9a-f-]{36}$`)),
    ]);
    const certificates = Array.from(sp!.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate"));
    expect(certificates).toHaveLength(1);
    const certificate = new X509Certificate(Buffer.from(certificates[0]!.textContent ?? "", "base64"));
    expect(new Date(certificate.validTo).getTime()).toBeGreaterThan(Date.now());
    expect(await (await fetch(`${consoleUrl}/sp-metadata.xml`)).text()).toBe(xml);
  });

  it("switches to the external identity provider when its metadata is uploaded and the change accepted", async () => {
    const { status, page } = await upload(idpMetadata());
    expect(status).toBe(200);
    expect(page).toContain("You changed the identity source to External identity provider.");
    expect(aws.world.identitySource).toMatchObject({
      type: "external-idp",
      idpEntityId: `https://sts.windows.net/${TENANT}/`,
      ssoUrl: `https://login.microsoftonline.com/${TENANT}/saml2`,
      certificateThumbprint: expect.stringMatching(/^[0-9A-F]{40}$/),
    });
    const home = await (await fetch(`${consoleUrl}/home`)).text();
    expect(home).toContain("External identity provider");
    expect(home).toContain(`https://sts.windows.net/${TENANT}/`);
  });

  it("refuses garbage, the service provider's own file and an unaccepted change, changing nothing", async () => {
    const sp = await (await fetch(`${consoleUrl}/sp-metadata.xml`)).text();
    const cases: [string, string, RegExp][] = [
      ["this is not xml <", "ACCEPT", /not well-formed XML/],
      [sp, "ACCEPT", /service provider&#39;s metadata \(perhaps IAM Identity Center&#39;s own file\)/],
      [idpMetadata().replace(/<KeyDescriptor.*<\/KeyDescriptor>/, ""), "ACCEPT", /no signing certificate/],
      [idpMetadata(), "accept", /type ACCEPT to confirm/],
      ['<!DOCTYPE x [<!ENTITY a "b">]><x/>', "ACCEPT", /document type declaration/],
      [idpMetadata().replace("</EntityDescriptor>", `<!--${"x".repeat(300 * 1024)}--></EntityDescriptor>`), "ACCEPT", /larger than 256 KB/],
      [idpMetadata().replaceAll(' xmlns="urn:oasis:names:tc:SAML:2.0:metadata"', ""), "ACCEPT", /not SAML 2.0 metadata/],
    ];
    for (const [xml, accept, problem] of cases) {
      const { status, page } = await upload(xml, accept);
      expect(status).toBe(400);
      expect(page).toContain("The identity source was not changed");
      expect(page).toMatch(problem);
      expect(aws.world.identitySource).toEqual({ type: "identity-center-directory" });
    }
  });

  it("generates SCIM access tokens only for an external identity provider, showing each once", async () => {
    expect((await fetch(`${consoleUrl}/scim-token`, { method: "POST" })).status).toBe(400);
    await upload(idpMetadata());
    const home = await (await fetch(`${consoleUrl}/home`)).text();
    expect(home).toContain("Generate access token");
    const res = await fetch(`${consoleUrl}/scim-token`, { method: "POST" });
    const page = await res.text();
    const issued = aws.world.scim.tokens.at(-1)!;
    expect(res.status).toBe(200);
    expect(page).toContain(issued.token);
    expect(page).toContain("shown only once");
  });

  it("points to the instance's region when the console opens in another", async () => {
    const page = await (await fetch(`${consoleUrl}/home?region=ap-south-1`)).text();
    expect(page).toContain("IAM Identity Center is not enabled in ap-south-1");
  });
});
