import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { saveAwsConnection, testAwsConnection } from "@/lib/connections/aws-connection";
import { saveEntraConnection, testEntraConnection } from "@/lib/connections/entra-connection";
import { AWS_GALLERY_TEMPLATE_ID } from "@/lib/entra/aws-gallery-app";
import { AppError } from "@/lib/errors";
import { federationMetadataXml, isConfigured } from "@/lib/federation/configured-parts";
import { runFederationCheck } from "@/lib/setup/federation-check";
import { federationStatus } from "@/lib/setup/federation-status";
import { uploadAwsSpMetadata } from "@/lib/setup/steps/aws-sp-metadata";
import { createOrAdoptEnterpriseApp } from "@/lib/setup/steps/enterprise-app";
import { fetchFederationMetadataStep } from "@/lib/setup/steps/federation-metadata";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import { confirmIdentitySourceChange } from "@/lib/setup/steps/identity-source";
import { configureSingleSignOn } from "@/lib/setup/steps/saml-sso";
import { readWizard } from "@/lib/setup/wizard";
import { spMetadata } from "@/simulators/aws/console/sp-metadata";
import { createAwsWorld } from "@/simulators/aws/world";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { FaultInjector } from "@/simulators/faults";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { useFreshDatabase } from "../support/databases";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// Every federation step through lib/ against the simulated clouds, on the real database: what
// each step stores, what it audits, that reruns create nothing new, and how bad input and
// cloud failures leave the saved state alone.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-federation" } };
const entraFaults = new FaultInjector();
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: "not-the-graph-secret" });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ faults: entraFaults });
});

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

const file = (name: string, text: string) => new File([text], name, { type: "text/xml" });
const stepStatus = async (id: string) => (await readWizard()).steps.find((s) => s.id === id);
const awsApps = () => [...entra.directory.servicePrincipals.values()].filter((sp) => sp.applicationTemplateId === AWS_GALLERY_TEMPLATE_ID);
const federationCurrent = async () => (await readWizard()).steps.find((s) => s.section === "federation" && s.status !== "done")?.id ?? null;
const lastEvent = () => database.client.auditEvent.findFirst({ orderBy: { seq: "desc" } });

async function expectAppError(promise: Promise<unknown>, code: AppError["code"], message: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe(code);
  expect((error as AppError).message).toMatch(message);
}

