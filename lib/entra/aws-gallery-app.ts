import { createHash } from "node:crypto";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { graphError } from "./graph-errors";
import { odataString, parseGraph, readAllPages } from "./graph-read";
import type { GraphSession } from "./graph-session";

// The "AWS IAM Identity Center" enterprise application in Entra: find its gallery template,
// create an instance of it, find instances made earlier (by SSO Bridge or by hand), and read one
// back with its SAML settings and signing certificates.

export const AWS_GALLERY_TEMPLATE_ID = "21ed01d2-ec13-4e9e-86c1-cd546719ebc4";

export type EnterpriseApp = { servicePrincipalId: string; applicationObjectId: string; appId: string; displayName: string };

export type SigningCertificate = {
  thumbprint: string;
  base64: string | null;
  displayName: string | null;
  startDateTime: Date;
  endDateTime: Date;
  active: boolean;
};

export type EnterpriseAppDetails = EnterpriseApp & {
  preferredSingleSignOnMode: string | null;
  identifierUris: string[];
  redirectUris: string[];
  loginUrl: string | null;
  preferredTokenSigningKeyThumbprint: string | null;
  signingCertificates: SigningCertificate[];
};

const POLL_INTERVAL_MS = 3_000;
const POLL_TIMEOUT_MS = 90_000;
// Graph accepts at most 15 values in an `in` filter.
const IN_FILTER_LIMIT = 15;

const template = z.object({ id: z.string(), displayName: z.string() });
const directoryObject = z.object({ id: z.string(), appId: z.string(), displayName: z.string().nullish() });
const instantiated = z.object({ application: directoryObject, servicePrincipal: directoryObject });
const graphDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");
const keyCredential = z.object({
  customKeyIdentifier: z.string().nullish(),
  displayName: z.string().nullish(),
  key: z.string().nullish(),
  keyId: z.string(),
  type: z.string().nullish(),
  usage: z.string().nullish(),
  startDateTime: graphDate,
  endDateTime: graphDate,
});
const servicePrincipalDetails = directoryObject.extend({
  preferredSingleSignOnMode: z.string().nullish(),
  loginUrl: z.string().nullish(),
  preferredTokenSigningKeyThumbprint: z.string().nullish(),
  keyCredentials: z.array(keyCredential).nullish(),
});
const applicationDetails = directoryObject.extend({
  identifierUris: z.array(z.string()).nullish(),
  web: z.object({ redirectUris: z.array(z.string()).nullish() }).nullish(),
});

export async function findAwsGalleryTemplate(session: GraphSession): Promise<{ id: string; displayName: string }> {
  try {
    const body: unknown = await session.client.api(`/applicationTemplates/${AWS_GALLERY_TEMPLATE_ID}`).select(["id", "displayName"]).get();
    const found = parseGraph(template, body, "the gallery template");
    return { id: found.id, displayName: found.displayName };
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) {
      throw new AppError(
        "NotFound",
        `The Entra application gallery of this tenant has no "AWS IAM Identity Center" template (${AWS_GALLERY_TEMPLATE_ID}). Check the national cloud setting: the template may not be offered there.`,
      );
    }
    throw graphError(e, "read the Entra application gallery");
  }
}

export async function listAwsEnterpriseApps(session: GraphSession): Promise<EnterpriseApp[]> {
  try {
    const filter = `applicationTemplateId eq ${odataString(AWS_GALLERY_TEMPLATE_ID)}`;
    const servicePrincipals = await readAllPages(
      session,
      `/servicePrincipals?$filter=${filter}&$select=id,appId,displayName`,
      directoryObject,
      "service principals",
    );
    const applications = new Map<string, z.output<typeof directoryObject>>();
    for (let i = 0; i < servicePrincipals.length; i += IN_FILTER_LIMIT) {
      const appIds = servicePrincipals.slice(i, i + IN_FILTER_LIMIT).map((sp) => odataString(sp.appId));
      const page = await readAllPages(
        session,
        `/applications?$filter=appId in (${appIds.join(",")})&$select=id,appId,displayName`,
        directoryObject,
        "applications",
      );
      for (const app of page) applications.set(app.appId, app);
    }
    // A service principal whose application is not readable yet (replication) is left out
    // rather than reported with a made-up object id; a later listing includes it.
    return servicePrincipals.flatMap((sp) => {
      const app = applications.get(sp.appId);
      return app ? [enterpriseApp(sp, app)] : [];
    });
  } catch (e) {
    throw graphError(e, "list the AWS IAM Identity Center enterprise apps");
  }
}

/** Adopts the AWS enterprise app called `displayName` if one exists, else creates it. */
export async function ensureAwsEnterpriseApp(
  session: GraphSession,
  displayName: string,
  opts?: { pollIntervalMs?: number; timeoutMs?: number },
): Promise<{ app: EnterpriseApp; created: boolean }> {
  const existing = (await listAwsEnterpriseApps(session)).find((app) => app.displayName === displayName);
  if (existing) return { app: existing, created: false };
  return { app: await instantiateAwsGalleryApp(session, displayName, opts), created: true };
}

