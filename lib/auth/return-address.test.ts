import { describe, expect, it } from "vitest";
import { returnPath } from "./return-address";

const ORIGIN = "https://sso-bridge.example.com";

describe("the address a sign-in returns to", () => {
  it("keeps a path on this site with its query and fragment", () => {
    expect(returnPath("/audit", ORIGIN)).toBe("/audit");
    expect(returnPath("/audit?action=person.role.change&outcome=success#top", ORIGIN)).toBe("/audit?action=person.role.change&outcome=success#top");
    expect(returnPath("/access/users/abc%20def", ORIGIN)).toBe("/access/users/abc%20def");
    // A query may carry anything: it never changes where the browser goes.
    expect(returnPath("/audit?q=//evil.example", ORIGIN)).toBe("/audit?q=//evil.example");
  });

  it("keeps an absolute address on this very origin, as a path", () => {
    expect(returnPath("https://sso-bridge.example.com/settings", ORIGIN)).toBe("/settings");
    expect(returnPath("HTTPS://SSO-BRIDGE.EXAMPLE.COM:443/settings", ORIGIN)).toBe("/settings");
  });

  it("resolves dot segments the way the browser will, and then keeps only a plain path", () => {
    expect(returnPath("/setup/../audit", ORIGIN)).toBe("/audit");
    expect(returnPath("/./settings", ORIGIN)).toBe("/settings");
  });

  // Each of these reaches another site in some browser, or in Next.js's own handling of the path.
  const offSite = [
    "//evil.example",
    "///evil.example",
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/%252e//evil.example",
    "/%2f%2fevil.example",
    "/%2F/evil.example",
    "/%252f%252fevil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/%5cevil.example",
    "/%255cevil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%09/evil.example",
    "/\u0000/evil.example",
    "/%00/evil.example",
    " //evil.example",
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example/",
    "http://sso-bridge.example.com/settings",
    "https://sso-bridge.example.com.evil.example/",
    "https://sso-bridge.example.com@evil.example/",
    "https:evil.example",
    "//sso-bridge.example.com@evil.example",
    "evil.example",
    "",
  ];
  it.each(offSite)("sends %j home instead", (address) => {
    expect(returnPath(address, ORIGIN)).toBe("/");
  });

  it("sends a missing or malformed address home", () => {
    expect(returnPath(undefined, ORIGIN)).toBe("/");
    expect(returnPath("/%E0%A4%A", ORIGIN)).toBe("/");
  });

  it("without an origin of its own, accepts paths only", () => {
    expect(returnPath("/audit")).toBe("/audit");
    expect(returnPath("https://sso-bridge.example.com/audit")).toBe("/");
    expect(returnPath("/.//evil.example")).toBe("/");
  });
});
