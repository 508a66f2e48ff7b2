import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import { readFederationConfig } from "@/lib/federation/federation-config";
import { runFederationCheck } from "@/lib/setup/federation-check";
import { federationStatus } from "@/lib/setup/federation-status";
import { checkSignInLogs, inspectCapturedResponse } from "@/lib/setup/sign-in-proof";
import { addTokenSigningCertificate } from "@/simulators/entra/graph/signing-certificate";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { completeFederation } from "../support/complete-federation";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// Proving the federation with what a real sign-in leaves behind: the SAMLResponse a browser posts
// to AWS, checked as AWS checks it, and Entra's sign-in logs. The response comes from the simulated
// access portal and Entra's SAML endpoint, hop by hop as a browser would follow them.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-proof" } };
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud();
  await completeFederation(aws.cloud, by);
  await runFederationCheck(by);
});

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

const person = () => [...entra.directory.users.values()].find((u) => u.accountEnabled && u.userType === "Member")!;

describe("proving the federation", () => {
  it("says a response for someone Entra has not provisioned would be refused, and how to fix it", async () => {
    assignToApp(person().id);
    const report = await inspectCapturedResponse(await capturedResponse(person().userPrincipalName), by);
    expect(report.proven).toBe(false);
    expect(report.checks.filter((c) => c.passed).map((c) => c.id)).toEqual([
      "readable",
      "status",
      "signature",
      "issuer",
      "audience",
      "recipient",
      "time",
      "name-id",
    ]);
    expect(report.firstFailure).toMatchObject({
      id: "user",
      detail: `Nobody with the user name ${person().userPrincipalName} is in AWS's identity store, so AWS cannot sign them in.`,
      fix: { href: "/provisioning" },
    });
    expect((await federationStatus()).state).toBe("unverified");
  });

  it("proves the federation with a response that passes every check, and audits it", async () => {
    aws.cloud.world.identityStore.createUser({ UserName: person().userPrincipalName, DisplayName: person().displayName });
    const report = await inspectCapturedResponse(await capturedResponse(person().userPrincipalName), by);
    expect(report).toMatchObject({ proven: true, firstFailure: null });
    const status = await federationStatus();
    expect(status).toMatchObject({
      state: "configured",
      firstProblem: null,
      proof: { evidence: { kind: "saml-response", subject: person().userPrincipalName } },
    });
    const event = await database.client.auditEvent.findFirst({ where: { action: "setup.sign-in.prove" } });
    expect(event).toMatchObject({ outcome: "success", actorId: "person-olivia" });
  });

  it("reads the URL-encoded form value as well as the plain one", async () => {
    const encoded = encodeURIComponent(await capturedResponse(person().userPrincipalName));
    expect((await inspectCapturedResponse(`SAMLResponse=${encoded}`, by)).proven).toBe(true);
  });

  it("names the certificate Entra signed with when AWS was given another, and points at the metadata", async () => {
    const sp = [...entra.directory.servicePrincipals.values()].find((s) => s.preferredSingleSignOnMode === "saml")!;
    const previous = sp.preferredTokenSigningKeyThumbprint;
    const made = (await addTokenSigningCertificate(entra.directory, sp, { displayName: "CN=AWS IAM Identity Center SSO" }, Date.now())) as {
      thumbprint: string;
    };
    sp.preferredTokenSigningKeyThumbprint = made.thumbprint;
    try {
      const report = await inspectCapturedResponse(await capturedResponse(person().userPrincipalName), by);
      const given = (await readFederationConfig()).federationMetadata!.certificate.thumbprint;
      expect(report.firstFailure).toMatchObject({
        id: "signature",
        detail: `Entra signed this response with certificate ${made.thumbprint}, but AWS was given ${given}, so AWS refuses it. The application's signing certificate changed after its metadata was uploaded to AWS.`,
        fix: { href: "/setup#federation-metadata" },
      });
      expect(report.checks.map((c) => c.id)).toEqual(["readable", "status", "signature"]);
    } finally {
      sp.preferredTokenSigningKeyThumbprint = previous;
    }
  });

  it("refuses a tampered response and hostile or foreign input in plain words", async () => {
    const xml = Buffer.from(await capturedResponse(person().userPrincipalName), "base64").toString("utf8");
    const forged = Buffer.from(xml.replace(/>[^<>]+<\/NameID>/, ">someone.else@contoso.example</NameID>")).toString("base64");
    expect((await inspectCapturedResponse(forged, by)).firstFailure).toMatchObject({
      id: "signature",
      detail: expect.stringMatching(/changed after it was signed/),
    });

    const hostile = Buffer.from(
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "y">]><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
    ).toString("base64");
    expect((await inspectCapturedResponse(hostile, by)).firstFailure).toMatchObject({ id: "readable", detail: expect.stringMatching(/refused for safety/) });
    expect((await inspectCapturedResponse("hello, this is not base64!", by)).firstFailure).toMatchObject({
      id: "readable",
      detail: expect.stringMatching(/not a SAMLResponse/),
    });
  });

  it("finds the sign-in in Entra's logs, and says so plainly when the tenant lacks the licence for them", async () => {
    const result = await checkSignInLogs(by);
    expect(result.proven).toMatchObject({ userPrincipalName: person().userPrincipalName, errorCode: 0 });

    entra.directory.premium = false;
    try {
      const error = await checkSignInLogs(by).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).message).toMatch(/need Microsoft Entra ID P1 or P2/);
    } finally {
      entra.directory.premium = true;
    }
  });
});

function assignToApp(principalId: string): void {
  const sp = [...entra.directory.servicePrincipals.values()].find((s) => s.preferredSingleSignOnMode === "saml")!;
  const id = crypto.randomUUID();
  entra.directory.appRoleAssignments.set(
    id,
    entra.directory.touch({
      id,
      appRoleId: sp.appRoles[0]?.id ?? "00000000-0000-0000-0000-000000000000",
      principalId,
      principalType: "User",
      principalDisplayName: "",
      resourceId: sp.id,
      resourceDisplayName: sp.displayName,
      createdDateTime: new Date().toISOString(),
      version: 0,
    }),
  );
}

/** Signs a person in from the access portal to the point where the browser would post the SAMLResponse to AWS, and captures it. */
async function capturedResponse(userPrincipalName: string): Promise<string> {
  const start = await fetch(`${new URL(aws.cloud.apiEndpoint).origin}/start`, { redirect: "manual" });
  const login = start.headers.get("location")!;
  const page = await fetch(login).then((r) => r.text());
  const hidden = (html: string) =>
    Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, "&")]));
  const answer = await fetch(login, { method: "POST", body: new URLSearchParams({ ...hidden(page), username: userPrincipalName }) }).then((r) => r.text());
  const response = hidden(answer).SAMLResponse;
  if (!response) throw new Error(`Entra did not answer with a SAMLResponse: ${answer.slice(0, 400)}`);
  return response;
}
