import { describe, expect, it } from "vitest";
import { parseFilter } from "./odata";

// $filter as Graph evaluates it on directory objects: `and` binds tighter than `or`, and quoted
// literals may contain the operators' words.

const allowed = new Set(["displayName", "userPrincipalName", "mail"]);
const people = [
  { id: "1", displayName: "Quinn O'Neil", userPrincipalName: "quinn@contoso.example", mail: null },
  { id: "2", displayName: "Sam", userPrincipalName: "qa.sam@contoso.example", mail: "sam@contoso.example" },
  { id: "3", displayName: "Rock and or Roll", userPrincipalName: "rock@contoso.example", mail: "q@contoso.example" },
];
const ids = (expr: string) => people.filter(parseFilter(expr, allowed, "User")).map((p) => p.id);

describe("$filter", () => {
  it("combines startswith clauses with or", () => {
    expect(ids("startswith(displayName,'Qu') or startswith(userPrincipalName,'qa') or startswith(mail,'q@')")).toEqual(["1", "2", "3"]);
    expect(ids("startswith(displayName,'Quinn O''') or startswith(mail,'sam')")).toEqual(["1", "2"]);
  });

  it("evaluates and before or, and ignores operator words inside literals", () => {
    expect(ids("displayName eq 'Sam' and mail eq 'nope' or displayName eq 'Rock and or Roll'")).toEqual(["3"]);
  });
});
