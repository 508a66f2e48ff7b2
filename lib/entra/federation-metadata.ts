import { AppError } from "@/lib/errors";
import { MAX_XML_BYTES } from "@/lib/saml/parse-xml";
import type { EntraConnection } from "./entra-connection";
import { entraEndpoints, type EntraEndpoints } from "./national-clouds";

// The SAML federation metadata Entra publishes for one enterprise app on its login host: what
// IAM Identity Center needs as its identity provider. Public and unauthenticated, so plain fetch.

const TIMEOUT_MS = 15_000;

export function federationMetadataUrl(endpoints: EntraEndpoints, tenantId: string, appId: string): string {
  return `${endpoints.authorityHost}/${encodeURIComponent(tenantId)}/federationmetadata/2007-06/federationmetadata.xml?appid=${encodeURIComponent(appId)}`;
}

export async function downloadFederationMetadata(connection: EntraConnection, appId: string): Promise<string> {
  const url = federationMetadataUrl(entraEndpoints(connection.cloud), connection.tenantId, appId);
  const host = new URL(url).host;
  const unreachable = (e: unknown) => {
    const why = e instanceof Error && e.name === "TimeoutError" ? `did not answer within ${TIMEOUT_MS / 1000} s` : "could not be reached";
    return new AppError("Unavailable", `Entra's login host ${host} ${why} while downloading the federation metadata. Check the network path and try again.`);
  };
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: "application/samlmetadata+xml, application/xml, text/xml" } });
    if (!response.ok) {
      const detail = await readLimited(response).catch(() => "");
      throw metadataRefused(response.status, detail, connection, appId, host);
    }
    return await readLimited(response);
  } catch (e) {
    throw e instanceof AppError ? e : unreachable(e);
  }
}

function metadataRefused(status: number, detail: string, connection: EntraConnection, appId: string, host: string): AppError {
  if (/AADSTS90002/.test(detail)) return new AppError("NotConfigured", `Entra at ${host} does not know the tenant ${connection.tenantId} (AADSTS90002). Check the tenant id and national cloud setting.`);
  if (status === 404) {
    return new AppError("NotFound", `Entra publishes no federation metadata for the app ${appId} yet. The app needs SAML single sign-on with an active signing certificate; run the SAML step first.`);
  }
  if (status === 429) return new AppError("Throttled", "Entra is throttling metadata downloads; try again in a minute.");
  if (status >= 500) return new AppError("Unavailable", `Entra's login host ${host} is unavailable (HTTP ${status}); try again shortly.`);
  return new AppError("CloudRejected", `Entra refused the federation metadata download for the app ${appId} (HTTP ${status}).`);
}

/** Reads at most MAX_XML_BYTES, stopping as soon as the body grows past it. */
async function readLimited(response: Response): Promise<string> {
  const tooLarge = () => new AppError("CloudRejected", `The federation metadata Entra returned is larger than ${MAX_XML_BYTES / 1024} KB, far beyond what SAML metadata needs; it was not read.`);
  if (Number(response.headers.get("content-length") ?? 0) > MAX_XML_BYTES) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = response.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_XML_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
