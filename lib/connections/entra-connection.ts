import { createPrivateKey, X509Certificate } from "node:crypto";
import { z } from "zod";
import type { ChangedBy } from "../audit/record-audit-event";
import { signInAppConfig } from "../config";
import { db } from "../db";
import { checkAppPermissions } from "../entra/app-permissions";
import type { EntraCredential, EntraConnection } from "../entra/entra-connection";
import { openGraph } from "../entra/graph-session";
import { NATIONAL_CLOUDS } from "../entra/national-clouds";
import { AppError, isAppError } from "../errors";
import { jsonColumn } from "../json-column";
import { runStepsAgainAfterEntraChange } from "../setup/connection-changes";
import { describeSecret, readSecret, storeSecret, type SecretView } from "../security/secret-store";
import { connectionColumns, readConnection, saveConnection, saveConnectionTest, type ConnectionTest } from "./connection-store";

// How SSO Bridge calls Microsoft Graph as an application. Either the app registration people sign
// in with (its credentials come from the environment) or a separate one whose secret or
// certificate an admin enters here and which is stored encrypted.

export const AUTHENTICATION_METHODS = ["sign-in-app", "client-secret", "certificate"] as const;
export type AuthenticationMethod = (typeof AUTHENTICATION_METHODS)[number];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECRET_PURPOSE = { "client-secret": "entra.client-secret", certificate: "entra.client-certificate" } as const;

export const entraConnectionSettings = z.object({
  tenantId: z.string().regex(GUID),
  clientId: z.string().regex(GUID),
  cloud: z.enum(NATIONAL_CLOUDS),
  authentication: z.enum(AUTHENTICATION_METHODS),
});
export type EntraConnectionSettings = z.infer<typeof entraConnectionSettings>;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const entraConnectionInput = z.object({
  authentication: z.enum(AUTHENTICATION_METHODS, "Choose how SSO Bridge signs in to Microsoft Graph"),
  cloud: z.enum(NATIONAL_CLOUDS, "Choose the Microsoft cloud your tenant lives in"),
  tenantId: z.preprocess(
    blankToUndefined,
    z.string().trim().regex(GUID, "Enter the directory (tenant) id, a GUID from the app registration's overview").optional(),
  ),
  clientId: z.preprocess(
    blankToUndefined,
    z.string().trim().regex(GUID, "Enter the application (client) id, a GUID from the app registration's overview").optional(),
  ),
  clientSecret: z.preprocess(blankToUndefined, z.string().trim().min(8, "That is too short for an Entra client secret").optional()),
  certificatePem: z.preprocess(blankToUndefined, z.string().optional()),
  privateKeyPem: z.preprocess(blankToUndefined, z.string().optional()),
});

const entraTestResult = z.object({ granted: z.array(z.string()), missing: z.array(z.object({ permission: z.string(), neededFor: z.array(z.string()) })) });
export type EntraTestResult = z.infer<typeof entraTestResult>;
export type EntraConnectionView = {
  settings: EntraConnectionSettings;
  saved: boolean;
  secret: SecretView | null;
  signInApp: { tenantId: string; clientId: string };
  lastTest: ConnectionTest<EntraTestResult> | null;
};

const LABEL = "Microsoft Entra connection";
const columns = connectionColumns("entra", entraConnectionSettings, entraTestResult);

/** The certificate credential as JSON, the plaintext of its encrypted Secret. */
const certificateCredential = jsonColumn("Secret.ciphertext", z.object({ certificatePem: z.string(), privateKeyPem: z.string() }));

function signInApp() {
  const { tenantId, clientId } = signInAppConfig();
  return { tenantId, clientId };
}

export async function readEntraConnection(): Promise<EntraConnectionView> {
  const stored = await readConnection(columns);
  const app = signInApp();
  if (!stored) {
    return { settings: { ...app, cloud: "global", authentication: "sign-in-app" }, saved: false, secret: null, signInApp: app, lastTest: null };
  }
  const source = stored.settings.authentication;
  const secret = source === "sign-in-app" ? null : await describeSecret(db(), SECRET_PURPOSE[source]);
  return { settings: stored.settings, saved: true, secret, signInApp: app, lastTest: stored.lastTest };
}

/** The last test of the saved connection, for features that depend on the permissions it found; null before any. */
export async function lastEntraTest(): Promise<ConnectionTest<EntraTestResult> | null> {
  return (await readConnection(columns))?.lastTest ?? null;
}

/** The saved connection with its credential decrypted; for lib/ only, never for the browser. */
export async function entraConnection(): Promise<EntraConnection> {
  const view = await readEntraConnection();
  if (!view.saved) throw new AppError("NotConfigured", "Connect SSO Bridge to Microsoft Entra first: Settings → Connections → Microsoft Entra.");
  const { tenantId, clientId, cloud, authentication } = view.settings;
  return { tenantId, clientId, cloud, credential: await credentialFor(authentication) };
}

async function credentialFor(source: AuthenticationMethod): Promise<EntraCredential> {
  if (source === "sign-in-app") return { kind: "secret", secret: signInAppConfig().clientSecret };
  const stored = await readSecret(db(), SECRET_PURPOSE[source]);
  if (!stored) throw new AppError("NotConfigured", "The Entra credential is missing: an admin has to enter it again under Settings → Connections.");
  return source === "client-secret"
    ? { kind: "secret", secret: stored }
    : { kind: "certificate", ...certificateCredential.decode(stored, SECRET_PURPOSE.certificate) };
}

