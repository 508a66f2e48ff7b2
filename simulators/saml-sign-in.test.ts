import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { spMetadata } from "./aws/console/sp-metadata";
import type { EntraDirectory, GraphUser, ServicePrincipal } from "./entra/directory";
import { EntraDirectory as Directory } from "./entra/directory";
import { addTokenSigningCertificate } from "./entra/graph/signing-certificate";
import { trustingFetch } from "./entra/graph/trusted-https";
import { assign } from "./entra/synchronization/sync-test-fixtures";
import { startSimulators, type RunningSimulators } from "./start-simulators";

// The SAML sign-in a person makes through the simulated clouds, followed hop by hop the way a
// browser follows it: the access portal's AuthnRequest to Entra, Entra's sign-in, the signed
// response posted to AWS's assertion consumer service, and what each side records.

let sims: RunningSimulators;
let dir: string;
let sp: ServicePrincipal;
let person: GraphUser;
let uploadedThumbprint: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-saml-"));
  sims = await startSimulators({ dataDir: dir, appUrls: ["http://localhost:3999"], users: 12, groups: 3, cycleSeconds: 60 });
  const { directory, aws } = sims;
  const metadata = await spMetadata(aws.world);
  sp = samlApplication(directory, { identifier: spEntityIdOf(metadata.xml), replyUrl: metadata.acsUrl });
  await addTokenSigningCertificate(directory, sp, { displayName: "CN=AWS IAM Identity Center SSO" }, Date.now());
  uploadedThumbprint = [...directory.signingKeys.values()].find((k) => k.servicePrincipalId === sp.id)!.thumbprint;
  sp.preferredTokenSigningKeyThumbprint = uploadedThumbprint;
  person = [...directory.users.values()].find((u) => u.accountEnabled && u.userType === "Member")!;
  assign(directory, sp, person);
  aws.world.identityStore.createUser({ UserName: person.userPrincipalName, DisplayName: person.displayName });
  await uploadIdpMetadata(await federationMetadata(sp.appId));
});
afterAll(async () => {
  await sims?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  // Entra signs with the certificate AWS was given unless a test rolls it over.
  sp.preferredTokenSigningKeyThumbprint = uploadedThumbprint;
});

