import { describe, expect, it } from "vitest";
import { explainFailureGroup, groupFailures } from "./cycle-failures";

const failure = (name: string, errorCode: string | null, errorReason: string) => ({
  errorCode,
  errorReason,
  source: { id: name, displayName: name, type: "User" },
});

describe("a cycle's failures, grouped", () => {
  it("groups by Entra's error code, most frequent first, each with its newest example", () => {
    const groups = groupFailures([
      failure("Nobody Surname", "SystemForCrossDomainIdentityManagementBadRequest", "name.familyName is required"),
      failure("Twin One", "SystemForCrossDomainIdentityManagementServiceEntryConflict", "409 Conflict: user already exists"),
      failure("No Given", "SystemForCrossDomainIdentityManagementBadRequest", "name.givenName is required"),
      failure("Mystery", null, "Something odd"),
    ]);
    expect(groups.map((g) => [g.code, g.count, g.example.source.displayName])).toEqual([
      ["SystemForCrossDomainIdentityManagementBadRequest", 2, "Nobody Surname"],
      ["SystemForCrossDomainIdentityManagementServiceEntryConflict", 1, "Twin One"],
      ["Unknown", 1, "Mystery"],
    ]);
  });

  it("explains a group from its example, naming the attribute AWS requires", () => {
    const [group] = groupFailures([failure("Nobody Surname", "SystemForCrossDomainIdentityManagementBadRequest", "name.familyName is required")]);
    expect(explainFailureGroup(group!)?.summary).toMatch(/last name \(surname\) is empty/);
  });
});
