import crypto from "node:crypto";
import { headers } from "next/headers";
import type { RequestContext } from "./audit/record-audit-event";

/** Who is asking, as far as the request tells: travels into audit events and log lines. */
export async function requestContext(): Promise<RequestContext> {
  try {
    const h = await headers();
    // The request id is ours: a client-chosen one would let a caller write what it likes into the
    // audit chain. The address is the right-most X-Forwarded-For entry, the one the nearest proxy
    // added; entries to its left are whatever the client claimed.
    return {
      requestId: crypto.randomUUID(),
      ipAddress: h.get("x-forwarded-for")?.split(",").at(-1)?.trim().slice(0, 64) || undefined,
      userAgent: h.get("user-agent") ?? undefined,
    };
  } catch {
    // Outside a request (CLI, background job): no request facts, but still one id to correlate by.
    return { requestId: crypto.randomUUID() };
  }
}
