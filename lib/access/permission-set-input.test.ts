import { describe, expect, it } from "vitest";
import { definitionOf, formOf, parsePolicyReference, permissionSetForm, sessionHours } from "./permission-set-input";
import { permissionSetTemplates } from "./permission-set-templates";

const form = (f: Record<string, string>) => permissionSetForm.safeParse({ name: "DataReaders", sessionHours: "4", ...f });
const fieldError = (f: Record<string, string>, field: string) => {
  const r = form(f);
  return r.success ? null : (r.error.issues.find((i) => i.path[0] === field)?.message ?? null);
};

describe("the permission set form", () => {
  it("turns the form into what AWS stores, dropping duplicates", () => {
    const r = form({
      description: "Reads the data lake",
      relayState: "https://console.aws.amazon.com/s3/home",
      managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess\n\narn:aws:iam::aws:policy/ReadOnlyAccess",
      customerPolicies: "ReadLogs\n/team/data/ReadLake",
      inlinePolicy: '{ "Version": "2012-10-17", "Statement": { "Effect": "Deny", "Action": "s3:Delete*", "Resource": "*" } }',
      boundary: "customer",
      boundaryPolicy: "/guardrails/Boundary",
    });
    expect(r.success).toBe(true);
    expect(definitionOf(r.data!)).toEqual({
      name: "DataReaders",
      description: "Reads the data lake",
      sessionDuration: "PT4H",
      relayState: "https://console.aws.amazon.com/s3/home",
      managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
      customerManagedPolicies: [
        { name: "ReadLogs", path: "/" },
        { name: "ReadLake", path: "/team/data/" },
      ],
      inlinePolicy: '{"Version":"2012-10-17","Statement":{"Effect":"Deny","Action":"s3:Delete*","Resource":"*"}}',
      permissionsBoundary: { customerManagedPolicy: { name: "Boundary", path: "/guardrails/" } },
    });
  });

  it("says which field AWS would refuse, and why", () => {
    expect(fieldError({ name: "Data Readers" }, "name")).toMatch(/no spaces/);
    expect(fieldError({ name: "x".repeat(33) }, "name")).toMatch(/32/);
    expect(fieldError({ sessionHours: "13" }, "sessionHours")).toMatch(/12 hours/);
    expect(fieldError({ managedPolicies: "ReadOnlyAccess" }, "managedPolicies")).toMatch(/AWS managed policy ARN/);
    expect(fieldError({ customerPolicies: "has space" }, "customerPolicies")).toMatch(/policy name/);
    expect(fieldError({ inlinePolicy: "{ nope" }, "inlinePolicy")).toMatch(/not valid JSON/);
    expect(fieldError({ boundary: "managed", boundaryPolicy: "" }, "boundaryPolicy")).toMatch(/ARN/);
    expect(fieldError({ relayState: "console.aws.amazon.com" }, "relayState")).toMatch(/https:\/\//);
  });

  it("fills the form from a set or a template and reads it back unchanged", () => {
    for (const t of permissionSetTemplates("arn:aws:sso:::instance/ssoins-1234567890abcdef")) {
      const back = permissionSetForm.parse(formOf(t.definition));
      expect(definitionOf(back)).toEqual(t.definition);
    }
  });

  it("uses the instance's partition in template policy ARNs", () => {
    const [readOnly] = permissionSetTemplates("arn:aws-us-gov:sso:::instance/ssoins-1234567890abcdef");
    expect(readOnly!.definition.managedPolicyArns).toEqual(["arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess"]);
  });

  it("reads policy references and session lengths the way AWS writes them", () => {
    expect(parsePolicyReference("/a/b/Name")).toEqual({ name: "Name", path: "/a/b/" });
    expect(parsePolicyReference("a/Name")).toBeNull();
    expect([sessionHours("PT1H"), sessionHours("PT12H"), sessionHours("PT90M"), sessionHours("P1D")]).toEqual([1, 12, 2, 1]);
  });
});