export async function instantiateAwsGalleryApp(
  session: GraphSession,
  displayName: string,
  opts: { pollIntervalMs?: number; timeoutMs?: number } = {},
): Promise<EnterpriseApp> {
  let app: EnterpriseApp;
  try {
    const body: unknown = await session.client.api(`/applicationTemplates/${AWS_GALLERY_TEMPLATE_ID}/instantiate`).post({ displayName });
    const created = parseGraph(instantiated, body, "the new enterprise app");
    app = enterpriseApp(created.servicePrincipal, created.application);
  } catch (e) {
    throw graphError(e, "create the AWS IAM Identity Center enterprise app");
  }
  await waitUntilReadable(session, app, opts.pollIntervalMs ?? POLL_INTERVAL_MS, opts.timeoutMs ?? POLL_TIMEOUT_MS);
  return app;
}

/** Entra replicates new objects lazily: both may answer 404 for a while after instantiate. */
async function waitUntilReadable(session: GraphSession, app: EnterpriseApp, intervalMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set([`/servicePrincipals/${app.servicePrincipalId}`, `/applications/${app.applicationObjectId}`]);
  for (;;) {
    for (const path of [...pending]) if (await readable(session, path)) pending.delete(path);
    if (pending.size === 0) return;
    if (Date.now() + intervalMs > deadline) {
      throw new AppError(
        "Unavailable",
        `Entra created the enterprise app "${app.displayName}" (service principal ${app.servicePrincipalId}, application ${app.applicationObjectId}, app id ${app.appId}) but it could not be read back within ${Math.round(timeoutMs / 1000)} s. Run this step again in a few minutes: it adopts the app instead of creating another.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function readable(session: GraphSession, path: string): Promise<boolean> {
  try {
    await session.client.api(path).select("id").get();
    return true;
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return false;
    throw graphError(e, "read back the new enterprise app");
  }
}

/** The app with its SAML settings and certificates; null when it no longer exists in Entra. */
export async function getEnterpriseApp(session: GraphSession, servicePrincipalId: string): Promise<EnterpriseAppDetails | null> {
  try {
    const spBody: unknown = await session.client
      .api(`/servicePrincipals/${encodeURIComponent(servicePrincipalId)}`)
      // keyCredentials only carry the certificates themselves when selected explicitly.
      .select(["id", "appId", "displayName", "preferredSingleSignOnMode", "loginUrl", "preferredTokenSigningKeyThumbprint", "keyCredentials"])
      .get();
    const sp = parseGraph(servicePrincipalDetails, spBody, "the enterprise app");
    const apps = await readAllPages(
      session,
      `/applications?$filter=appId eq ${odataString(sp.appId)}&$select=id,appId,displayName,identifierUris,web`,
      applicationDetails,
      "the application",
    );
    const app = apps[0];
    // The application object goes with its service principal; without it the app is gone.
    if (!app) return null;
    const preferred = sp.preferredTokenSigningKeyThumbprint?.toUpperCase() ?? null;
    return {
      ...enterpriseApp(sp, app),
      preferredSingleSignOnMode: sp.preferredSingleSignOnMode ?? null,
      identifierUris: app.identifierUris ?? [],
      redirectUris: app.web?.redirectUris ?? [],
      loginUrl: sp.loginUrl ?? null,
      preferredTokenSigningKeyThumbprint: preferred,
      signingCertificates: signingCertificates(sp.keyCredentials ?? [], preferred),
    };
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return null;
    throw graphError(e, "read the enterprise app");
  }
}

function enterpriseApp(sp: z.output<typeof directoryObject>, app: z.output<typeof directoryObject>): EnterpriseApp {
  return { servicePrincipalId: sp.id, applicationObjectId: app.id, appId: sp.appId, displayName: sp.displayName ?? app.displayName ?? "" };
}

/**
 * addTokenSigningCertificate leaves a Sign (private) and a Verify (public) key credential with
 * the same customKeyIdentifier; the Verify one describes the certificate others must trust.
 */
function signingCertificates(keys: z.output<typeof keyCredential>[], preferred: string | null): SigningCertificate[] {
  return keys
    .filter((k) => k.usage === "Verify" && k.type === "AsymmetricX509Cert")
    .map((k) => {
      const base64 = k.key ?? null;
      const thumbprint = base64 ? sha1Hex(base64) : thumbprintFromIdentifier(k.customKeyIdentifier);
      return {
        thumbprint,
        base64,
        displayName: k.displayName ?? null,
        startDateTime: new Date(k.startDateTime),
        endDateTime: new Date(k.endDateTime),
        active: preferred !== null && thumbprint === preferred,
      };
    })
    .sort((a, b) => b.endDateTime.getTime() - a.endDateTime.getTime());
}

function sha1Hex(base64Der: string): string {
  return createHash("sha1").update(Buffer.from(base64Der, "base64")).digest("hex").toUpperCase();
}

/** Entra sets customKeyIdentifier of a signing certificate to its SHA-1 thumbprint, base64-encoded. */
function thumbprintFromIdentifier(identifier: string | null | undefined): string {
  return Buffer.from(identifier ?? "", "base64")
    .toString("hex")
    .toUpperCase();
}
