import { describe, expect, it } from "vitest";
import type { AwsDirectory, AwsUser } from "../aws/identity-store-directory";
import { assignmentFindings, type AssignmentRecord } from "./assignment-drift";

const user = (id: string, userName: string, displayName: string | null = null): AwsUser => ({
  id,
  userName,
  displayName,
  givenName: null,
  familyName: null,
  email: null,
  title: null,
  externalIds: [],
  active: true,
});
const ps = "arn:aws:sso:::permissionSet/ssoins-1/ps-1";
const record = (principalId: string, principalName: string, accountId = "111122223333", principalType: "USER" | "GROUP" = "USER"): AssignmentRecord => ({
  accountId,
  permissionSetArn: ps,
  permissionSetName: "Readers",
  principalType,
  principalId,
  principalName,
});

describe("assignment drift", () => {
  it("finds an assignment to a principal AWS no longer has, and the successor of the same name that lacks it", () => {
    const aws: AwsDirectory = {
      users: [user("u-new", "rita@contoso.example", "Rita")],
      groups: [{ id: "g-1", displayName: "Ops", externalIds: [] }],
      memberships: [],
    };
    const findings = assignmentFindings(
      [
        { accountId: "111122223333", permissionSetArn: ps, principalType: "USER", principalId: "u-old" },
        { accountId: "111122223333", permissionSetArn: ps, principalType: "GROUP", principalId: "g-1" },
      ],
      aws,
      [record("u-old", "Rita")],
    );
    expect(findings.map((f) => [f.kind, f.subject, f.awsId, f.assignment.formerPrincipalId, f.assignment.permissionSetName])).toEqual([
      ["assignment-orphaned", "Rita", "u-old", "u-old", "Readers"],
      ["assignment-lost", "rita@contoso.example", "u-new", "u-old", "Readers"],
    ]);
  });

  it("knows a lost assignment from SSO Bridge's records alone when AWS dropped the orphan, and names an unknown principal by its id", () => {
    const aws: AwsDirectory = {
      users: [user("u-new", "rita@contoso.example")],
      groups: [{ id: "g-new", displayName: "Ops", externalIds: [] }],
      memberships: [],
    };
    const findings = assignmentFindings([{ accountId: "444455556666", permissionSetArn: ps, principalType: "USER", principalId: "u-unknown" }], aws, [
      record("u-old", "rita@contoso.example"),
      record("g-old", "Ops", "111122223333", "GROUP"),
    ]);
    expect(findings.map((f) => [f.kind, f.subject, f.awsId])).toEqual([
      ["assignment-orphaned", "u-unknown", "u-unknown"],
      ["assignment-lost", "rita@contoso.example", "u-new"],
      ["assignment-lost", "Ops", "g-new"],
    ]);
  });

  it("names a permission set as AWS last listed it, which SSO Bridge's records may not know", () => {
    const aws: AwsDirectory = { users: [], groups: [], memberships: [] };
    const handMade = "arn:aws:sso:::permissionSet/ssoins-1/ps-2";
    const orphans = [
      { accountId: "111122223333", permissionSetArn: handMade, principalType: "USER" as const, principalId: "u-1" },
      { accountId: "111122223333", permissionSetArn: "arn:aws:sso:::permissionSet/ssoins-1/ps-3", principalType: "USER" as const, principalId: "u-2" },
      { accountId: "111122223333", permissionSetArn: ps, principalType: "USER" as const, principalId: "u-3" },
    ];
    const findings = assignmentFindings(orphans, aws, [record("u-9", "Rita")], new Map([[handMade, "LegacyOperators"]]));
    expect(findings.map((f) => f.assignment.permissionSetName)).toEqual(["LegacyOperators", null, "Readers"]);
  });

  it("reports no loss when the successor has the access already, or when the name is ambiguous", () => {
    const held = { accountId: "111122223333", permissionSetArn: ps, principalType: "USER" as const, principalId: "u-new" };
    const aws: AwsDirectory = { users: [user("u-new", "rita@contoso.example", "Rita")], groups: [], memberships: [] };
    expect(assignmentFindings([held], aws, [record("u-old", "Rita")])).toEqual([]);
    const twins: AwsDirectory = {
      users: [user("u-a", "rita.a@contoso.example", "Rita"), user("u-b", "rita.b@contoso.example", "Rita")],
      groups: [],
      memberships: [],
    };
    expect(assignmentFindings([], twins, [record("u-old", "Rita")])).toEqual([]);
  });
});
