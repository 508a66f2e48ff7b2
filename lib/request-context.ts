import crypto from "node:crypto";
import { headers } from "next/headers";
import type { RequestContext } from "./audit/record-audit-event";

/** Who is asking, as far as the request tells: travels into audit events and log lines. */
export async function requestContext(): Promise<RequestContext> {
  try {
    const h = await headers();
    return {
      requestId: h.get("x-request-id") ?? crypto.randomUUID(),
      ipAddress: h.get("x-forwarded-for")?.split(",")[0]?.trim() ?? h.get("x-real-ip") ?? undefined,
      userAgent: h.get("user-agent") ?? undefined,
    };
  } catch {
    // Outside a request (CLI, background job): no request facts, but still one id to correlate by.
    return { requestId: crypto.randomUUID() };
  }
}