describe("SP-initiated SAML sign-in through the simulated clouds", () => {
  it("signs a provisioned, assigned person in to the access portal, and both sides record it", async () => {
    const result = await signIn(person.userPrincipalName);
    expect(result.status).toBe(200);
    expect(result.page).toContain(`Signed in as <strong>${person.displayName}</strong>`);
    expect(sims.aws.world.portalSignIns.at(-1)).toMatchObject({ outcome: "Success", userName: person.userPrincipalName, errorMessage: null });
    expect(sims.directory.signIns.at(-1)).toMatchObject({ appId: sp.appId, userId: person.id, status: { errorCode: 0 } });
  });

  it("refuses a response signed with a certificate AWS was not given, and says why where CloudTrail would", async () => {
    // The certificate rolls over in Entra, and nobody uploads the new metadata to AWS.
    await addTokenSigningCertificate(sims.directory, sp, { displayName: "CN=AWS IAM Identity Center SSO" }, Date.now());
    const newest = [...sims.directory.signingKeys.values()].filter((k) => k.servicePrincipalId === sp.id).at(-1)!;
    sp.preferredTokenSigningKeyThumbprint = newest.thumbprint;
    const result = await signIn(person.userPrincipalName);
    expect(result.status).toBe(400);
    expect(result.page).toContain("We couldn't complete your request right now.");
    expect(sims.aws.world.portalSignIns.at(-1)?.errorMessage).toMatch(/not signed with the identity provider's certificate/);
    // Entra issued the response, so its own log calls the sign-in a success.
    expect(sims.directory.signIns.at(-1)?.status.errorCode).toBe(0);
    expect(result.samlResponse).toBeTruthy();
  });

  it("refuses a person who is not in the identity store, naming the user name", async () => {
    const stranger = [...sims.directory.users.values()].find(
      (u) => u.accountEnabled && u.id !== person.id && !sims.aws.world.identityStore.findUserByUserName(u.userPrincipalName),
    )!;
    assign(sims.directory, sp, stranger);
    const result = await signIn(stranger.userPrincipalName);
    expect(result.status).toBe(400);
    expect(sims.aws.world.portalSignIns.at(-1)).toMatchObject({ outcome: "Failure", userName: stranger.userPrincipalName });
  });

  it("stops in Entra with AADSTS50105 for a person not assigned to the application, logged as a failure", async () => {
    const unassigned = [...sims.directory.users.values()].find(
      (u) =>
        u.accountEnabled &&
        ![...sims.directory.appRoleAssignments.values()].some(
          (a) => a.principalId === u.id || sims.directory.groups.get(a.principalId)?.members.includes(u.id),
        ),
    )!;
    const before = sims.aws.world.portalSignIns.length;
    const result = await signIn(unassigned.userPrincipalName);
    expect(result.page).toContain("AADSTS50105");
    expect(sims.aws.world.portalSignIns).toHaveLength(before);
    expect(sims.directory.signIns.at(-1)).toMatchObject({ userId: unassigned.id, status: { errorCode: 50105 } });
  });

  it("does not accept the same response twice", async () => {
    const first = await signIn(person.userPrincipalName);
    expect(first.status).toBe(200);
    const replay = await post(first.acsUrl!, new URLSearchParams({ SAMLResponse: first.samlResponse! }));
    expect(replay.status).toBe(400);
    expect(sims.aws.world.portalSignIns.at(-1)?.errorMessage).toMatch(/did not send or already answered/);
  });

  it("refuses a tampered response", async () => {
    const first = await signIn(person.userPrincipalName, { deliver: false });
    const xml = Buffer.from(first.samlResponse!, "base64").toString("utf8");
    const other = [...sims.directory.users.values()].find((u) => u.id !== person.id)!.userPrincipalName;
    const forged = Buffer.from(xml.replace(`>${person.userPrincipalName}</NameID>`, `>${other}</NameID>`)).toString("base64");
    const result = await post(first.acsUrl!, new URLSearchParams({ SAMLResponse: forged }));
    expect(result.status).toBe(400);
    expect(sims.aws.world.portalSignIns.at(-1)?.errorMessage).toMatch(/Signature validation failed/);
  });
});

describe("the sign-in logs on Graph", () => {
  it("are served newest first, filtered by application and time, and refused to a tenant without a premium licence", async () => {
    const since = new Date(Date.now() - 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    await signIn(person.userPrincipalName);
    const filter = `appId eq '${sp.appId}' and createdDateTime ge ${since}`;
    const page = await graph(`/auditLogs/signIns?$filter=${encodeURIComponent(filter)}`);
    expect(page.status).toBe(200);
    const body = (await page.json()) as { value: { userPrincipalName: string; appId: string; status: { errorCode: number } }[] };
    expect(body.value[0]).toMatchObject({ userPrincipalName: person.userPrincipalName, appId: sp.appId, status: { errorCode: 0 } });

    sims.directory.premium = false;
    try {
      const refused = await graph("/auditLogs/signIns");
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("Authentication_RequestFromNonPremiumTenantOrB2CTenant");
    } finally {
      sims.directory.premium = true;
    }
  });
});

type SignInResult = { status: number; page: string; samlResponse: string | null; acsUrl: string | null };

/** Follows the browser's path from the access portal to the ACS page; `deliver: false` stops before posting to AWS. */
async function signIn(userPrincipalName: string, opts: { deliver?: boolean } = {}): Promise<SignInResult> {
  const start = await fetch(`${sims.env.AWS_ACCESS_PORTAL_URL}`, { redirect: "manual" });
  expect(start.status).toBe(302);
  const login = new URL(start.headers.get("location")!);
  expect(login.origin).toBe(sims.entra.issuer.browserBase);
  const form = await fetch(login);
  const hidden = hiddenFields(await form.text());
  const answer = await post(login.toString(), new URLSearchParams({ ...hidden, username: userPrincipalName }));
  const action = /<form method="post" action="([^"]+)"/.exec(answer.page)?.[1];
  if (!action) return { ...answer, samlResponse: null, acsUrl: null };
  const samlResponse = hiddenFields(answer.page).SAMLResponse!;
  const acsUrl = action.replace(/&amp;/g, "&");
  if (opts.deliver === false) return { ...answer, samlResponse, acsUrl };
  const delivered = await post(acsUrl, new URLSearchParams({ SAMLResponse: samlResponse }));
  return { ...delivered, samlResponse, acsUrl };
}

