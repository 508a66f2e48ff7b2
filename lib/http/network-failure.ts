// What went wrong on the way to a server, in plain words, for every outbound call SSO Bridge makes:
// fetch (undici), the AWS SDK's Node HTTP handler and Node's own sockets all describe the same few
// failures with different names, codes and layers of causes. Callers add who they tried to reach
// and what to check; the wording of the failure itself lives here only.

export type NetworkFailureKind = "timeout" | "aborted" | "refused" | "dns" | "certificate" | "tls" | "dropped" | "unreachable";

export type NetworkFailure = {
  kind: NetworkFailureKind;
  /** what the server did, to follow its name or "it": "refused the connection", "did not answer within 10 s" */
  reason: string;
  /** the same as a short label, for a status column or parentheses: "connection refused", "no answer within 10 s" */
  label: string;
  /** the system or undici error code behind it, when there is one */
  code: string | null;
  /** where the failed connection went (address:port, or the host name DNS did not know), when the error says */
  address: string | null;
};

/** A request that failed before an answer was complete, thrown by lib/http's fetch for its callers to word. */
export class NetworkError extends Error {
  constructor(
    readonly host: string,
    readonly failure: NetworkFailure,
    options?: { cause?: unknown },
  ) {
    super(`${host} ${failure.reason}`, options);
    this.name = "NetworkError";
  }
}

type Link = { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; address?: unknown; port?: unknown; hostname?: unknown };

const TIMEOUT_NAMES = new Set(["TimeoutError", "RequestTimeout"]);
const TIMEOUT_CODES = new Set(["ETIMEDOUT", "ESOCKETTIMEDOUT", "UND_ERR_CONNECT_TIMEOUT", "UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT"]);
const DNS_CODES = new Set(["ENOTFOUND", "EAI_AGAIN", "EAI_FAIL", "EAI_NODATA", "ENODATA"]);
const DROPPED_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "UND_ERR_SOCKET", "UND_ERR_CLOSED"]);
const UNREACHABLE_CODES = new Set(["EHOSTUNREACH", "ENETUNREACH", "EHOSTDOWN", "ENETDOWN", "EADDRNOTAVAIL"]);
// Node's certificate verification codes (CERT_HAS_EXPIRED, DEPTH_ZERO_SELF_SIGNED_CERT, ERR_TLS_CERT_ALTNAME_INVALID…).
const CERTIFICATE_CODE = /CERT|UNABLE_TO_VERIFY|SELF_SIGNED|ALTNAME/;
const TLS_CODE = /^ERR_(TLS|SSL)_|^EPROTO$/;
const HUNG_UP = /socket hang up|other side closed/i;

/**
 * The network failure behind an error from fetch, the AWS SDK or a Node socket, following `cause`
 * chains and AggregateError's `errors` (Node reports a refused connection to a name with several
 * addresses that way); null when the error is not a failure to reach a server. `timeoutMs` is the
 * caller's own limit, named in the words when it was what ran out.
 */
export function classifyNetworkFailure(e: unknown, timeoutMs?: number): NetworkFailure | null {
  const links = chain(e);
  const code = links.map((l) => l.code).find((c): c is string => typeof c === "string") ?? null;
  const kind = kindOf(links, code);
  if (kind === null) return null;
  return { kind, ...WORDS[kind](timeoutMs), code, address: addressOf(links) };
}

function kindOf(links: Link[], code: string | null): NetworkFailureKind | null {
  if (links.some((l) => typeof l.name === "string" && TIMEOUT_NAMES.has(l.name)) || (code && TIMEOUT_CODES.has(code))) return "timeout";
  if (links.some((l) => l.name === "AbortError")) return "aborted";
  if (code === "ECONNREFUSED") return "refused";
  if (code && DNS_CODES.has(code)) return "dns";
  if (code && CERTIFICATE_CODE.test(code)) return "certificate";
  if (code && TLS_CODE.test(code)) return "tls";
  if ((code && DROPPED_CODES.has(code)) || links.some((l) => typeof l.message === "string" && HUNG_UP.test(l.message))) return "dropped";
  if (code && UNREACHABLE_CODES.has(code)) return "unreachable";
  // undici wraps every failure to connect or read in this TypeError; its cause may carry no code.
  if (links[0] instanceof TypeError && (links[0].message === "fetch failed" || links[0].message === "terminated")) return "unreachable";
  return null;
}

const WORDS: Record<NetworkFailureKind, (timeoutMs?: number) => { reason: string; label: string }> = {
  timeout: (ms) =>
    ms
      ? { reason: `did not answer within ${ms / 1000} s`, label: `no answer within ${ms / 1000} s` }
      : { reason: "did not answer in time", label: "timed out" },
  aborted: () => ({ reason: "did not answer before the request was cancelled", label: "request cancelled" }),
  refused: () => ({ reason: "refused the connection", label: "connection refused" }),
  dns: () => ({ reason: "is not known to DNS", label: "host name not found" }),
  certificate: () => ({ reason: "presented a TLS certificate this server does not trust", label: "untrusted TLS certificate" }),
  tls: () => ({ reason: "could not agree on a secure (TLS) connection", label: "TLS handshake failed" }),
  dropped: () => ({ reason: "dropped the connection", label: "connection dropped" }),
  unreachable: () => ({ reason: "is not reachable from this server's network", label: "unreachable" }),
};

/** The error, then its causes and the errors an AggregateError gathers, outermost first. */
function chain(e: unknown): Link[] {
  const links: Link[] = [];
  const pending: unknown[] = [e];
  while (pending.length > 0 && links.length < 20) {
    const next = pending.shift();
    if (typeof next !== "object" || next === null || links.includes(next)) continue;
    const link = next as Link;
    links.push(link);
    if (link.cause !== undefined) pending.push(link.cause);
    if (Array.isArray(link.errors)) pending.push(...(link.errors as unknown[]));
  }
  return links;
}

function addressOf(links: Link[]): string | null {
  const withAddress = links.find((l) => typeof l.address === "string" && l.address);
  if (withAddress) return typeof withAddress.port === "number" ? `${withAddress.address as string}:${withAddress.port}` : (withAddress.address as string);
  const withHost = links.find((l) => typeof l.hostname === "string" && l.hostname);
  return (withHost?.hostname as string | undefined) ?? null;
}