describe("federation setup against the simulated clouds", () => {
  it("connects to both clouds, keeping the Entra secret encrypted and out of the audit log", async () => {
    await saveAwsConnection({ region: aws.cloud.world.region }, by);
    const awsTest = await testAwsConnection(by);
    expect(awsTest).toMatchObject({ ok: true, result: { instances: [{ instanceArn: aws.cloud.world.instance.InstanceArn }] } });

    await saveEntraConnection(
      {
        authentication: "client-secret",
        cloud: "global",
        tenantId: CONTOSO.tenantId,
        clientId: SSO_BRIDGE_APP.clientId,
        clientSecret: SSO_BRIDGE_APP.clientSecret,
      },
      by,
    );
    const saved = await lastEvent();
    expect(saved?.action).toBe("connection.entra.update");
    expect(saved?.details).not.toContain(SSO_BRIDGE_APP.clientSecret);
    const stored = await database.client.secret.findUnique({ where: { purpose: "entra.client-secret" } });
    expect(stored?.ciphertext).not.toContain(SSO_BRIDGE_APP.clientSecret);

    const entraTest = await testEntraConnection(by);
    expect(entraTest).toMatchObject({ ok: true, result: { missing: [] } });
  });

  it("names the missing Graph permission and the steps that need it", async () => {
    const { grantAppPermissions, SSO_BRIDGE_PERMISSIONS } = await import("@/simulators/entra/seed");
    grantAppPermissions(entra.directory, SSO_BRIDGE_APP.clientId, SSO_BRIDGE_PERMISSIONS, { withhold: ["Application.ReadWrite.All"] });
    try {
      const test = await testEntraConnection(by);
      expect(test.ok && test.result.missing.map((m) => m.permission)).toEqual(["Application.ReadWrite.All"]);
      expect(test.ok && test.result.missing[0]?.neededFor.join(" ")).toMatch(/Enterprise application/);
    } finally {
      grantAppPermissions(entra.directory, SSO_BRIDGE_APP.clientId, SSO_BRIDGE_PERMISSIONS);
    }
    // As an admin would after granting consent: the test fetches a token with the new grant.
    expect(await testEntraConnection(by)).toMatchObject({ ok: true, result: { missing: [] } });
  });

  it("walks every step to a configured federation, auditing each", async () => {
    const instance = await chooseIdentityCenterInstance(null, by);
    expect(instance).toMatchObject({ instanceArn: aws.cloud.world.instance.InstanceArn, identityStoreId: aws.cloud.world.instance.IdentityStoreId });

    const metadata = await spMetadata(aws.cloud.world);
    const sp = await uploadAwsSpMetadata(file(metadata.fileName, metadata.xml), by);
    expect(sp.entityId).toBe(`https://${aws.cloud.world.region}.signin.aws.amazon.com/platform/saml/${aws.cloud.world.instance.IdentityStoreId}`);

    const app = await createOrAdoptEnterpriseApp({ mode: "create", displayName: "AWS IAM Identity Center" }, by);
    expect(app.adopted).toBe(false);
    const sso = await configureSingleSignOn(by);
    expect(sso.certificate.created).toBe(true);
    await expectAppError(federationMetadataXml(), "Conflict", /Finish the step “Entra federation metadata” first/);
    const federation = await fetchFederationMetadataStep(by);
    expect(federation.certificate.thumbprint).toBe(sso.certificate.thumbprint);
    expect(await federationMetadataXml()).toBe(federation.xml);
    await confirmIdentitySourceChange(by);

    expect((await federationStatus()).state).toBe("degraded");
    expect((await runFederationCheck(by)).findings).toEqual([]);
    const status = await federationStatus();
    // A person's word that AWS changed its identity source is not proof that anyone can sign in.
    expect(status).toMatchObject({
      state: "unverified",
      stepsDone: 6,
      firstProblem: { message: "Confirmed by Olivia Operator, not proven by a sign-in: run a test sign-in.", href: "/setup#sign-in-test" },
      proof: { confirmedBy: "Olivia Operator", evidence: null },
    });
    expect(status.certificate?.daysLeft).toBeGreaterThan(1000);

    const actions = (await database.client.auditEvent.findMany({ where: { action: { startsWith: "setup." } }, orderBy: { seq: "asc" } })).map(
      (e) => `${e.action}:${e.outcome}`,
    );
    expect(actions).toEqual([
      "setup.instance.choose:success",
      "setup.aws-metadata.upload:success",
      "setup.enterprise-app.create:success",
      "setup.saml-sso.configure:success",
      "setup.federation-metadata.fetch:success",
      "setup.identity-source.confirm:success",
      "setup.federation.check:success",
    ]);
  });

  it("reruns automated steps without creating anything new", async () => {
    const before = awsApps().length;
    const app = await createOrAdoptEnterpriseApp({ mode: "create", displayName: "AWS IAM Identity Center" }, by);
    const sso = await configureSingleSignOn(by);
    expect(awsApps()).toHaveLength(before);
    expect(sso.changed).toEqual([]);
    expect(sso.certificate.created).toBe(false);
    expect(app.servicePrincipalId).toBe(awsApps()[0]?.id);
    expect(await federationCurrent()).toBeNull();
  });

  it("warns from 60 days before the signing certificate expires, and calls it broken after", async () => {
    const certificate = (await stepStatus("federation-metadata"))?.data?.certificate as { notAfter: string };
    const notAfter = new Date(certificate.notAfter).getTime();
    const day = 86_400_000;
    expect((await federationStatus(new Date(notAfter - 61 * day))).state).toBe("unverified");
    expect(await federationStatus(new Date(notAfter - 30 * day - 1000))).toMatchObject({
      state: "degraded",
      certificate: { daysLeft: 30 },
      firstProblem: { message: "The signing certificate expires in 30 days.", href: "/setup#saml-sso" },
    });
    expect(await federationStatus(new Date(notAfter + day))).toMatchObject({ state: "broken", firstProblem: { message: expect.stringMatching(/expired on/) } });
  });

  it("refuses metadata of another region, another instance, and hostile XML, keeping the accepted file", async () => {
    const accepted = (await stepStatus("aws-sp-metadata"))?.data?.entityId;
    const otherRegion = await spMetadata(createAwsWorld({ region: "us-east-1" }));
    await expectAppError(uploadAwsSpMetadata(file("other.xml", otherRegion.xml), by), "InvalidInput", /region us-east-1.*eu-west-1/);
    const otherInstance = await spMetadata(createAwsWorld({ region: aws.cloud.world.region }));
    await expectAppError(
      uploadAwsSpMetadata(file("other.xml", otherInstance.xml), by),
      "InvalidInput",
      /identity store d-[0-9a-f]{10}, not to your instance's/,
    );
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">&lol2;</md:EntityDescriptor>`;
    await expectAppError(uploadAwsSpMetadata(file("bomb.xml", bomb), by), "InvalidInput", /DTD|DOCTYPE/i);

    const step = await stepStatus("aws-sp-metadata");
    expect(step).toMatchObject({ status: "done", data: { entityId: accepted } });
    expect(step?.problem).toMatch(/^The last attempt failed/);
    expect(await lastEvent()).toMatchObject({ action: "setup.aws-metadata.upload", outcome: "failure", actorLabel: "Olivia Operator" });
    expect(await federationCurrent()).toBeNull();
  });

  it("explains Graph throttling that outlasts the retries, and keeps the step's result", async () => {
    entraFaults.set([{ route: "graph:*", throttleRate: 1, retryAfterSeconds: 1 }]);
    try {
      await expectAppError(configureSingleSignOn(by), "Throttled", /throttl|try again/i);
    } finally {
      entraFaults.set([]);
    }
    expect(await stepStatus("saml-sso")).toMatchObject({ status: "done" });
    expect(await lastEvent()).toMatchObject({ action: "setup.saml-sso.configure", outcome: "failure" });
  });

  it("explains an AWS outage without losing the chosen instance", async () => {
    aws.faults.set([{ route: "sso-admin:*", dropRate: 1 }]);
    try {
      await expectAppError(chooseIdentityCenterInstance(null, by), "Unavailable", /./);
    } finally {
      aws.faults.set([]);
    }
    expect(await stepStatus("identity-center-instance")).toMatchObject({ status: "done", data: { instanceArn: aws.cloud.world.instance.InstanceArn } });
  });

  it("lets one person run a step at a time, so two clicks never create two apps", async () => {
    const before = awsApps().length;
    await database.client.setupStep.update({ where: { id: "enterprise-app" }, data: { status: "not-started" } });
    const [first, second] = await Promise.allSettled([
      createOrAdoptEnterpriseApp({ mode: "create", displayName: "AWS IAM Identity Center" }, by),
      createOrAdoptEnterpriseApp(
        { mode: "create", displayName: "AWS IAM Identity Center" },
        { ...by, actor: { ...by.actor, id: "person-oscar", label: "Oscar Operator" } },
      ),
    ]);
    expect(first.status).toBe("fulfilled");
    expect(second.status === "rejected" && second.reason).toMatchObject({
      code: "Conflict",
      message: expect.stringMatching(/Olivia Operator is running “Enterprise application” right now/),
    });
    expect(awsApps()).toHaveLength(before);
    expect(await stepStatus("enterprise-app")).toMatchObject({ status: "done" });
  });

  it("shows a run cut short by a server stop as interrupted, and runs it again", async () => {
    await database.client.setupStep.update({
      where: { id: "federation-metadata" },
      data: { runningSince: new Date(Date.now() - 11 * 60_000), runningByLabel: "Olivia Operator" },
    });
    expect(await stepStatus("federation-metadata")).toMatchObject({ status: "done", problem: expect.stringMatching(/interrupted/) });
    await fetchFederationMetadataStep(by);
    expect(await stepStatus("federation-metadata")).toMatchObject({ status: "done", problem: null });
  });

  it("sends later steps back when an earlier result changes, and keeps them when it does not", async () => {
    const metadata = await spMetadata(aws.cloud.world);
    await uploadAwsSpMetadata(file(metadata.fileName, metadata.xml), by);
    expect(await federationCurrent()).toBeNull();

    const moved = metadata.xml.replace(/platform\/saml\/acs\/[0-9a-f-]{36}/, "platform/saml/acs/00000000-1111-4222-8333-444444444444");
    await uploadAwsSpMetadata(file("moved.xml", moved), by);
    const wizard = await readWizard();
    expect(await federationCurrent()).toBe("enterprise-app");
    expect(wizard.byId["saml-sso"]).toMatchObject({ status: "not-started", problem: "Run this step again: “AWS SAML metadata” changed." });
    expect(JSON.parse((await lastEvent())!.details)).toMatchObject({
      stepsToRunAgain: ["Enterprise application", "SAML single sign-on", "Entra federation metadata", "Identity source change in AWS"],
    });
    // What those steps configured is no longer offered, e.g. the metadata AWS was to be given.
    await expectAppError(federationMetadataXml(), "Conflict", /Finish the step “Entra federation metadata” first/);
    expect((await federationStatus()).certificate).toBeNull();

    await uploadAwsSpMetadata(file(metadata.fileName, metadata.xml), by);
    await createOrAdoptEnterpriseApp({ mode: "create", displayName: "AWS IAM Identity Center" }, by);
    // Entra never saw the moved reply URL, so there is nothing to change there.
    expect((await configureSingleSignOn(by)).changed).toEqual([]);
    await fetchFederationMetadataStep(by);
    await confirmIdentitySourceChange(by);
    expect(await federationCurrent()).toBeNull();
  });

  it("turns the federation broken when the app is deleted in Entra behind SSO Bridge's back", async () => {
    const sp = awsApps()[0]!;
    entra.directory.servicePrincipals.delete(sp.id);
    for (const [id, app] of entra.directory.applications) if (app.appId === sp.appId) entra.directory.applications.delete(id);

    const check = await runFederationCheck(null);
    expect(check.findings).toContainEqual(
      expect.objectContaining({ severity: "error", step: "enterprise-app", message: expect.stringMatching(/no longer exists in Entra/) }),
    );
    const status = await federationStatus();
    expect(status).toMatchObject({ state: "broken", firstProblem: { href: "/setup#enterprise-app" } });
    expect(await lastEvent()).toMatchObject({ action: "setup.federation.check", actorType: "system" });

    await expectAppError(configureSingleSignOn(by), "NotFound", /no longer exists in Entra/);
    expect(await stepStatus("saml-sso")).toMatchObject({ status: "done" });
  });

  it("asks for the affected steps again when a connection changes where they point", async () => {
    await saveEntraConnection({ authentication: "client-secret", cloud: "global", tenantId: CONTOSO.tenantId, clientId: SSO_BRIDGE_APP.clientId }, by);
    expect(await federationCurrent()).toBeNull();
    await saveEntraConnection({ authentication: "client-secret", cloud: "usgov", tenantId: CONTOSO.tenantId, clientId: SSO_BRIDGE_APP.clientId }, by);
    expect((await readWizard()).byId["enterprise-app"]).toMatchObject({ status: "not-started", problem: "Run this step again: the Entra connection changed." });

    await saveAwsConnection({ region: "us-east-2" }, by);
    expect(await federationCurrent()).toBe("identity-center-instance");
    expect(await isConfigured("instance")).toBe(false);
    expect(JSON.parse((await lastEvent())!.details)).toMatchObject({
      before: { region: "eu-west-1" },
      after: { region: "us-east-2" },
      stepsToRunAgain: ["IAM Identity Center instance", "AWS SAML metadata"],
    });
  });

  it("will not reuse a stored secret for another app registration", async () => {
    const error = await saveEntraConnection(
      { authentication: "client-secret", cloud: "usgov", tenantId: CONTOSO.tenantId, clientId: "00000000-0000-4000-8000-000000000001" },
      by,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "InvalidInput", fieldErrors: { clientSecret: "Required" } });
  });
});
