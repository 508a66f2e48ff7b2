import {
  AuthenticationHandler,
  GraphClientError,
  RedirectHandler,
  TelemetryHandler,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from "@microsoft/microsoft-graph-client";
import { AppError } from "@/lib/errors";
import { NetworkError } from "@/lib/http/network-failure";
import { outboundResponse } from "@/lib/http/outbound-fetch";
import { retryAfterMs } from "@/lib/http/retry-after";

// The Graph client's middleware chain as its MiddlewareFactory builds it for Node, with two
// handlers of our own: a retry policy that bounds how long one call may wait and never repeats a
// write unless Graph said it was not processed (429), and a fetch with a timeout whose network
// failures name the host instead of surfacing as "fetch failed".

export const GRAPH_RETRY_POLICY = { maxRetries: 3, maxTotalWaitMs: 30_000, fallbackDelayMs: 1_000 };
const REQUEST_TIMEOUT_MS = 60_000;
const RETRYABLE_READ_STATUSES = new Set([429, 503, 504]);

/** Lets an AppError raised inside the chain reach graphError() unchanged: the Graph client rethrows GraphClientError as is. */
export function passThrough(error: AppError): GraphClientError {
  const wrapper = new GraphClientError(error.message);
  wrapper.customError = error;
  return wrapper;
}

export function graphMiddlewareChain(authProvider: AuthenticationProvider): Middleware[] {
  return [new AuthenticationHandler(authProvider), new BoundedRetryHandler(), new RedirectHandler(), new TelemetryHandler(), new TimedFetchHandler()];
}

class BoundedRetryHandler implements Middleware {
  private next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    const next = this.next;
    if (!next) throw new Error("BoundedRetryHandler needs a next middleware");
    const method = (context.options?.method ?? "GET").toUpperCase();
    let waitedMs = 0;
    for (let retries = 0; ; retries++) {
      await next.execute(context);
      const response = context.response;
      if (!response || retries >= GRAPH_RETRY_POLICY.maxRetries || !shouldRetry(method, response.status)) return;
      const delayMs = retryDelayMs(response, retries);
      if (waitedMs + delayMs > GRAPH_RETRY_POLICY.maxTotalWaitMs) return;
      // Release the connection of the answer we are discarding.
      await response.body?.cancel().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      waitedMs += delayMs;
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function shouldRetry(method: string, status: number): boolean {
  if (status === 429) return true;
  // A 503 or 504 may come after a write took effect; repeating it could apply it twice.
  return (method === "GET" || method === "HEAD") && RETRYABLE_READ_STATUSES.has(status);
}

function retryDelayMs(response: Response, retries: number): number {
  return retryAfterMs(response.headers, { fallbackMs: GRAPH_RETRY_POLICY.fallbackDelayMs * 2 ** retries + Math.floor(Math.random() * 250) });
}

class TimedFetchHandler implements Middleware {
  async execute(context: Context): Promise<void> {
    const { method, headers, body, signal } = (context.options ?? {}) as RequestInit;
    try {
      // Not following redirects here leaves them to the RedirectHandler, which drops the token when the host changes.
      context.response = await outboundResponse(context.request, { policy: "configured", method, headers, body, signal, timeoutMs: REQUEST_TIMEOUT_MS });
    } catch (e) {
      if (!(e instanceof NetworkError)) throw e;
      throw passThrough(
        new AppError("Unavailable", `Microsoft Graph at ${e.host} ${e.failure.reason}. Check the network path (proxy, firewall, DNS) and try again.`),
      );
    }
  }
}