export async function saveEntraConnection(input: z.input<typeof entraConnectionInput>, by: ChangedBy): Promise<EntraConnectionSettings> {
  const i = entraConnectionInput.parse(input);
  const app = signInApp();
  const fromSignIn = i.authentication === "sign-in-app";
  const tenantId = (fromSignIn ? app.tenantId : i.tenantId)?.toLowerCase();
  const clientId = (fromSignIn ? app.clientId : i.clientId)?.toLowerCase();
  if (!tenantId || !clientId) {
    throw new AppError("InvalidInput", "Enter the tenant id and client id of the app registration.", {
      ...(tenantId ? {} : { tenantId: "Required" }),
      ...(clientId ? {} : { clientId: "Required" }),
    });
  }
  const settings: EntraConnectionSettings = { tenantId, clientId, cloud: i.cloud, authentication: i.authentication };
  const newSecret = fromSignIn ? null : newCredentialValue(i);
  const before = await readConnection(columns);
  const sameApp = before !== null && before.settings.tenantId === tenantId && before.settings.clientId === clientId;
  if (!fromSignIn && !newSecret) {
    const purpose = SECRET_PURPOSE[i.authentication as Exclude<AuthenticationMethod, "sign-in-app">];
    // A credential stored for another app registration or method would only fail later, confusingly.
    const reusable = sameApp && before.settings.authentication === i.authentication && (await describeSecret(db(), purpose)) !== null;
    if (!reusable) {
      const field: Record<string, string> =
        i.authentication === "client-secret" ? { clientSecret: "Required" } : { certificatePem: "Required", privateKeyPem: "Required" };
      throw new AppError(
        "InvalidInput",
        i.authentication === "client-secret" ? "Enter the client secret's value." : "Enter the certificate and its private key.",
        field,
      );
    }
  }
  await saveConnection(columns, settings, by, { label: LABEL, replacedSecrets: newSecret ? [newSecret.purpose] : [] }, async (tx) => {
    if (newSecret) await storeSecret(tx, newSecret.purpose, newSecret.value);
    if (before === null || (sameApp && before.settings.cloud === settings.cloud)) return;
    // The enterprise app and its metadata belong to the previous tenant or app registration.
    const reset = await runStepsAgainAfterEntraChange(tx);
    return reset.length ? { stepsToRunAgain: reset } : undefined;
  });
  return settings;
}

function newCredentialValue(i: z.output<typeof entraConnectionInput>): { purpose: string; value: string } | null {
  if (i.authentication === "client-secret") return i.clientSecret ? { purpose: SECRET_PURPOSE["client-secret"], value: i.clientSecret } : null;
  if (!i.certificatePem && !i.privateKeyPem) return null;
  if (!i.certificatePem || !i.privateKeyPem) {
    throw new AppError(
      "InvalidInput",
      "Enter both the certificate and its private key.",
      i.certificatePem ? { privateKeyPem: "Required" } : { certificatePem: "Required" },
    );
  }
  checkCertificatePair(i.certificatePem, i.privateKeyPem);
  return {
    purpose: SECRET_PURPOSE.certificate,
    value: certificateCredential.encode({ certificatePem: i.certificatePem.trim(), privateKeyPem: i.privateKeyPem.trim() }),
  };
}

function checkCertificatePair(certificatePem: string, privateKeyPem: string): void {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(certificatePem);
  } catch {
    throw new AppError(
      "InvalidInput",
      "The certificate is not a PEM certificate: paste everything from its BEGIN CERTIFICATE line to its END CERTIFICATE line.",
      { certificatePem: "Not a PEM certificate" },
    );
  }
  let matches = false;
  try {
    matches = cert.checkPrivateKey(createPrivateKey(privateKeyPem));
  } catch {
    throw new AppError(
      "InvalidInput",
      "The private key is not an unencrypted PEM private key: paste everything from its BEGIN PRIVATE KEY line to its END PRIVATE KEY line.",
      {
        privateKeyPem: "Not a PEM private key",
      },
    );
  }
  if (!matches) throw new AppError("InvalidInput", "The private key does not belong to the certificate.", { privateKeyPem: "Does not match the certificate" });
  if (new Date(cert.validTo) < new Date()) throw new AppError("InvalidInput", `The certificate expired on ${cert.validTo}.`, { certificatePem: "Expired" });
}

/** Gets a Graph token with the saved credential and lists which application permissions are missing. */
export async function testEntraConnection(by: ChangedBy): Promise<ConnectionTest<EntraTestResult>> {
  const connection = await entraConnection();
  let test: ConnectionTest<EntraTestResult>;
  try {
    const check = await checkAppPermissions(openGraph(connection));
    test = {
      ok: true,
      testedAt: new Date(),
      result: { granted: check.granted, missing: check.missing.map(({ permission, neededFor }) => ({ permission, neededFor })) },
    };
  } catch (e) {
    if (!isAppError(e)) throw e;
    test = { ok: false, testedAt: new Date(), problem: e.message };
  }
  return saveConnectionTest(columns, test, by, LABEL);
}
