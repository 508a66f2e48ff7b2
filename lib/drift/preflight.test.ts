import { describe, expect, it } from "vitest";
import type { EntraScope, EntraUser } from "../entra/provisioning-scope";
import { diffDirectories } from "./diff";
import { explain } from "./finding-explanations";
import { preflight } from "./preflight";

function user(id: string, extra: Partial<EntraUser> = {}): EntraUser {
  return {
    id,
    userPrincipalName: `${id}@contoso.example`,
    displayName: id,
    givenName: "Given",
    surname: "Family",
    mail: `${id}@contoso.example`,
    jobTitle: null,
    department: null,
    accountEnabled: true,
    guest: false,
    reach: "member",
    ...extra,
  };
}

const scope = (users: EntraUser[]): EntraScope => ({ users, groups: [], memberships: [] });
const rules = (users: EntraUser[]) => preflight(scope(users)).map((i) => [i.rule, i.user.id, i.detail]);

describe("preflight", () => {
  it("passes users AWS accepts", () => {
    expect(rules([user("ada"), user("grace", { jobTitle: "Rear Admiral" })])).toEqual([]);
  });

  it("names the missing name parts AWS requires", () => {
    expect(rules([user("mono", { surname: null }), user("blank", { givenName: " ", surname: "" })])).toEqual([
      ["name-missing", "mono", "last name"],
      ["name-missing", "blank", "first name and last name"],
    ]);
  });

  it("finds control characters in any mapped attribute, and user names over 128 characters", () => {
    expect(rules([user("tab", { jobTitle: "Lead\tEngineer" }), user("x".repeat(120))])).toEqual([
      ["control-characters", "tab", "job title"],
      ["user-name-too-long", "x".repeat(120), "136"],
    ]);
  });

  it("flags guests and shared emails as warnings, for everyone sharing one", () => {
    expect(rules([user("guest", { guest: true }), user("a", { mail: "team@contoso.example" }), user("b", { mail: "TEAM@contoso.example" })])).toEqual([
      ["guest", "guest", "guest@contoso.example"],
      ["duplicate-email", "a", "team@contoso.example (2 users)"],
      ["duplicate-email", "b", "team@contoso.example (2 users)"],
    ]);
  });

  it("judges only users Entra provisions: not those only nesting reaches, and a disabled one only as disabled", () => {
    expect(rules([user("nested", { reach: "nested", surname: null }), user("off", { accountEnabled: false, surname: null })])).toEqual([
      ["disabled-in-scope", "off", "member"],
    ]);
  });

  it("says why a disabled account in scope is not in AWS, and nothing more once AWS has it", () => {
    const off = user("off", { accountEnabled: false });
    expect(diffDirectories(scope([off]), { users: [], groups: [], memberships: [] }).map((f) => [f.kind, f.cause])).toEqual([
      ["user-preflight", "disabled-in-scope"],
    ]);
    const inAws = {
      id: "a-off",
      userName: "off@contoso.example",
      displayName: "off",
      givenName: "Given",
      familyName: "Family",
      email: "off@contoso.example",
      title: null,
      externalIds: [off.id],
      active: false,
    };
    expect(diffDirectories(scope([off]), { users: [inAws], groups: [], memberships: [] })).toEqual([]);
  });

  it("gives a user missing in AWS the rule AWS refused it by, and lists warnings as their own findings", () => {
    const findings = diffDirectories(scope([user("mono", { surname: null }), user("guest", { guest: true })]), { users: [], groups: [], memberships: [] });
    expect(findings.map((f) => [f.kind, f.subject, f.cause])).toEqual([
      ["user-missing", "guest@contoso.example", null],
      ["user-missing", "mono@contoso.example", "name-missing"],
      ["user-preflight", "guest@contoso.example", "guest"],
    ]);
    expect(explain(findings[1]!).reason).toBe("The user has no last name in Entra, and AWS refuses a user without a given and a family name.");
  });
});
