import crypto from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { ResponseTooLarge } from "@/lib/http/capped-body";
import { jsonOrUndefined } from "@/lib/http/json-text";
import { NetworkError } from "@/lib/http/network-failure";
import type { OutboundPolicy } from "@/lib/http/outbound-address-policy";
import { outboundFetch, type OutboundAnswer } from "@/lib/http/outbound-fetch";
import { retryAfterMs } from "@/lib/http/retry-after";

// The live check of a SCIM endpoint and token before SSO Bridge stores them or hands them to Entra:
// two harmless reads, answered in the product's error vocabulary. The endpoint is expected to have
// passed parseScimEndpoint and checkOutboundUrl; each connection is checked against the same address
// policy, and redirects are not followed, so neither DNS nor an answer can send the token elsewhere. The token appears in no message: AWS's own details are scrubbed of it.

export type ScimCheck = { serviceProvider: { patchSupported: boolean; filterSupported: boolean; maxResults: number | null }; usersVisible: boolean };

const TIMEOUT_MS = 10_000;
const MAX_BODY_BYTES = 256 * 1024;
const MAX_RETRY_WAIT_MS = 2_000;
const CONSOLE = "the IAM Identity Center console under Settings → Automatic provisioning";

const withSchema = (urn: string) => z.array(z.string()).refine((s) => s.includes(urn));
const serviceProviderConfig = z.object({
  schemas: withSchema("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"),
  patch: z.object({ supported: z.boolean() }),
  filter: z.object({ supported: z.boolean(), maxResults: z.number().int().positive().optional() }),
});
const listResponse = z.object({
  schemas: withSchema("urn:ietf:params:scim:api:messages:2.0:ListResponse"),
  totalResults: z.number().int().nonnegative(),
  Resources: z.array(z.unknown()).optional(),
});
// AWS sends the status as a string and adds exceptionRequestId and timeStamp; there is no scimType.
const errorBody = z.object({ detail: z.string().optional(), exceptionRequestId: z.string().optional() });

/** GET <endpoint>ServiceProviderConfig, then GET <endpoint>Users?filter=userName eq "<a name that cannot exist>" (expects 200 with a ListResponse, totalResults 0). Never includes the token in any message, log or error. */
export async function checkScimCredentials(endpoint: string, token: string, policy: OutboundPolicy): Promise<ScimCheck> {
  const bearer = token.trim();
  // Checked first also because fetch would echo an unusable header value in its own error.
  if (!/^[\x21-\x7e]+$/.test(bearer))
    throw new AppError("InvalidInput", `Paste the SCIM access token exactly as ${CONSOLE} shows it: one line without spaces.`);
  if (!URL.canParse(endpoint)) throw new AppError("InvalidInput", "The SCIM endpoint is not a URL.");
  const base = endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  const config = expectShape(serviceProviderConfig, await get(`${base}ServiceProviderConfig`, bearer, policy), base);
  const probe = `sso-bridge-check-${crypto.randomUUID()}`;
  expectShape(listResponse, await get(`${base}Users?filter=${encodeURIComponent(`userName eq "${probe}"`)}`, bearer, policy), base);
  return {
    serviceProvider: { patchSupported: config.patch.supported, filterSupported: config.filter.supported, maxResults: config.filter.maxResults ?? null },
    usersVisible: true,
  };
}

async function get(url: string, bearer: string, policy: OutboundPolicy, retried = false): Promise<unknown> {
  const host = new URL(url).host;
  let res: OutboundAnswer;
  try {
    res = await outboundFetch(url, {
      policy,
      headers: { authorization: `Bearer ${bearer}`, accept: "application/scim+json, application/json" },
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_BODY_BYTES,
    });
  } catch (e) {
    // A SCIM answer to these reads is a few kilobytes.
    if (e instanceof ResponseTooLarge) throw notScim(host, `its answer is larger than ${MAX_BODY_BYTES / 1024} KB`);
    if (e instanceof NetworkError)
      throw new AppError(
        "Unavailable",
        `Could not reach the SCIM endpoint at ${host}: it ${e.failure.reason}. Check the network path (proxy, firewall, DNS) and try again.`,
      );
    throw e;
  }
  if (res.ok) return jsonOrUndefined(res.text);
  // Both reads are idempotent, so one retry after a throttle or server fault is safe.
  if (!retried && (res.status === 429 || res.status >= 500)) {
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs(res.headers, { fallbackMs: 500, maxMs: MAX_RETRY_WAIT_MS })));
    return await get(url, bearer, policy, true);
  }
  throw refused(res, new URL(url), bearer);
}

/** AWS answered 401: it has no valid token like this one for the instance the endpoint names. */
export class ScimTokenRefused extends AppError {
  constructor() {
    super(
      "InvalidInput",
      `AWS refused the token: it is wrong, revoked or expired, or belongs to another instance. Generate a new one in ${CONSOLE}. AWS answers the same way when the tenant id in the endpoint is wrong, so copy the endpoint from that page too.`,
    );
  }
}

function refused(res: OutboundAnswer, url: URL, bearer: string): AppError {
  const body = errorBody.safeParse(jsonOrUndefined(res.text));
  const detail = body.success && body.data.detail ? `: ${scrub(body.data.detail, bearer)}` : "";
  const requestId = (body.success ? body.data.exceptionRequestId : undefined) ?? res.headers.get("x-amzn-requestid");
  const ref = requestId ? ` (request id ${scrub(requestId, bearer)})` : "";
  const { status } = res;
  if (status === 401) return new ScimTokenRefused();
  if (status === 403)
    return new AppError(
      "PermissionMissing",
      `AWS accepted the token but denied access to ${url.pathname}${detail}${ref}. Check in ${CONSOLE} that automatic provisioning is enabled.`,
    );
  if (status === 404)
    return new AppError(
      "InvalidInput",
      `Nothing answers at ${url.host}${url.pathname} (HTTP 404): the tenant id or the path of the endpoint is wrong. Copy the SCIM endpoint again from ${CONSOLE}; it ends in /scim/v2/.`,
    );
  if (status === 429)
    return new AppError("Throttled", "IAM Identity Center's SCIM endpoint is throttling requests, even after a retry; try again in a minute.");
  if (status >= 500) return new AppError("Unavailable", `The SCIM endpoint at ${url.host} had an internal error (HTTP ${status})${ref}; try again shortly.`);
  if (status >= 300 && status < 400) return notScim(url.host, `it answered with a redirect (HTTP ${status})`);
  return new AppError("CloudRejected", `The SCIM endpoint at ${url.host} refused the check (HTTP ${status})${detail}${ref}.`);
}

function expectShape<T>(schema: z.ZodType<T>, body: unknown, base: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw notScim(new URL(base).host, "its answer is not a SCIM document");
  return parsed.data;
}

function notScim(host: string, why: string): AppError {
  return new AppError(
    "InvalidInput",
    `${host} answered, but ${why}: this does not look like a SCIM endpoint. Copy the SCIM endpoint (ending in /scim/v2/) from ${CONSOLE}, not the access portal or another URL.`,
  );
}

function scrub(text: string, bearer: string): string {
  const clean = text.split(bearer).join("…");
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
