import crypto from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";

// The live check of a SCIM endpoint and token before SSO Bridge stores them or hands them to Entra:
// two harmless reads, answered in the product's error vocabulary. The endpoint is expected to have
// passed parseScimEndpoint and checkOutboundUrl; redirects are not followed, so an answer cannot
// send the token elsewhere. The token appears in no message: AWS's own details are scrubbed of it.

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
const listResponse = z.object({ schemas: withSchema("urn:ietf:params:scim:api:messages:2.0:ListResponse"), totalResults: z.number().int().nonnegative(), Resources: z.array(z.unknown()).optional() });
// AWS sends the status as a string and adds exceptionRequestId and timeStamp; there is no scimType.
const errorBody = z.object({ detail: z.string().optional(), exceptionRequestId: z.string().optional() });

/** GET <endpoint>ServiceProviderConfig, then GET <endpoint>Users?filter=userName eq "<a name that cannot exist>" (expects 200 with a ListResponse, totalResults 0). Never includes the token in any message, log or error. */
export async function checkScimCredentials(endpoint: string, token: string): Promise<ScimCheck> {
  const bearer = token.trim();
  // Checked first also because fetch would echo an unusable header value in its own error.
  if (!/^[\x21-\x7e]+$/.test(bearer)) throw new AppError("InvalidInput", `Paste the SCIM access token exactly as ${CONSOLE} shows it: one line without spaces.`);
  if (!URL.canParse(endpoint)) throw new AppError("InvalidInput", "The SCIM endpoint is not a URL.");
  const base = endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
  const config = expectShape(serviceProviderConfig, await get(`${base}ServiceProviderConfig`, bearer), base);
  const probe = `sso-bridge-check-${crypto.randomUUID()}`;
  expectShape(listResponse, await get(`${base}Users?filter=${encodeURIComponent(`userName eq "${probe}"`)}`, bearer), base);
  return { serviceProvider: { patchSupported: config.patch.supported, filterSupported: config.filter.supported, maxResults: config.filter.maxResults ?? null }, usersVisible: true };
}

async function get(url: string, bearer: string, retried = false): Promise<unknown> {
  const host = new URL(url).host;
  try {
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${bearer}`, accept: "application/scim+json, application/json" },
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const text = await readLimited(res, host);
    if (res.ok) return parseJson(text);
    // Both reads are idempotent, so one retry after a throttle or server fault is safe.
    if (!retried && (res.status === 429 || res.status >= 500)) {
      await new Promise((resolve) => setTimeout(resolve, retryWait(res)));
      return await get(url, bearer, true);
    }
    throw refused(res, text, new URL(url), bearer);
  } catch (e) {
    throw e instanceof AppError ? e : unreachable(e, host);
  }
}

function refused(res: Response, text: string, url: URL, bearer: string): AppError {
  const body = errorBody.safeParse(parseJson(text));
  const detail = body.success && body.data.detail ? `: ${scrub(body.data.detail, bearer)}` : "";
  const requestId = (body.success ? body.data.exceptionRequestId : undefined) ?? res.headers.get("x-amzn-requestid");
  const ref = requestId ? ` (request id ${scrub(requestId, bearer)})` : "";
  const { status } = res;
  if (status === 401) {
    return new AppError(
      "InvalidInput",
      `AWS refused the token: it is wrong, revoked or expired, or belongs to another instance. Generate a new one in ${CONSOLE}. AWS answers the same way when the tenant id in the endpoint is wrong, so copy the endpoint from that page too.`,
    );
  }
  if (status === 403) return new AppError("PermissionMissing", `AWS accepted the token but denied access to ${url.pathname}${detail}${ref}. Check in ${CONSOLE} that automatic provisioning is enabled.`);
  if (status === 404) return new AppError("InvalidInput", `Nothing answers at ${url.host}${url.pathname} (HTTP 404): the tenant id or the path of the endpoint is wrong. Copy the SCIM endpoint again from ${CONSOLE}; it ends in /scim/v2/.`);
  if (status === 429) return new AppError("Throttled", "IAM Identity Center's SCIM endpoint is throttling requests, even after a retry; try again in a minute.");
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
  return new AppError("InvalidInput", `${host} answered, but ${why}: this does not look like a SCIM endpoint. Copy the SCIM endpoint (ending in /scim/v2/) from ${CONSOLE}, not the access portal or another URL.`);
}

function unreachable(e: unknown, host: string): AppError {
  const err = e as { name?: string; cause?: { code?: string; errors?: { code?: string }[] } };
  const code = err.cause?.code ?? err.cause?.errors?.[0]?.code ?? "";
  const what =
    err.name === "TimeoutError" ? `did not answer within ${TIMEOUT_MS / 1000} s`
    : code === "ECONNREFUSED" ? "refused the connection"
    : code === "ENOTFOUND" || code === "EAI_AGAIN" ? "is not known to DNS"
    : /CERT|TLS|SSL/.test(code) ? "presented a TLS certificate this server does not trust"
    : "dropped the connection";
  return new AppError("Unavailable", `Could not reach the SCIM endpoint at ${host}: it ${what}. Check the network path (proxy, firewall, DNS) and try again.`);
}

/** Reads at most MAX_BODY_BYTES: a SCIM answer to these reads is a few kilobytes. */
async function readLimited(res: Response, host: string): Promise<string> {
  const tooLarge = () => notScim(host, `its answer is larger than ${MAX_BODY_BYTES / 1024} KB`);
  if (Number(res.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  const reader = res.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    size += chunk.value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function retryWait(res: Response): number {
  const header = res.headers.get("retry-after");
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_RETRY_WAIT_MS) : 500;
}

function scrub(text: string, bearer: string): string {
  const clean = text.split(bearer).join("…");
  return clean.length > 300 ? `${clean.slice(0, 300)}…` : clean;
}
