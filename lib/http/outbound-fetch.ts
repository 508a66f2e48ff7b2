import { fetch as pinnedFetch } from "undici";
import { AppError } from "@/lib/errors";
import { readCappedText } from "./capped-body";
import { classifyNetworkFailure, NetworkError } from "./network-failure";
import type { OutboundPolicy } from "./outbound-address-policy";
import { pinnedDispatcher } from "./pinned-dispatcher";

// The one way SSO Bridge sends a request of its own (the cloud SDKs have theirs). Every request has a
// timeout that also covers reading the answer, and redirects are not followed unless the caller says
// so: a redirect would carry the request's credentials to an address nobody checked. A request to a
// URL someone typed names its address policy, which is applied to every address the connection is made
// to (pinned-dispatcher.ts), not only to what DNS answered when the URL was checked.

export type OutboundRequest = {
  /**
   * Which addresses the connection may reach: the policy for a URL a person typed (SCIM endpoint, webhook), checked
   * on every connection; "configured" only for a host from SSO Bridge's own configuration (Graph, Entra's login host).
   */
  policy: OutboundPolicy | "configured";
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
  const init = {
    method: request.method,
    headers: request.headers,
    body: request.body,
    redirect: request.followRedirects ? ("follow" as const) : ("manual" as const),
    signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
  };
  try {
    if (request.policy === "configured") return await fetch(target, init);
    const { body } = request;
    // Requests to URLs people typed carry text; a stream or form would need undici's own classes.
    if (target instanceof Request || (body != null && typeof body !== "string"))
      throw new Error("A request under an address policy is given as a URL, with a text body.");
    // undici's own fetch, so that its dispatcher (the pinned lookup) and fetch are one version.
    return (await pinnedFetch(target, { ...init, headers: [...new Headers(init.headers)], body, dispatcher: pinnedDispatcher(request.policy) })) as Response;
  } catch (e) {
    throw refusalIn(e) ?? asNetworkError(e, new URL(target instanceof Request ? target.url : target).host, request.timeoutMs);
  }
}

/** The address policy's refusal behind a failed connection, so the caller shows its words rather than a network failure. */
function refusalIn(e: unknown): AppError | null {
  for (let link = e, depth = 0; link instanceof Error && depth < 5; link = link.cause, depth += 1) if (link instanceof AppError) return link;
  return null;
}

function asNetworkError(e: unknown, host: string, timeoutMs: number): unknown {
  const failure = classifyNetworkFailure(e, timeoutMs);
  return failure ? new NetworkError(host, failure, { cause: e }) : e;
}
