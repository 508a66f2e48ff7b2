import { request } from "node:https";
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import {
  AuthenticationHandler,
  RedirectHandler,
  RetryHandler,
  TelemetryHandler,
  type AuthenticationProvider,
  type Context,
  type Middleware,
} from "@microsoft/microsoft-graph-client";

// Node's global fetch cannot be given an extra CA in-process (NODE_EXTRA_CA_CERTS is read at
// start-up only), so callers inside a test process reach the simulators through this small
// fetch over node:https that trusts exactly the simulator CA. MSAL and the Graph client take it
// through their documented extension points: MSAL's system.networkClient and a Graph middleware
// chain whose last handler sends with it.

export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export function trustingFetch(caPem: string): Fetch {
  return async (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    const method = init?.method ?? (input instanceof Request ? input.method : "GET");
    const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
    const body = await bodyBytes(init?.body);
    if (body && !headers.has("content-length")) headers.set("content-length", String(body.length));
    return new Promise<Response>((resolve, reject) => {
      const req = request(url, { method, headers: Object.fromEntries(headers), ca: caPem, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          const status = res.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(", ") : v);
          }
          // The Response constructor rejects a body for null-body statuses.
          const nullBody = status === 204 || status === 304 || method === "HEAD";
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, headers: responseHeaders }));
        });
      });
      req.on("error", reject);
      init?.signal?.addEventListener("abort", () => req.destroy(new Error("aborted")));
      req.end(body);
    });
  };
}

async function bodyBytes(body: RequestInit["body"]): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === "string") return Buffer.from(body);
  if (body instanceof URLSearchParams) return Buffer.from(body.toString());
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return Buffer.from(body as ArrayBuffer);
  return Buffer.from(await new Response(body).arrayBuffer());
}

/** MSAL's `system.networkClient`, sending over `fetch`. */
export function msalNetworkClient(fetch: Fetch): INetworkModule {
  const send = async <T>(method: "GET" | "POST", url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const res = await fetch(url, { method, headers: options?.headers, body: method === "POST" ? (options?.body ?? "") : undefined });
    const headers: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { status: res.status, headers, body: (await res.json()) as T };
  };
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>("GET", url, options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>("POST", url, options),
  };
}

/** The Graph client's default middleware chain (as MiddlewareFactory builds it for Node) ending in `fetch`. */
export function graphMiddleware(authProvider: AuthenticationProvider, fetch: Fetch): Middleware[] {
  return [new AuthenticationHandler(authProvider), new RetryHandler(), new RedirectHandler(), new TelemetryHandler(), new FetchHandler(fetch)];
}

class FetchHandler implements Middleware {
  constructor(private readonly fetch: Fetch) {}

  async execute(context: Context): Promise<void> {
    const input = context.request;
    context.response = await this.fetch(typeof input === "string" ? input : input, context.options);
  }
}
