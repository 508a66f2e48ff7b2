import { describe, expect, it } from "vitest";
import { explainProvisioningError, type Explainable } from "./explain-scim-error";

const failure = (errorCode: string | null, detail: string, over: Partial<Explainable> = {}): Explainable => ({
  status: "failure",
  errorCode,
  errorReason: `StatusCode: 400 Message: Processing of the HTTP request resulted in an exception. Web Response: {"detail":"${detail}"}. Detail: ${detail}`,
  source: { id: "u1", displayName: "mono@contoso.example", type: "User" },
  steps: [],
  ...over,
});
const BAD = "SystemForCrossDomainIdentityManagementBadRequest";

describe("explaining AWS SCIM failures", () => {
  it("names the missing required attribute in Entra's words", () => {
    const e = explainProvisioningError(failure(BAD, "name.familyName is required."));
    expect(e?.summary).toMatch(/“mono@contoso.example” because the last name \(surname\) is empty/);
    expect(e?.fix).toMatch(/Fill in the last name/);
    expect(explainProvisioningError(failure(BAD, "name.givenName and name.familyName are required."))?.summary).toMatch(
      /first name \(givenName\) or the last name/,
    );
    expect(explainProvisioningError(failure(BAD, "displayName is required."))?.summary).toMatch(/display name is empty/);
  });

  it("recognises several values, bad characters and the member limit", () => {
    expect(explainProvisioningError(failure(BAD, "Multiple values for emails are not supported."))?.summary).toMatch(/emails has several values/);
    expect(explainProvisioningError(failure("SchemaPropertyCanOnlyAcceptValue", "x"))?.fix).toMatch(/single value/);
    expect(explainProvisioningError(failure(BAD, "title contains characters that are not allowed."))?.summary).toMatch(/control character/);
    const group = { source: { id: "g1", displayName: "Big", type: "Group" } };
    expect(explainProvisioningError(failure(BAD, "A maximum of 100 members can be added in a single request.", group))?.summary).toMatch(
      /members of the group “Big”/,
    );
  });

  it("goes by the error code before the reason text", () => {
    expect(explainProvisioningError(failure("SystemForCrossDomainIdentityManagementInvalidCredentials", "The Authorization header is invalid"))?.fix).toMatch(
      /new access token/,
    );
    expect(explainProvisioningError(failure("SystemForCrossDomainIdentityManagementThrottled", "Too many requests"))?.summary).toMatch(/429/);
    expect(
      explainProvisioningError(failure("SystemForCrossDomainIdentityManagementEntryConflict", "Refused to create a new, duplicate resource."))?.summary,
    ).toMatch(/already has/);
    expect(explainProvisioningError(failure("DuplicateTargetEntries", ""))?.fix).toMatch(/delete or rename/);
    // A known code wins over misleading text.
    expect(explainProvisioningError(failure("SystemForCrossDomainIdentityManagementThrottled", "displayName is required."))?.summary).toMatch(/throttled/);
  });

  it("falls back on the reason when there is no code", () => {
    expect(explainProvisioningError({ ...failure(null, ""), errorReason: "HTTP 409: user already exists" })?.summary).toMatch(/same unique name/);
    expect(explainProvisioningError({ ...failure(null, ""), errorReason: "401 Unauthorized" })?.summary).toMatch(/SCIM access token/);
  });

  it("explains members left out of a group, and nothing for plain successes or unknown failures", () => {
    const steps = [{ name: "EntryExportUpdate", status: "success", description: "", details: { MembersNotProvisioned: "3" } }];
    const group = { status: "success" as const, errorCode: null, errorReason: null, source: { id: "g", displayName: "AWS Developers", type: "Group" }, steps };
    expect(explainProvisioningError(group)?.summary).toMatch(/^3 members of the group “AWS Developers”.*nested groups/);
    expect(explainProvisioningError({ ...group, steps: [] })).toBeNull();
    expect(explainProvisioningError(failure("SystemForCrossDomainIdentityManagementServiceFailure", "Service failed"))).toBeNull();
  });
});
