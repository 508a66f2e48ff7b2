import { readCappedText } from "./capped-body";
import { classifyNetworkFailure, NetworkError } from "./network-failure";

// The one way SSO Bridge sends a request of its own (the cloud SDKs have theirs). Every request has a
// timeout that also covers reading the answer, and redirects are not followed unless the caller says
// so: a redirect would carry the request's credentials to an address nobody checked. This is also
// where a connect-time check of the address (a dispatcher whose lookup applies the outbound address
// policy) would be handed to fetch.

export type OutboundRequest = {
  method?: string;
  headers?: HeadersInit;
  body?: BodyInit | null;
  /** how long the whole exchange may take, reading the answer included */
  timeoutMs: number;
  /** only for requests without credentials (refused with an Authorization header): a redirect then goes wherever the server says */
  followRedirects?: boolean;
  /** the caller's own abort, on top of the timeout */
  signal?: AbortSignal | null;
};

export type OutboundAnswer = { status: number; ok: boolean; headers: Headers; text: string };

/**
 * The answer with its body read as text, at most maxBytes of it. Throws NetworkError when the
 * server could not be reached or stopped answering, ResponseTooLarge past the cap.
 */
export async function outboundFetch(url: string | URL, request: OutboundRequest & { maxBytes: number }): Promise<OutboundAnswer> {
  const response = await outboundResponse(url, request);
  try {
    const text = await readCappedText(response, request.maxBytes);
    return { status: response.status, ok: response.ok, headers: response.headers, text };
  } catch (e) {
    throw asNetworkError(e, new URL(url).host, request.timeoutMs);
  }
}

/** The answer with its body unread, for a caller that hands it on or ignores it (it must read or cancel it). Throws NetworkError as outboundFetch does. */
export async function outboundResponse(target: string | URL | Request, request: OutboundRequest): Promise<Response> {
  if (request.followRedirects && new Headers(request.headers).has("authorization"))
    throw new Error("A request that carries credentials must not follow redirects.");
  const timeout = AbortSignal.timeout(request.timeoutMs);
  try {
    return await fetch(target, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: request.followRedirects ? "follow" : "manual",
      signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
    });
  } catch (e) {
    throw asNetworkError(e, new URL(target instanceof Request ? target.url : target).host, request.timeoutMs);
  }
}

function asNetworkError(e: unknown, host: string, timeoutMs: number): unknown {
  const failure = classifyNetworkFailure(e, timeoutMs);
  return failure ? new NetworkError(host, failure, { cause: e }) : e;
}
