import { describe, expect, it } from "vitest";
import type { GraphRequest } from "./routes";
import { searchPredicate } from "./search";

const request = (search: string, headers: Record<string, string> = { consistencylevel: "eventual" }) =>
  ({ query: new URLSearchParams({ $search: search }), headers }) as unknown as GraphRequest;
const matches = (search: string, entity: Record<string, unknown>) =>
  searchPredicate(request(search), new Set(["displayName", "mail", "userPrincipalName"]))!(entity);

describe("$search on directory objects", () => {
  it("matches the start of any word of a display name, and of consecutive words for a phrase", () => {
    expect(matches('"displayName:dev"', { displayName: "AWS Developers" })).toBe(true);
    expect(matches('"displayName:aws adm"', { displayName: "AWS Administrators" })).toBe(true);
    expect(matches('"displayName:velopers"', { displayName: "AWS Developers" })).toBe(false);
    expect(matches('"displayName:data"', { displayName: "BigDataTeam" })).toBe(true);
  });

  it("matches the start of the whole value for mail and user principal name, with OR between clauses", () => {
    expect(matches('"displayName:zz" OR "userPrincipalName:ada"', { displayName: "Ada Admin", userPrincipalName: "ada@contoso.example" })).toBe(true);
    expect(matches('"mail:contoso"', { mail: "ada@contoso.example" })).toBe(false);
  });

  it("needs ConsistencyLevel: eventual, as Graph's advanced queries do", () => {
    expect(() => searchPredicate(request('"displayName:dev"', {}), new Set(["displayName"]))).toThrow(/ConsistencyLevel: eventual/);
  });
});
