import { describe, expect, it } from "vitest";
import { detailsDiff } from "./details-diff";

describe("an audited change's before and after", () => {
  it("lists only the fields that changed, nested ones by their path", () => {
    expect(
      detailsDiff({
        before: { sessionDuration: "PT4H", managedPolicyArns: ["a"], boundary: null, relay: { url: "x" } },
        after: { sessionDuration: "PT8H", managedPolicyArns: ["a", "b"], boundary: { arn: "y" }, relay: { url: "x" } },
        reprovision: { accounts: 1 },
      }),
    ).toEqual([
      { path: "boundary.arn", before: null, after: "y" },
      { path: "managedPolicyArns", before: '["a"]', after: '["a","b"]' },
      { path: "sessionDuration", before: "PT4H", after: "PT8H" },
    ]);
  });

  it("shows a creation and a removal as all fields appearing or going", () => {
    expect(detailsDiff({ before: null, after: { name: "DataReaders" } })).toEqual([{ path: "name", before: null, after: "DataReaders" }]);
    expect(detailsDiff({ before: { enabled: true }, after: null })).toEqual([{ path: "enabled", before: "true", after: null }]);
  });

  it("has nothing to say of details without before or after", () => {
    expect(detailsDiff({ requestId: "r1" })).toBeNull();
    expect(detailsDiff("text")).toBeNull();
  });
});
