import { describe, expect, it } from "vitest";
import { REDACTED, redact } from "./redact";

describe("redact", () => {
  it("removes secret-named fields at any depth and keeps the rest", () => {
    const out = redact({
      endpoint: "https://scim.eu-west-1.amazonaws.com/abc/scim/v2/",
      scimToken: "abc",
      nested: { clientSecret: "x", list: [{ password: "p", name: "n" }] },
      Authorization: "Bearer x",
    });
    expect(out).toEqual({
      endpoint: "https://scim.eu-west-1.amazonaws.com/abc/scim/v2/",
      scimToken: REDACTED,
      nested: { clientSecret: REDACTED, list: [{ password: REDACTED, name: "n" }] },
      Authorization: REDACTED,
    });
  });

  it("keeps an error's name and message, which are not enumerable", () => {
    const out = redact({ metadata: new Error("token endpoint said no") }) as { metadata: Record<string, unknown> };
    expect(out.metadata).toMatchObject({ name: "Error", message: "token endpoint said no" });
  });

  it("removes JWT-shaped values whatever their field is called", () => {
    expect(redact({ note: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig" })).toEqual({ note: REDACTED });
  });
});
