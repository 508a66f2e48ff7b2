import { describe, expect, it } from "vitest";
import { diffDirectories } from "./diff";
import type { AwsDirectory, AwsUser } from "../aws/identity-store-directory";
import type { EntraScope, EntraUser } from "../entra/provisioning-scope";
import { explain } from "./finding-explanations";

function entraUser(id: string, upn: string, extra: Partial<EntraUser> = {}): EntraUser {
  const [given, family] = upn.split("@")[0]!.split(".");
  return {
    id,
    userPrincipalName: upn,
    displayName: `${given} ${family}`,
    givenName: given!,
    surname: family!,
    mail: upn,
    jobTitle: null,
    department: null,
    accountEnabled: true,
    guest: false,
    reach: "member",
    ...extra,
  };
}

// What Entra's provisioning makes of the Entra user in AWS.
function provisioned(e: EntraUser, awsId: string, extra: Partial<AwsUser> = {}): AwsUser {
  return {
    id: awsId,
    userName: e.userPrincipalName,
    displayName: e.displayName,
    givenName: e.givenName,
    familyName: e.surname,
    email: e.mail,
    title: e.jobTitle,
    externalIds: [e.id],
    active: e.accountEnabled,
    ...extra,
  };
}

const ada = entraUser("e-ada", "ada.lovelace@contoso.example", { reach: "assigned" });
const grace = entraUser("e-grace", "grace.hopper@contoso.example");
const alan = entraUser("e-alan", "alan.turing@contoso.example", { reach: "nested" });

function inSync(): { entra: EntraScope; aws: AwsDirectory } {
  return {
    entra: {
      users: [ada, grace, alan],
      groups: [{ id: "e-devs", displayName: "AWS Developers" }],
      memberships: [
        { groupId: "e-devs", userId: "e-grace", nested: false },
        { groupId: "e-devs", userId: "e-alan", nested: true },
      ],
    },
    aws: {
      users: [provisioned(ada, "a-ada"), provisioned(grace, "a-grace"), provisioned(alan, "a-alan")],
      groups: [{ id: "a-devs", displayName: "AWS Developers", externalIds: ["e-devs"] }],
      memberships: [
        { groupId: "a-devs", userId: "a-grace" },
        { groupId: "a-devs", userId: "a-alan" },
      ],
    },
  };
}

