import crypto from "node:crypto";
import { headers } from "next/headers";
import type { RequestContext } from "./audit/record-audit-event";
import { clientAddress } from "./client-address";
import { trustedProxies } from "./config";

/** Who is asking, as far as the request tells: travels into audit events and log lines. */
export async function requestContext(): Promise<RequestContext> {
  let h: Awaited<ReturnType<typeof headers>>;
  try {
    h = await headers();
  } catch {
    // Outside a request (CLI, background job): no request facts, but still one id to correlate by.
    return { requestId: crypto.randomUUID() };
  }
  // The request id is ours: a client-chosen one would let a caller write what it likes into the
  // audit chain. The address is X-Forwarded-For's only as far as the configured proxies vouch for it.
  return {
    requestId: crypto.randomUUID(),
    ipAddress: clientAddress(h.get("x-forwarded-for"), trustedProxies()),
    userAgent: h.get("user-agent") ?? undefined,
  };
}
