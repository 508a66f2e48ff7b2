import { describe, expect, it } from "vitest";
import { explainFailureGroup, failureGroups } from "./cycle-failures";

const failure = (name: string, errorCode: string | null, errorReason: string, count = 1) => ({
  entry: { errorCode, errorReason, source: { id: name, displayName: name, type: "User" } },
  count,
});

describe("a cycle's failures, grouped", () => {
  it("orders Entra's error codes most frequent first, each with its example", () => {
    const groups = failureGroups([
      failure("Mystery", null, "Something odd"),
      failure("Twin One", "SystemForCrossDomainIdentityManagementServiceEntryConflict", "409 Conflict: user already exists"),
      failure("Nobody Surname", "SystemForCrossDomainIdentityManagementBadRequest", "name.familyName is required", 2),
    ]);
    expect(groups.map((g) => [g.code, g.count, g.example.source.displayName])).toEqual([
      ["SystemForCrossDomainIdentityManagementBadRequest", 2, "Nobody Surname"],
      ["SystemForCrossDomainIdentityManagementServiceEntryConflict", 1, "Twin One"],
      ["Unknown", 1, "Mystery"],
    ]);
  });

  it("explains a group from its example, naming the attribute AWS requires", () => {
    const [group] = failureGroups([failure("Nobody Surname", "SystemForCrossDomainIdentityManagementBadRequest", "name.familyName is required")]);
    expect(explainFailureGroup(group!)?.summary).toMatch(/last name \(surname\) is empty/);
  });
});
