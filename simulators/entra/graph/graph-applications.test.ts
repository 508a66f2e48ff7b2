import { DOMParser, XMLSerializer } from "@xmldom/xmldom";
import type { Client, PageCollection } from "@microsoft/microsoft-graph-client";
import { SignedXml } from "xml-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OSCAR_OPERATOR } from "../tenant";
import { startGraphTestWorld, type GraphTestWorld } from "./graph-test-setup";

type Obj = Record<string, unknown>;
const TEMPLATE_NAME = "AWS IAM Identity Center (successor to AWS Single Sign-On)";
const USER_ROLE = "8774f594-1d59-4279-b9d9-59ef09a23530";
const REGION_ENTITY = "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-1234567890";
const ACS = "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/d-1234567890";

/** Polls like SSO Bridge must: new objects 404 until they have replicated. */
async function eventually<T>(read: () => Promise<T>, timeoutMs = 3000): Promise<{ value: T; notFoundSeen: number }> {
  let notFoundSeen = 0;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return { value: await read(), notFoundSeen };
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode !== 404 || Date.now() > deadline) throw err;
      notFoundSeen++;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe("Graph gallery app, SAML settings, certificates and assignments", () => {
  let world: GraphTestWorld;
  let graph: Client;
  let sp: Obj;
  let app: Obj;

  beforeAll(async () => {
    world = await startGraphTestWorld({ replicationDelayMs: 400, seed: { users: 10, groups: 2, seed: 5 } });
    graph = world.graph();
  });

  afterAll(async () => {
    await world?.close();
  });

  it("finds the template by display name and instantiates it, eventually consistent", async () => {
    const found = (await graph.api("/applicationTemplates").filter(`displayName eq '${TEMPLATE_NAME}'`).get()) as PageCollection;
    expect(found.value.map((t: Obj) => t.id)).toEqual(["21ed01d2-ec13-4e9e-86c1-cd546719ebc4"]);
    const old = (await graph.api("/applicationTemplates").filter("displayName eq 'AWS Single Sign-on'").get()) as PageCollection;
    expect(old.value).toEqual([]);

    const templateId = (found.value[0] as { id: string }).id;
    const created = (await graph.api(`/applicationTemplates/${templateId}/instantiate`).post({ displayName: "AWS IAM Identity Center" })) as Obj;
    app = created.application as Obj;
    sp = created.servicePrincipal as Obj;
    expect(sp.appId).toBe(app.appId);
    expect(sp.appRoleAssignmentRequired).toBe(true);
    expect(sp.preferredSingleSignOnMode).toBeNull();
    expect((sp.appRoles as Obj[]).map((r) => [r.displayName, r.id])).toEqual(
      expect.arrayContaining([
        ["User", USER_ROLE],
        ["msiam_access", "e7f1a7f3-9eda-48e0-9963-bd67bf531afd"],
      ]),
    );

    const read = await eventually(() => graph.api(`/servicePrincipals/${sp.id as string}`).get() as Promise<Obj>);
    expect(read.notFoundSeen).toBeGreaterThan(0);
    expect(read.value.applicationTemplateId).toBe("21ed01d2-ec13-4e9e-86c1-cd546719ebc4");
    const byAppId = await eventually(async () => {
      const list = (await graph
        .api("/applications")
        .filter(`appId eq '${app.appId as string}'`)
        .get()) as PageCollection;
      if (list.value.length === 0) throw Object.assign(new Error("not yet"), { statusCode: 404 });
      return list.value[0] as Obj;
    });
    expect(byAppId.value.id).toBe(app.id);
  });

  it("configures SAML sign-on and a token signing certificate", async () => {
    await graph.api(`/servicePrincipals/${sp.id as string}`).patch({ preferredSingleSignOnMode: "saml" });
    await graph.api(`/applications/${app.id as string}`).patch({ identifierUris: [REGION_ENTITY], web: { redirectUris: [ACS] } });
    await expect(
      graph
        .api(`/servicePrincipals/${sp.id as string}/addTokenSigningCertificate`)
        .post({ displayName: "AWS", endDateTime: new Date(Date.now() + 86400_000).toISOString() }),
    ).rejects.toMatchObject({ statusCode: 400 });
    const tooLate = new Date(Date.now() + 4 * 365 * 86400_000).toISOString();
    await expect(
      graph.api(`/servicePrincipals/${sp.id as string}/addTokenSigningCertificate`).post({ displayName: "CN=AWS", endDateTime: tooLate }),
    ).rejects.toMatchObject({ statusCode: 400 });

    const endDateTime = new Date(Date.now() + 3 * 365 * 86400_000).toISOString();
    const cert = (await graph
      .api(`/servicePrincipals/${sp.id as string}/addTokenSigningCertificate`)
      .post({ displayName: "CN=AWS IAM Identity Center", endDateTime })) as Obj;
    expect(cert.thumbprint).toMatch(/^[0-9A-F]{40}$/);
    const x509 = new (await import("node:crypto")).X509Certificate(Buffer.from(cert.key as string, "base64"));
    expect(x509.subject).toBe("CN=AWS IAM Identity Center");
    expect(x509.fingerprint.replace(/:/g, "")).toBe(cert.thumbprint);

    await expect(graph.api(`/servicePrincipals/${sp.id as string}`).patch({ preferredTokenSigningKeyThumbprint: "00".repeat(20) })).rejects.toMatchObject({
      statusCode: 400,
    });
    await graph.api(`/servicePrincipals/${sp.id as string}`).patch({ preferredTokenSigningKeyThumbprint: cert.thumbprint });
    const after = (await graph.api(`/servicePrincipals/${sp.id as string}`).get()) as Obj;
    expect(after).toMatchObject({ preferredSingleSignOnMode: "saml", preferredTokenSigningKeyThumbprint: cert.thumbprint, replyUrls: [ACS] });
    expect((after.keyCredentials as Obj[]).map((k) => k.usage).sort()).toEqual(["Sign", "Verify"]);
    const appAfter = (await graph.api(`/applications/${app.id as string}`).get()) as Obj;
    expect(appAfter.identifierUris).toEqual([REGION_ENTITY]);

    const metadataUrl = `${world.cloud.issuer.authorityHost}/${world.cloud.issuer.tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${app.appId as string}`;
    const res = await world.fetch(metadataUrl);
    expect(res.status).toBe(200);
    const xml = await res.text();
    const doc = new DOMParser().parseFromString(xml, "text/xml");
    const root = doc.documentElement;
    expect(root?.getAttribute("entityID")).toBe(`https://sts.windows.net/${world.cloud.issuer.tenantId}/`);
    const sso = Array.from(doc.getElementsByTagNameNS("urn:oasis:names:tc:SAML:2.0:metadata", "SingleSignOnService"));
    expect(sso.map((e) => e.getAttribute("Location"))).toContain(`${world.cloud.issuer.authorityHost}/${world.cloud.issuer.tenantId}/saml2`);
    const published = doc.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate")[0]?.textContent;
    expect(published).toBe(cert.key);

    // Verify against the certificate Graph returned, never the one inside the document.
    const pem = `-----BEGIN CERTIFICATE-----\n${(cert.key as string).match(/.{1,64}/g)?.join("\n")}\n-----END CERTIFICATE-----\n`;
    const signature = doc.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "Signature")[0];
    if (!signature) throw new Error("metadata is not signed");
    const signatureXml = new XMLSerializer().serializeToString(signature);
    const verifier = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
    verifier.loadSignature(signatureXml);
    expect(verifier.checkSignature(xml)).toBe(true);
    expect(verifier.getSignedReferences()[0]).toContain("<EntityDescriptor");
    const tampered = xml.replace(`${world.cloud.issuer.tenantId}/saml2`, "evil.example/saml2");
    const again = new SignedXml({ publicCert: pem, getCertFromKeyInfo: () => null });
    again.loadSignature(signatureXml);
    let tamperedAccepted: boolean;
    try {
      tamperedAccepted = again.checkSignature(tampered);
    } catch {
      tamperedAccepted = false;
    }
    expect(tamperedAccepted).toBe(false);
  });

  it("answers metadata requests for apps without a certificate with a clear 404", async () => {
    const created = (await graph
      .api("/applicationTemplates/21ed01d2-ec13-4e9e-86c1-cd546719ebc4/instantiate")
      .post({ displayName: "No certificate yet" })) as Obj;
    const appId = (created.application as Obj).appId as string;
    const res = await world.fetch(
      `${world.cloud.issuer.authorityHost}/${world.cloud.issuer.tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${appId}`,
    );
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/no active SAML token signing certificate/);
  });

  it("assigns a user to the User role and removes the assignment", async () => {
    const spId = sp.id as string;
    const assignment = (await graph
      .api(`/servicePrincipals/${spId}/appRoleAssignedTo`)
      .post({ principalId: OSCAR_OPERATOR.objectId, resourceId: spId, appRoleId: USER_ROLE })) as Obj;
    expect(assignment).toMatchObject({
      principalId: OSCAR_OPERATOR.objectId,
      principalType: "User",
      resourceId: spId,
      appRoleId: USER_ROLE,
      principalDisplayName: OSCAR_OPERATOR.displayName,
    });
    await expect(
      graph.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).post({ principalId: OSCAR_OPERATOR.objectId, resourceId: spId, appRoleId: USER_ROLE }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      graph
        .api(`/servicePrincipals/${spId}/appRoleAssignedTo`)
        .post({ principalId: world.seeded.groups.developers, resourceId: spId, appRoleId: "11111111-1111-1111-1111-111111111111" }),
    ).rejects.toMatchObject({ statusCode: 400 });
    const group = (await graph
      .api(`/servicePrincipals/${spId}/appRoleAssignedTo`)
      .post({ principalId: world.seeded.groups.developers, resourceId: spId, appRoleId: USER_ROLE })) as Obj;
    expect(group.principalType).toBe("Group");

    const listed = (await graph.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).get()) as PageCollection;
    expect(listed.value.map((a: Obj) => a.principalId).sort()).toEqual([OSCAR_OPERATOR.objectId, world.seeded.groups.developers].sort());
    // The principal's side lists the same assignment, whatever the application.
    const ofGroup = (await graph.api(`/groups/${world.seeded.groups.developers}/appRoleAssignments`).get()) as PageCollection;
    expect(ofGroup.value.map((a: Obj) => [a.resourceId, a.appRoleId])).toEqual([[spId, USER_ROLE]]);
    const ofUser = (await graph.api(`/users/${OSCAR_OPERATOR.objectId}/appRoleAssignments`).get()) as PageCollection;
    expect(ofUser.value.map((a: Obj) => a.id)).toEqual([assignment.id]);
    await expect(graph.api(`/groups/${crypto.randomUUID()}/appRoleAssignments`).get()).rejects.toMatchObject({ statusCode: 404 });
    await graph.api(`/servicePrincipals/${spId}/appRoleAssignedTo/${encodeURIComponent(assignment.id as string)}`).delete();
    const remaining = (await graph.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).get()) as PageCollection;
    expect(remaining.value.map((a: Obj) => a.id)).toEqual([group.id]);
  });
});
