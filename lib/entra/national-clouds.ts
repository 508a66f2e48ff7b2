import { AppError } from "@/lib/errors";

// Where Entra ID and Microsoft Graph live in each national cloud. The environment may point both
// elsewhere (the local simulators in demo mode and tests): that is configuration, not a code path.

export const NATIONAL_CLOUDS = ["global", "usgov", "china"] as const;
export type NationalCloud = (typeof NATIONAL_CLOUDS)[number];

export const nationalCloudLabels: Record<NationalCloud, string> = {
  global: "Global (Azure public)",
  usgov: "US Government (GCC High / DoD)",
  china: "China (operated by 21Vianet)",
};

export type EntraEndpoints = { authorityHost: string; graphBaseUrl: string; overriddenByEnvironment: boolean };

const CLOUD_ENDPOINTS: Record<NationalCloud, { authorityHost: string; graphBaseUrl: string }> = {
  global: { authorityHost: "https://login.microsoftonline.com", graphBaseUrl: "https://graph.microsoft.com" },
  usgov: { authorityHost: "https://login.microsoftonline.us", graphBaseUrl: "https://graph.microsoft.us" },
  china: { authorityHost: "https://login.chinacloudapi.cn", graphBaseUrl: "https://microsoftgraph.chinacloudapi.cn" },
};

export function entraEndpoints(cloud: NationalCloud, env: Record<string, string | undefined> = process.env): EntraEndpoints {
  const defaults = CLOUD_ENDPOINTS[cloud];
  const authorityOverride = nonEmpty(env.ENTRA_AUTHORITY_HOST);
  const graphOverride = nonEmpty(env.GRAPH_BASE_URL);
  return {
    authorityHost: authorityOverride ? httpsOrigin("ENTRA_AUTHORITY_HOST", authorityOverride) : defaults.authorityHost,
    graphBaseUrl: graphOverride ? httpsOrigin("GRAPH_BASE_URL", graphOverride) : defaults.graphBaseUrl,
    overriddenByEnvironment: Boolean(authorityOverride || graphOverride),
  };
}

/**
 * The `.default` scope of the cloud's own Graph resource. It names the resource, not the address
 * requests go to, so it does not follow GRAPH_BASE_URL: a stand-in for a cloud issues tokens for
 * that cloud's Graph, and national clouds require their own Graph domain in the scope.
 */
export function graphTokenScope(cloud: NationalCloud): string {
  return `${CLOUD_ENDPOINTS[cloud].graphBaseUrl}/.default`;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function httpsOrigin(variable: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError("NotConfigured", `${variable} is not a URL. Set it to an https:// address such as the login or Graph host of your cloud.`);
  }
  // MSAL refuses plain-HTTP authorities, and a token must never travel unencrypted to Graph.
  if (url.protocol !== "https:") throw new AppError("NotConfigured", `${variable} must be an https:// address.`);
  if (url.pathname.replace(/\/+$/, "").replace(/^\/v1\.0$/, "") !== "") {
    throw new AppError("NotConfigured", `${variable} must be a host only (such as ${url.origin}), without a path.`);
  }
  return url.origin;
}
