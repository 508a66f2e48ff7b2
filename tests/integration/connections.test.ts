import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";
import { beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { awsConnectionInput, readAwsConnection, saveAwsConnection } from "@/lib/connections/aws-connection";
import { entraConnection, readEntraConnection, saveEntraConnection } from "@/lib/connections/entra-connection";
import { AppError } from "@/lib/errors";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { useFreshDatabase } from "../support/databases";

// Saving the cloud connections: what is accepted, what is refused and why, and that credentials
// are stored only encrypted and come back only to lib/.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-ada", label: "Ada Admin" }, context: { requestId: "req-connections" } };
const DAY = 86_400_000;
const alg = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256", publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };

type Pair = { certificatePem: string; privateKeyPem: string };

async function certificatePair(notAfter = new Date(Date.now() + 365 * DAY)): Promise<Pair> {
  x509.cryptoProvider.set(webcrypto as unknown as Crypto);
  const keys = await webcrypto.subtle.generateKey(alg, true, ["sign", "verify"]);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: "03",
    name: "CN=SSO Bridge",
    notBefore: new Date(Date.now() - 2 * DAY),
    notAfter,
    keys,
    signingAlgorithm: alg,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  return {
    certificatePem: cert.toString("pem"),
    privateKeyPem: `-----BEGIN PRIVATE KEY-----\n${pkcs8.replace(/(.{64})/g, "$1\n")}\n-----END PRIVATE KEY-----\n`,
  };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const certificateInput = (pair: Partial<Pair>) => ({
  authentication: "certificate" as const,
  cloud: "global" as const,
  tenantId: CONTOSO.tenantId,
  clientId: SSO_BRIDGE_APP.clientId,
  ...pair,
});

beforeAll(() => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: "sign-in-secret-value" });
});

describe("AWS connection", () => {
  it("offers the environment's region until saved, then keeps region and role", async () => {
    process.env.AWS_REGION = "ap-southeast-2";
    expect(await readAwsConnection()).toMatchObject({ saved: false, settings: { region: "ap-southeast-2", roleArn: null } });
    await saveAwsConnection({ region: " EU-WEST-1 ", roleArn: "arn:aws:iam::111122223333:role/SSOBridge" }, by);
    expect(await readAwsConnection()).toMatchObject({
      saved: true,
      settings: { region: "eu-west-1", roleArn: "arn:aws:iam::111122223333:role/SSOBridge" },
      lastTest: null,
    });
    const event = await database.client.auditEvent.findFirst({ where: { action: "connection.aws.update" } });
    expect(JSON.parse(event!.details)).toMatchObject({ before: null, after: { region: "eu-west-1" } });
  });

  it("refuses what is not a region or a role ARN, saying what is expected", () => {
    const parsed = awsConnectionInput.safeParse({ region: "Ireland", roleArn: "SSOBridge" });
    expect(parsed.success).toBe(false);
    const messages = Object.fromEntries((parsed.error?.issues ?? []).map((i) => [String(i.path[0]), i.message]));
    expect(messages.region).toMatch(/region code such as eu-west-1/);
    expect(messages.roleArn).toMatch(/arn:aws:iam::111122223333:role/);
  });
});

describe("Entra connection", () => {
  it("uses the sign-in app's credentials from the environment, storing no secret", async () => {
    expect((await readEntraConnection()).saved).toBe(false);
    await expect(entraConnection()).rejects.toThrow(/Connect SSO Bridge to Microsoft Entra first/);
    await saveEntraConnection({ authentication: "sign-in-app", cloud: "global" }, by);
    expect(await entraConnection()).toMatchObject({
      tenantId: CONTOSO.tenantId,
      clientId: SSO_BRIDGE_APP.clientId,
      credential: { kind: "secret", secret: "sign-in-secret-value" },
    });
    expect(await database.client.secret.count()).toBe(0);
  });

  it("asks for the secret when another app registration has none stored yet", async () => {
    const error = await refusal(
      saveEntraConnection({ authentication: "client-secret", cloud: "usgov", tenantId: CONTOSO.tenantId, clientId: SSO_BRIDGE_APP.clientId }, by),
    );
    expect(error.fieldErrors).toEqual({ clientSecret: "Required" });
    expect((await readEntraConnection()).settings.authentication).toBe("sign-in-app");
  });

  it("refuses a certificate without its key, a key of another certificate, an expired one, and text that is not PEM", async () => {
    const pair = await certificatePair();
    const other = await certificatePair();
    expect((await refusal(saveEntraConnection(certificateInput({ certificatePem: pair.certificatePem }), by))).fieldErrors).toEqual({
      privateKeyPem: "Required",
    });
    expect((await refusal(saveEntraConnection(certificateInput({ ...pair, privateKeyPem: other.privateKeyPem }), by))).message).toMatch(
      /does not belong to the certificate/,
    );
    expect((await refusal(saveEntraConnection(certificateInput(await certificatePair(new Date(Date.now() - DAY))), by))).message).toMatch(/expired/);
    expect((await refusal(saveEntraConnection(certificateInput({ certificatePem: "MIIB…", privateKeyPem: pair.privateKeyPem }), by))).fieldErrors).toEqual({
      certificatePem: "Not a PEM certificate",
    });
    expect(await database.client.secret.count()).toBe(0);
  });

  it("stores a certificate and its key encrypted, shows only a fingerprint, and keeps them when saved again empty", async () => {
    const pair = await certificatePair();
    await saveEntraConnection(certificateInput(pair), by);
    const row = await database.client.secret.findUniqueOrThrow({ where: { purpose: "entra.client-certificate" } });
    expect(row.ciphertext).not.toContain("PRIVATE KEY");
    const view = await readEntraConnection();
    expect(view.secret?.fingerprint).toBe(row.fingerprint);
    expect(JSON.stringify(view)).not.toContain("PRIVATE KEY");
    const event = await database.client.auditEvent.findFirst({ where: { action: "connection.entra.update" }, orderBy: { seq: "desc" } });
    expect(event!.details).not.toContain("PRIVATE KEY");
    expect(JSON.parse(event!.details)).toMatchObject({ replaced: ["entra.client-certificate"] });

    await saveEntraConnection(certificateInput({}), by);
    expect(await entraConnection()).toMatchObject({
      credential: { kind: "certificate", certificatePem: pair.certificatePem.trim(), privateKeyPem: pair.privateKeyPem.trim() },
    });
  });
});
