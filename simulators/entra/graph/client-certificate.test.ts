import { constants, createHash, randomUUID, sign, X509Certificate } from "node:crypto";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { selfSignedClientCertificate, type ClientCertificate } from "../../test-support/client-certificate";
import { SSO_BRIDGE_APP } from "../tenant";
import { clearAppCertificates, listAppCertificates, registerAppCertificate } from "./app-certificates";
import { GRAPH_SCOPE, startGraphTestWorld, type GraphTestWorld } from "./graph-test-setup";
import { msalNetworkClient, type Fetch } from "./trusted-https";

// Certificate credentials through the unmodified MSAL, configured as SSO Bridge configures it,
// and hand-made assertions for what MSAL never sends.

const DAY_MS = 86_400_000;
type Failure = { errorCode?: string; errorMessage?: string };

function decode(part: string | undefined): Record<string, unknown> {
  return JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("certificate credentials for Microsoft Graph", () => {
  let world: GraphTestWorld;
  let registered: ClientCertificate;
  let tokenEndpoint: string;
  const sentForms: URLSearchParams[] = [];

  const msal = (credential: ClientCertificate) => {
    const recording: Fetch = (input, init) => {
      if (init?.method === "POST" && typeof init.body === "string") sentForms.push(new URLSearchParams(init.body));
      return world.fetch(input, init);
    };
    return new ConfidentialClientApplication({
      auth: {
        clientId: SSO_BRIDGE_APP.clientId,
        authority: `${world.cloud.issuer.authorityHost}/${world.cloud.issuer.tenantId}`,
        knownAuthorities: [new URL(world.cloud.issuer.authorityHost).host],
        clientCertificate: {
          thumbprintSha256: new X509Certificate(credential.certificatePem).fingerprint256.replace(/:/g, ""),
          privateKey: credential.privateKeyPem,
          x5c: credential.certificatePem,
        },
      },
      system: { networkClient: msalNetworkClient(recording) },
    });
  };
  const refusal = (credential: ClientCertificate) =>
    msal(credential)
      .acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })
      .then(
        () => null,
        (e: unknown) => e as Failure,
      );

  /** A raw token request with an assertion signed by `key`, naming `certificate` in its header. */
  const postAssertion = async (certificate: ClientCertificate, key: ClientCertificate, claims: Record<string, unknown> = {}) => {
    const now = Math.floor(Date.now() / 1000);
    const thumbprint = createHash("sha256").update(new X509Certificate(certificate.certificatePem).raw).digest("base64url");
    const header = { alg: "PS256", typ: "JWT", "x5t#S256": thumbprint };
    const payload = { aud: tokenEndpoint, iss: SSO_BRIDGE_APP.clientId, sub: SSO_BRIDGE_APP.clientId, jti: randomUUID(), nbf: now, exp: now + 600, ...claims };
    const input = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}`;
    const signature = sign("sha256", Buffer.from(input), {
      key: key.privateKeyPem,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    });
    const res = await world.fetch(tokenEndpoint, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: SSO_BRIDGE_APP.clientId,
        client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        client_assertion: `${input}.${signature.toString("base64url")}`,
        scope: GRAPH_SCOPE,
      }).toString(),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    world = await startGraphTestWorld();
    registered = await selfSignedClientCertificate();
    registerAppCertificate(world.directory, registered.certificatePem);
    tokenEndpoint = `${world.cloud.issuer.authorityHost}/${world.cloud.issuer.tenantId}/oauth2/v2.0/token`;
  });

  afterEach(() => {
    clearAppCertificates(world.directory);
    registerAppCertificate(world.directory, registered.certificatePem);
    sentForms.length = 0;
  });

  afterAll(async () => {
    await world?.close();
  });

  it("issues an app-only Graph token for an assertion signed with a registered certificate", async () => {
    const result = await msal(registered).acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    const claims = decode(result?.accessToken.split(".")[1]);
    expect(claims).toMatchObject({ aud: "https://graph.microsoft.com", appid: SSO_BRIDGE_APP.clientId, appidacr: "2", tid: world.cloud.issuer.tenantId });
    expect(claims.roles).toEqual(expect.arrayContaining(["Application.ReadWrite.All", "User.Read.All"]));

    // What MSAL sends for clientCertificate with a SHA-256 thumbprint.
    const form = sentForms.at(-1);
    expect(form?.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    expect(form?.get("client_secret")).toBeNull();
    const [h, p] = (form?.get("client_assertion") ?? "").split(".");
    const thumbprint = createHash("sha256").update(new X509Certificate(registered.certificatePem).raw).digest("base64url");
    expect(decode(h)).toEqual({
      alg: "PS256",
      typ: "JWT",
      "x5t#S256": thumbprint,
      x5c: [new X509Certificate(registered.certificatePem).raw.toString("base64")],
    });
    const sent = decode(p);
    expect(sent).toMatchObject({ iss: SSO_BRIDGE_APP.clientId, sub: SSO_BRIDGE_APP.clientId, aud: expect.stringMatching(/\/token$/) });
    expect((sent.exp as number) - (sent.nbf as number)).toBe(600);
    expect(sent.jti).toEqual(expect.any(String));
  });

  it("refuses a certificate not registered on the app with AADSTS700027", async () => {
    const failure = await refusal(await selfSignedClientCertificate());
    expect(failure?.errorCode).toBe("invalid_client");
    expect(failure?.errorMessage).toMatch(
      /^Error\(s\): 700027 - .*AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application\. \[Reason - The key was not found\./s,
    );
  });

  it("refuses a registered certificate that has expired", async () => {
    const expired = await selfSignedClientCertificate({ notBefore: new Date(Date.now() - 400 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) });
    registerAppCertificate(world.directory, expired.certificatePem);
    const failure = await refusal(expired);
    expect(failure?.errorCode).toBe("invalid_client");
    expect(failure?.errorMessage).toMatch(/AADSTS700027: Client assertion contains an invalid signature\. \[Reason - The key used is expired\./);
  });

  it("refuses an assertion signed by a key other than the certificate's", async () => {
    const res = await postAssertion(registered, await selfSignedClientCertificate());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: "invalid_client", error_codes: [700027] });
    expect(res.body.error_description).toMatch(/^AADSTS700027: .*did not match the expected signature value/);
  });

  it("refuses an assertion for another audience, issuer or time", async () => {
    const elsewhere = await postAssertion(registered, registered, { aud: "https://login.microsoftonline.com/common/oauth2/v2.0/token" });
    expect(elsewhere.body).toMatchObject({ error: "invalid_client", error_codes: [700023] });
    const otherApp = await postAssertion(registered, registered, { iss: "00000000-0000-4000-8000-000000000001" });
    expect(otherApp.body).toMatchObject({ error: "invalid_client", error_codes: [700021] });
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const expired = await postAssertion(registered, registered, { nbf: stale - 600, exp: stale });
    expect(expired.body).toMatchObject({ error: "invalid_client", error_codes: [700024] });
    expect(String(expired.body.error_description)).toMatch(/^AADSTS700024: Client assertion is not within its valid time range/);
    expect((await postAssertion(registered, registered, { aud: `${world.cloud.issuer.authorityHost}/contoso.example/oauth2/token` })).status).toBe(200);
  });

  it("lists registered certificates by thumbprint, the public part only", () => {
    const thumbprint = new X509Certificate(registered.certificatePem).fingerprint.replace(/:/g, "");
    expect(listAppCertificates(world.directory)).toEqual([expect.objectContaining({ thumbprint, displayName: "CN=SSO Bridge" })]);
    const stored = world.directory.appCertificates.get(SSO_BRIDGE_APP.clientId) ?? [];
    expect(stored[0]).toMatchObject({ type: "AsymmetricX509Cert", usage: "Verify", customKeyIdentifier: Buffer.from(thumbprint, "hex").toString("base64") });
    expect(JSON.stringify(stored)).not.toContain("PRIVATE KEY");
  });
});
