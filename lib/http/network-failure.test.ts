import { describe, expect, it } from "vitest";
import { classifyNetworkFailure } from "./network-failure";

// Errors in the shapes Node, undici and the AWS SDK's Node HTTP handler give them; the ones fetch
// produces against real sockets are in outbound-fetch.test.ts.
const systemError = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`connect ${code}`), { code, ...extra });
const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

describe("classifyNetworkFailure", () => {
  it.each([
    [systemError("ECONNREFUSED"), "refused the connection", "connection refused"],
    [systemError("ENOTFOUND"), "is not known to DNS", "host name not found"],
    [systemError("EAI_AGAIN"), "is not known to DNS", "host name not found"],
    [systemError("ECONNRESET"), "dropped the connection", "connection dropped"],
    [systemError("EHOSTUNREACH"), "is not reachable from this server's network", "unreachable"],
    [systemError("CERT_HAS_EXPIRED"), "presented a TLS certificate this server does not trust", "untrusted TLS certificate"],
    [systemError("UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "presented a TLS certificate this server does not trust", "untrusted TLS certificate"],
    [systemError("ERR_TLS_CERT_ALTNAME_INVALID"), "presented a TLS certificate this server does not trust", "untrusted TLS certificate"],
    [systemError("ERR_SSL_WRONG_VERSION_NUMBER"), "could not agree on a secure (TLS) connection", "TLS handshake failed"],
    [systemError("ETIMEDOUT"), "did not answer in time", "timed out"],
    [Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "dropped the connection", "connection dropped"],
  ])("words %s, bare and as fetch's cause", (error, reason, label) => {
    expect(classifyNetworkFailure(error)).toMatchObject({ reason, label });
    expect(classifyNetworkFailure(fetchFailed(error))).toMatchObject({ reason, label });
  });

  it("names the caller's timeout when it ran out, and the SDK's own timeouts without a number", () => {
    const timeout = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(classifyNetworkFailure(timeout, 10_000)).toMatchObject({
      kind: "timeout",
      reason: "did not answer within 10 s",
      label: "no answer within 10 s",
      code: null,
    });
    const sdk = Object.assign(new Error("Connection timed out after 1000 ms"), { name: "TimeoutError" });
    expect(classifyNetworkFailure(sdk)).toMatchObject({ kind: "timeout", label: "timed out" });
    expect(classifyNetworkFailure(fetchFailed(systemError("UND_ERR_HEADERS_TIMEOUT")), 60_000)?.reason).toBe("did not answer within 60 s");
  });

  it("looks inside an AggregateError and down a chain of causes, and says where the connection went", () => {
    // Node's shape for a name with several addresses that all refused.
    const aggregate = Object.assign(
      new AggregateError([systemError("ECONNREFUSED", { address: "::1", port: 4100 }), systemError("ECONNREFUSED", { address: "127.0.0.1", port: 4100 })], ""),
      { code: "ECONNREFUSED" },
    );
    expect(classifyNetworkFailure(fetchFailed(aggregate))).toMatchObject({ kind: "refused", code: "ECONNREFUSED", address: "::1:4100" });
    const deep = new Error("request failed", { cause: new Error("socket error", { cause: systemError("ENOTFOUND", { hostname: "scim.example.com" }) }) });
    expect(classifyNetworkFailure(deep)).toMatchObject({ kind: "dns", address: "scim.example.com" });
    expect(classifyNetworkFailure(Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }))?.kind).toBe("dropped");
  });

  it("treats a cancelled request apart from a timeout", () => {
    expect(classifyNetworkFailure(new DOMException("This operation was aborted", "AbortError"), 10_000)).toMatchObject({
      kind: "aborted",
      label: "request cancelled",
    });
  });

  it("says undici's failures without a known code could not reach the server", () => {
    expect(classifyNetworkFailure(fetchFailed(new Error("unknown")))).toMatchObject({ kind: "unreachable", code: null });
    expect(classifyNetworkFailure(new TypeError("terminated"))?.kind).toBe("unreachable");
  });

  it("does not claim errors that are no network failure", () => {
    expect(classifyNetworkFailure(new Error("Cannot read properties of undefined"))).toBeNull();
    expect(classifyNetworkFailure(new TypeError("Headers.append: invalid header value"))).toBeNull();
    // An AWS service error: an answer, not a failure to reach AWS.
    expect(
      classifyNetworkFailure(Object.assign(new Error("User is not authorized"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } })),
    ).toBeNull();
    expect(classifyNetworkFailure("ECONNREFUSED")).toBeNull();
    expect(classifyNetworkFailure(undefined)).toBeNull();
  });
});
