import { describe, expect, it } from "vitest";
import { identityFromClaims } from "./entra-claims";

const claims = {
  oid: "a0d1a0d1-0001-4a00-8a00-000000000001",
  tid: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
  preferred_username: "ada@contoso.example",
  name: "Ada",
};

describe("who an ID token says the person is", () => {
  it("reads the acct claim: 0 a member of the tenant, 1 a guest", () => {
    expect(identityFromClaims({ ...claims, acct: 0 }).accountType).toBe("member");
    expect(identityFromClaims({ ...claims, acct: 1 }).accountType).toBe("guest");
    expect(identityFromClaims({ ...claims, acct: "1" }).accountType).toBe("guest");
  });

  it("says nothing about membership when the claim is absent or not one Entra issues", () => {
    expect(identityFromClaims(claims).accountType).toBeNull();
    expect(identityFromClaims({ ...claims, acct: 2 }).accountType).toBeNull();
    expect(identityFromClaims({ ...claims, acct: true }).accountType).toBeNull();
  });

  it("takes the login from preferred_username, else upn, and the name from the login when there is none", () => {
    expect(identityFromClaims({ oid: "x", tid: "y", upn: "ada@contoso.example" })).toMatchObject({
      login: "ada@contoso.example",
      name: "ada@contoso.example",
      email: null,
      idp: null,
    });
  });
});