describe("diffDirectories", () => {
  it("finds nothing when AWS holds what Entra's provisioning would write", () => {
    expect(diffDirectories(inSync().entra, inSync().aws)).toEqual([]);
  });

  it("reports a user in scope missing in AWS, and a disabled one, which Entra never creates, only as a second look", () => {
    const { entra, aws } = inSync();
    aws.users = aws.users.filter((u) => u.id !== "a-ada");
    entra.users.push(entraUser("e-off", "off.boarded@contoso.example", { accountEnabled: false }));
    const findings = diffDirectories(entra, aws);
    expect(findings.map((f) => [f.kind, f.subject, f.cause])).toEqual([
      ["user-missing", "ada.lovelace@contoso.example", null],
      ["user-preflight", "off.boarded@contoso.example", "disabled-in-scope"],
    ]);
  });

  it("tells a user only nesting reaches, and a nested membership Entra will never send, from one it adds next cycle", () => {
    const { entra, aws } = inSync();
    aws.users = aws.users.filter((u) => u.id !== "a-alan");
    aws.memberships = [];
    const findings = diffDirectories(entra, aws);
    expect(findings.map((f) => [f.kind, f.subject, f.cause])).toEqual([
      ["user-nested-only", "alan.turing@contoso.example", "nested"],
      ["member-missing", "grace.hopper@contoso.example", "direct"],
    ]);
    // With Alan in AWS through another path, his missing membership is the nested kind.
    aws.users.push(provisioned(alan, "a-alan"));
    expect(diffDirectories(entra, aws).find((f) => f.subject === "alan.turing@contoso.example")).toMatchObject({
      kind: "member-missing",
      cause: "nested",
      group: "AWS Developers",
    });
    expect(explain(findings[0]!).reason).toContain("never sends members of nested groups");
  });

  it("lists the mapped attributes that differ, both values, and a disabled account still active apart", () => {
    const { entra, aws } = inSync();
    aws.users[0] = { ...aws.users[0]!, familyName: "Byron", title: "Countess", userName: "ADA.LOVELACE@contoso.example" };
    entra.users[1] = { ...grace, accountEnabled: false };
    const findings = diffDirectories(entra, aws);
    expect(findings).toEqual([
      expect.objectContaining({ kind: "user-disabled-active", subject: "grace.hopper@contoso.example", awsId: "a-grace" }),
      expect.objectContaining({
        kind: "user-attributes",
        subject: "ada.lovelace@contoso.example",
        // A user name differing only in case is the same name to AWS.
        differences: [
          { attribute: "familyName", entra: "lovelace", aws: "Byron" },
          { attribute: "title", entra: null, aws: "Countess" },
        ],
      }),
    ]);
    expect(explain(findings[1]!).reason).toContain("Family name is “Byron” in AWS, “lovelace” in Entra");
  });

  it("says whether a user only in AWS was made by hand, left out of scope, or duplicates a provisioned one", () => {
    const { entra, aws } = inSync();
    aws.users.push(
      { ...provisioned(ada, "a-hand"), userName: "hand.made", externalIds: [], email: "hand@contoso.example" },
      { ...provisioned(ada, "a-left"), userName: "left.behind", externalIds: ["e-gone"], email: "left@contoso.example" },
      { ...provisioned(ada, "a-old"), userName: "ada.old@contoso.example", externalIds: ["e-ada-before"] },
    );
    const findings = diffDirectories(entra, aws);
    expect(findings.map((f) => [f.subject, f.cause, f.duplicateOf])).toEqual([
      ["ada.old@contoso.example", "duplicate", "ada.lovelace@contoso.example"],
      ["hand.made", "created-by-hand", null],
      ["left.behind", "out-of-scope", null],
    ]);
  });

  it("matches by the external id before the user name, so a recreated account does not take its predecessor's match", () => {
    const { entra, aws } = inSync();
    // Ada was deleted and recreated in Entra: a new object id, the same user name; AWS still has the old one.
    entra.users[0] = { ...ada, id: "e-ada-new" };
    const findings = diffDirectories(entra, aws);
    expect(findings).toEqual([]);
    // Once the new account is provisioned beside the old one (renamed to free its user name), the old one is a stale duplicate.
    aws.users[0] = { ...aws.users[0]!, userName: "ada.lovelace.old@contoso.example" };
    aws.users.push({ ...provisioned(ada, "a-ada-2"), externalIds: ["e-ada-new"] });
    expect(diffDirectories(entra, aws).map((f) => [f.kind, f.awsId, f.cause])).toEqual([["user-only-in-aws", "a-ada", "duplicate"]]);
  });

  it("finds groups missing, renamed and only in AWS, and memberships only in AWS", () => {
    const { entra, aws } = inSync();
    entra.groups.push({ id: "e-ops", displayName: "AWS Operators" });
    aws.groups[0] = { ...aws.groups[0]!, displayName: "AWS Devs" };
    aws.groups.push({ id: "a-hand", displayName: "Break glass", externalIds: [] });
    aws.memberships.push({ groupId: "a-devs", userId: "a-ada" });
    expect(diffDirectories(entra, aws).map((f) => [f.kind, f.subject, f.group, f.cause])).toEqual([
      ["group-missing", "AWS Operators", null, null],
      ["group-renamed", "AWS Developers", null, null],
      ["group-only-in-aws", "Break glass", null, "created-by-hand"],
      ["member-only-in-aws", "ada.lovelace@contoso.example", "AWS Developers", null],
    ]);
  });
});
