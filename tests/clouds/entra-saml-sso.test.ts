import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureAwsEnterpriseApp, getEnterpriseApp, type EnterpriseApp } from "@/lib/entra/aws-gallery-app";
import { downloadFederationMetadata } from "@/lib/entra/federation-metadata";
import { openGraph, type GraphSession } from "@/lib/entra/graph-session";
import { configureSamlSso, ensureSigningCertificate } from "@/lib/entra/saml-sso";
import { readEntraFederationMetadata } from "@/lib/saml/entra-federation-metadata";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

const AWS = {
  entityId: "https://eu-west-1.signin.aws.amazon.com/platform/saml/d-9367a1b2c3",
  acsUrl: "https://eu-west-1.signin.aws.amazon.com/platform/saml/acs/2f6c1b3a-9d8e-4f70-a1b2-c3d4e5f60718",
  signOnUrl: "https://portal.sso.eu-west-1.amazonaws.com/saml/assertion/MDEyMzQ1Njc4OQ",
};

describe("SAML single sign-on on the AWS enterprise app", () => {
  let entra: EntraTestCloud;
  let session: GraphSession;
  let app: EnterpriseApp;

  beforeAll(async () => {
    entra = await startEntraTestCloud();
    session = openGraph(entra.connection);
    app = (await ensureAwsEnterpriseApp(session, "AWS IAM Identity Center", { pollIntervalMs: 100 })).app;
  });

  afterAll(async () => {
    await entra?.close();
  });

  it("sets identifier, reply URL, sign-on URL and SAML mode, and a rerun changes nothing", async () => {
    const first = await configureSamlSso(session, app, AWS);
    expect(first.changed).toHaveLength(4);
    const details = await getEnterpriseApp(session, app.servicePrincipalId);
    expect(details).toMatchObject({ preferredSingleSignOnMode: "saml", identifierUris: [AWS.entityId], redirectUris: [AWS.acsUrl], loginUrl: AWS.signOnUrl });

    expect(await configureSamlSso(session, app, AWS)).toEqual({ changed: [] });
  });

  it("changes only what differs when the AWS metadata changes", async () => {
    const acsUrl = AWS.acsUrl.replace("2f6c1b3a", "3a7d2c4b");
    expect(await configureSamlSso(session, app, { ...AWS, acsUrl })).toEqual({ changed: ["Reply URL (Assertion Consumer Service URL)"] });
    await configureSamlSso(session, app, AWS);
  });

  it("refuses a non-https entity id as invalid input", async () => {
    await expect(configureSamlSso(session, app, { ...AWS, entityId: "urn:amazon:webservices" })).rejects.toMatchObject({ code: "InvalidInput" });
  });

  it("creates a signing certificate once, keeps it on a rerun, and Entra's metadata carries it", async () => {
    const first = await ensureSigningCertificate(session, app);
    expect(first.created).toBe(true);
    expect(first.certificate).toMatchObject({ active: true, displayName: "CN=AWS IAM Identity Center SSO" });
    expect(first.certificate.base64).toBeTruthy();
    const threeYears = first.certificate.endDateTime.getTime() - Date.now();
    expect(threeYears).toBeGreaterThan((3 * 365 - 2) * 86_400_000);

    const again = await ensureSigningCertificate(session, app);
    expect(again).toEqual({ certificate: first.certificate, created: false });
    expect((await getEnterpriseApp(session, app.servicePrincipalId))?.preferredTokenSigningKeyThumbprint).toBe(first.certificate.thumbprint);

    const xml = await downloadFederationMetadata(entra.connection, app.appId);
    const reading = readEntraFederationMetadata(xml, {
      tenantId: entra.connection.tenantId,
      authorityHost: entra.cloud.issuer.authorityHost,
      signingCertificate: { base64: first.certificate.base64 ?? "", thumbprint: first.certificate.thumbprint },
    });
    expect(reading).toMatchObject({
      ok: true,
      metadata: { entityId: `https://sts.windows.net/${entra.connection.tenantId}/`, certificate: { thumbprint: first.certificate.thumbprint } },
    });
  });

  it("renews when asked to keep more validity than the active certificate has left", async () => {
    const before = await ensureSigningCertificate(session, app);
    const renewed = await ensureSigningCertificate(session, app, { renewWithinDays: 4 * 365 });
    expect(renewed.created).toBe(true);
    expect(renewed.certificate.thumbprint).not.toBe(before.certificate.thumbprint);
    const details = await getEnterpriseApp(session, app.servicePrincipalId);
    expect(details?.signingCertificates.find((c) => c.active)?.thumbprint).toBe(renewed.certificate.thumbprint);
  });

  it("makes a valid certificate active again when none is preferred", async () => {
    await session.client.api(`/servicePrincipals/${app.servicePrincipalId}`).patch({ preferredTokenSigningKeyThumbprint: null });
    const result = await ensureSigningCertificate(session, app);
    expect(result.created).toBe(false);
    expect(result.certificate.active).toBe(true);
    expect((await getEnterpriseApp(session, app.servicePrincipalId))?.preferredTokenSigningKeyThumbprint).toBe(result.certificate.thumbprint);
  });

  it("reports missing metadata as NotFound for an app without an active certificate", async () => {
    const { app: bare } = await ensureAwsEnterpriseApp(session, "No certificate yet", { pollIntervalMs: 100 });
    await expect(downloadFederationMetadata(entra.connection, bare.appId)).rejects.toMatchObject({ code: "NotFound" });
  });
});
