import { describe, expect, it } from "vitest";
import { clientAddress } from "./client-address";

describe("the client address taken from X-Forwarded-For", () => {
  it("with no trusted proxies, believes none of it: a client can send any X-Forwarded-For it likes", () => {
    expect(clientAddress("203.0.113.9", 0)).toBeUndefined();
    expect(clientAddress("198.51.100.1, 203.0.113.9", 0)).toBeUndefined();
    expect(clientAddress(null, 0)).toBeUndefined();
  });

  it("behind one proxy, takes the entry that proxy added: the right-most", () => {
    expect(clientAddress("203.0.113.9", 1)).toBe("203.0.113.9");
    // The client wrote the left entry itself; the proxy appended the address it saw.
    expect(clientAddress("10.0.0.1, 203.0.113.9", 1)).toBe("203.0.113.9");
    expect(clientAddress("  10.0.0.1 ,203.0.113.9  ", 1)).toBe("203.0.113.9");
  });

  it("behind several proxies, takes the entry the outermost trusted proxy added", () => {
    // client -> CDN (adds the client's address) -> load balancer (adds the CDN's) -> SSO Bridge
    expect(clientAddress("forged, 203.0.113.9, 198.51.100.7", 2)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9, 198.51.100.7", 2)).toBe("203.0.113.9");
  });

  it("records nothing when the header is shorter than the proxies that should have added to it", () => {
    expect(clientAddress("198.51.100.7", 2)).toBeUndefined();
    expect(clientAddress(null, 1)).toBeUndefined();
    expect(clientAddress("", 1)).toBeUndefined();
  });

  it("keeps IPv6 addresses and drops a port some proxies append", () => {
    expect(clientAddress("2001:db8::1", 1)).toBe("2001:db8::1");
    expect(clientAddress("[2001:db8::1]:51234", 1)).toBe("2001:db8::1");
    expect(clientAddress("203.0.113.9:51234", 1)).toBe("203.0.113.9");
    expect(clientAddress("::ffff:203.0.113.9", 1)).toBe("::ffff:203.0.113.9");
  });

  it("records nothing that is not an address, so no text of a client's choosing reaches the audit log", () => {
    expect(clientAddress("<script>alert(1)</script>", 1)).toBeUndefined();
    expect(clientAddress("unknown", 1)).toBeUndefined();
    expect(clientAddress("203.0.113.9, ", 1)).toBeUndefined();
    expect(clientAddress(`${"1".repeat(200)}`, 1)).toBeUndefined();
  });
});