async function post(url: string, body: URLSearchParams): Promise<{ status: number; page: string }> {
  const response = await fetch(url, { method: "POST", body, redirect: "manual" });
  return { status: response.status, page: await response.text() };
}

function hiddenFields(page: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) fields[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, "&");
  return fields;
}

function spEntityIdOf(xml: string): string {
  return /entityID="([^"]+)"/.exec(xml)![1]!;
}

function samlApplication(directory: EntraDirectory, opts: { identifier: string; replyUrl: string }): ServicePrincipal {
  const appId = Directory.newId();
  const created = new Date().toISOString();
  directory.applications.set(
    appId,
    directory.touch({
      id: Directory.newId(),
      appId,
      displayName: "AWS IAM Identity Center",
      identifierUris: [opts.identifier],
      web: { redirectUris: [opts.replyUrl], logoutUrl: null, homePageUrl: null },
      createdDateTime: created,
      version: 0,
    }),
  );
  const servicePrincipal: ServicePrincipal = directory.touch({
    id: Directory.newId(),
    appId,
    displayName: "AWS IAM Identity Center",
    applicationTemplateId: null,
    appRoleAssignmentRequired: true,
    preferredSingleSignOnMode: "saml",
    preferredTokenSigningKeyThumbprint: null,
    samlSingleSignOnSettings: null,
    loginUrl: null,
    appRoles: [],
    keyCredentials: [],
    tags: [],
    servicePrincipalType: "Application",
    version: 0,
  });
  directory.servicePrincipals.set(servicePrincipal.id, servicePrincipal);
  return servicePrincipal;
}

async function federationMetadata(appId: string): Promise<string> {
  const response = await fetch(`${sims.entra.issuer.browserBase}/${sims.directory.tenantId}/federationmetadata/2007-06/federationmetadata.xml?appid=${appId}`);
  expect(response.status).toBe(200);
  return response.text();
}

/** What an operator does in the console: upload the IdP's metadata and accept the change. */
async function uploadIdpMetadata(xml: string): Promise<void> {
  const form = new FormData();
  form.set("idpMetadata", new File([xml], "federationmetadata.xml", { type: "text/xml" }));
  form.set("accept", "ACCEPT");
  const response = await fetch(`${sims.env.AWS_CONSOLE_URL}/singlesignon/identity-source`, { method: "POST", body: form });
  expect(response.status).toBe(200);
}

async function graph(pathAndQuery: string): Promise<Response> {
  const tokenResponse = sims.entra.tokens.clientCredentials(
    sims.directory.tenantId,
    new URLSearchParams({
      grant_type: "client_credentials",
      client_id: sims.env.ENTRA_CLIENT_ID!,
      client_secret: sims.env.ENTRA_CLIENT_SECRET!,
      scope: "https://graph.microsoft.com/.default",
    }),
    {},
    sims.env.ENTRA_AUTHORITY_HOST!,
  );
  const token = (tokenResponse.body as { access_token: string }).access_token;
  return trustingFetch(sims.entra.caPem)(`${sims.entra.graph.graphBaseUrl}${pathAndQuery}`, { headers: { authorization: `Bearer ${token}` } });
}
