import { AppError } from "@/lib/errors";
import { ResponseTooLarge } from "@/lib/http/capped-body";
import { NetworkError } from "@/lib/http/network-failure";
import { outboundFetch } from "@/lib/http/outbound-fetch";
import { MAX_XML_BYTES } from "@/lib/saml/parse-xml";
import type { EntraConnection } from "./entra-connection";
import { entraEndpoints, type EntraEndpoints } from "./national-clouds";

// The SAML federation metadata Entra publishes for one enterprise app on its login host: what
// IAM Identity Center needs as its identity provider. Public and unauthenticated, so redirects are followed.

const TIMEOUT_MS = 15_000;

export function federationMetadataUrl(endpoints: EntraEndpoints, tenantId: string, appId: string): string {
  return `${endpoints.authorityHost}/${encodeURIComponent(tenantId)}/federationmetadata/2007-06/federationmetadata.xml?appid=${encodeURIComponent(appId)}`;
}

export async function downloadFederationMetadata(connection: EntraConnection, appId: string): Promise<string> {
  const url = federationMetadataUrl(entraEndpoints(connection.cloud), connection.tenantId, appId);
  const host = new URL(url).host;
  try {
    const answer = await outboundFetch(url, {
      policy: "configured",
      headers: { accept: "application/samlmetadata+xml, application/xml, text/xml" },
      timeoutMs: TIMEOUT_MS,
      followRedirects: true,
      maxBytes: MAX_XML_BYTES,
    });
    if (!answer.ok) throw metadataRefused(answer.status, answer.text, connection, appId, host);
    return answer.text;
  } catch (e) {
    if (e instanceof ResponseTooLarge) {
      // An oversized error page still says what went wrong through its status.
      if (e.status < 200 || e.status >= 300) throw metadataRefused(e.status, "", connection, appId, host);
      throw new AppError(
        "CloudRejected",
        `The federation metadata Entra returned is larger than ${MAX_XML_BYTES / 1024} KB, far beyond what SAML metadata needs; it was not read.`,
      );
    }
    if (e instanceof NetworkError)
      throw new AppError(
        "Unavailable",
        `Entra's login host ${host} ${e.failure.reason} while downloading the federation metadata. Check the network path and try again.`,
      );
    throw e;
  }
}

function metadataRefused(status: number, detail: string, connection: EntraConnection, appId: string, host: string): AppError {
  if (/AADSTS90002/.test(detail))
    return new AppError(
      "NotConfigured",
      `Entra at ${host} does not know the tenant ${connection.tenantId} (AADSTS90002). Check the tenant id and national cloud setting.`,
    );
  if (status === 404) {
    return new AppError(
      "NotFound",
      `Entra publishes no federation metadata for the app ${appId} yet. The app needs SAML single sign-on with an active signing certificate; run the SAML step first.`,
    );
  }
  if (status === 429) return new AppError("Throttled", "Entra is throttling metadata downloads; try again in a minute.");
  if (status >= 500) return new AppError("Unavailable", `Entra's login host ${host} is unavailable (HTTP ${status}); try again shortly.`);
  return new AppError("CloudRejected", `Entra refused the federation metadata download for the app ${appId} (HTTP ${status}).`);
}
