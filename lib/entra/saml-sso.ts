import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getEnterpriseApp, type EnterpriseApp, type SigningCertificate } from "./aws-gallery-app";
import { graphError } from "./graph-errors";
import { parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// SAML single sign-on on the AWS enterprise app: identifier and reply URL from the AWS metadata,
// SAML mode, and an active token signing certificate. Each function reads first and writes only
// what differs, so running a step again changes nothing and says so.

export type SamlTargets = { entityId: string; acsUrl: string; signOnUrl?: string | null };

const DAY_MS = 24 * 60 * 60 * 1000;
// Graph allows at most three years; a day less keeps clear of clock skew and leap days.
const CERTIFICATE_LIFETIME_MS = (3 * 365 - 1) * DAY_MS;
const CN_MAX_LENGTH = 64;

const currentServicePrincipal = z.object({ preferredSingleSignOnMode: z.string().nullish(), loginUrl: z.string().nullish() });
const currentApplication = z.object({
  identifierUris: z.array(z.string()).nullish(),
  web: z.object({ redirectUris: z.array(z.string()).nullish(), logoutUrl: z.string().nullish(), homePageUrl: z.string().nullish() }).nullish(),
});
const selfSignedCertificate = z.object({
  thumbprint: z.string().min(1),
  key: z.string().min(1),
  displayName: z.string().nullish(),
  startDateTime: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
  endDateTime: z.string().refine((s) => !Number.isNaN(Date.parse(s))),
});

export async function configureSamlSso(session: GraphSession, app: EnterpriseApp, targets: SamlTargets): Promise<{ changed: string[] }> {
  const entityId = httpsUrl(targets.entityId, "The AWS entity id (identifier)");
  const acsUrl = httpsUrl(targets.acsUrl, "The AWS ACS URL (reply URL)");
  const signOnUrl = targets.signOnUrl ? httpsUrl(targets.signOnUrl, "The AWS sign-on URL") : null;
  const spPath = `/servicePrincipals/${encodeURIComponent(app.servicePrincipalId)}`;
  const appPath = `/applications/${encodeURIComponent(app.applicationObjectId)}`;
  try {
    const sp = parseGraph(
      currentServicePrincipal,
      await session.client.api(spPath).select(["id", "preferredSingleSignOnMode", "loginUrl"]).get(),
      "the enterprise app",
    );
    const application = parseGraph(currentApplication, await session.client.api(appPath).select(["id", "identifierUris", "web"]).get(), "the application");
    const changed: string[] = [];

    const applicationPatch: Record<string, unknown> = {};
    const identifierUris = application.identifierUris ?? [];
    if (identifierUris.length !== 1 || identifierUris[0] !== entityId) {
      applicationPatch.identifierUris = [entityId];
      changed.push("Identifier (entity ID)");
    }
    const redirectUris = application.web?.redirectUris ?? [];
    if (redirectUris.length !== 1 || redirectUris[0] !== acsUrl) {
      // `web` is written as a whole, so the parts SSO Bridge does not manage are sent back as they were.
      applicationPatch.web = { redirectUris: [acsUrl], logoutUrl: application.web?.logoutUrl ?? null, homePageUrl: application.web?.homePageUrl ?? null };
      changed.push("Reply URL (Assertion Consumer Service URL)");
    }
    if (Object.keys(applicationPatch).length > 0) await session.client.api(appPath).patch(applicationPatch);

    const servicePrincipalPatch: Record<string, unknown> = {};
    if (sp.preferredSingleSignOnMode !== "saml") {
      servicePrincipalPatch.preferredSingleSignOnMode = "saml";
      changed.push("Single sign-on mode (SAML)");
    }
    if (signOnUrl && sp.loginUrl !== signOnUrl) {
      servicePrincipalPatch.loginUrl = signOnUrl;
      changed.push("Sign-on URL");
    }
    if (Object.keys(servicePrincipalPatch).length > 0) await session.client.api(spPath).patch(servicePrincipalPatch);
    return { changed };
  } catch (e) {
    throw graphError(e, "configure SAML single sign-on on the enterprise app");
  }
}

export async function ensureSigningCertificate(
  session: GraphSession,
  app: EnterpriseApp,
  opts: { now?: Date; renewWithinDays?: number } = {},
): Promise<{ certificate: SigningCertificate; created: boolean }> {
  const now = opts.now ?? new Date();
  const renewBefore = now.getTime() + (opts.renewWithinDays ?? 0) * DAY_MS;
  const details = await getEnterpriseApp(session, app.servicePrincipalId);
  if (!details)
    throw new AppError(
      "NotFound",
      `The enterprise app "${app.displayName}" (${app.servicePrincipalId}) no longer exists in Entra. Create it again in the enterprise application step.`,
    );
  const usable = (c: SigningCertificate) => c.base64 !== null && c.startDateTime.getTime() <= now.getTime() && c.endDateTime.getTime() > renewBefore;

  const active = details.signingCertificates.find((c) => c.active);
  if (active && usable(active)) return { certificate: active, created: false };
  // Certificates come newest-expiry first: an earlier-added one that is still good is reused.
  const spare = details.signingCertificates.find(usable);
  if (spare) {
    await makePreferred(session, app, spare.thumbprint);
    return { certificate: { ...spare, active: true }, created: false };
  }

  let added: z.output<typeof selfSignedCertificate>;
  try {
    const body: unknown = await session.client
      .api(`/servicePrincipals/${encodeURIComponent(app.servicePrincipalId)}/addTokenSigningCertificate`)
      // The server's clock decides the three-year limit, so the end date follows real time.
      .post({ displayName: certificateSubject(app.displayName), endDateTime: new Date(Date.now() + CERTIFICATE_LIFETIME_MS).toISOString() });
    added = parseGraph(selfSignedCertificate, body, "the new signing certificate");
  } catch (e) {
    throw graphError(e, "add a SAML signing certificate to the enterprise app");
  }
  const thumbprint = added.thumbprint.toUpperCase();
  await makePreferred(session, app, thumbprint);
  return {
    certificate: {
      thumbprint,
      base64: added.key,
      displayName: added.displayName ?? null,
      startDateTime: new Date(added.startDateTime),
      endDateTime: new Date(added.endDateTime),
      active: true,
    },
    created: true,
  };
}

/** A certificate is used for signing only once the service principal names it as preferred. */
async function makePreferred(session: GraphSession, app: EnterpriseApp, thumbprint: string): Promise<void> {
  try {
    await session.client.api(`/servicePrincipals/${encodeURIComponent(app.servicePrincipalId)}`).patch({ preferredTokenSigningKeyThumbprint: thumbprint });
  } catch (e) {
    throw graphError(e, "make the new SAML signing certificate active");
  }
}

/** `CN=<app name> SSO`, with the characters that would end or escape a DN value removed. */
function certificateSubject(displayName: string): string {
  const name =
    displayName
      .replace(/[,=+<>#;"\\]/g, " ")
      .replace(/\s+/g, " ")
      .trim() || "AWS IAM Identity Center";
  return `CN=${`${name}`.slice(0, CN_MAX_LENGTH - " SSO".length).trim()} SSO`;
}

function httpsUrl(value: string, what: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new AppError("InvalidInput", `${what} is not a URL: check the AWS metadata.`);
  }
  if (url.protocol !== "https:") throw new AppError("InvalidInput", `${what} must be an https:// URL: check the AWS metadata.`);
  return value.trim();
}
