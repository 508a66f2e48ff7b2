import { describe, expect, it } from "vitest";
import { finding } from "./diff";
import { fingerprint, newDriftAlert, newFindings } from "./new-drift-alert";

const now = new Date("2026-12-01T09:00:00Z");

describe("new drift", () => {
  it("is what the previous scan did not find: the same kind about the same objects is not new, another kind about them is", () => {
    const before = [finding("user-only-in-aws", "a", { awsId: "u-1" }), finding("member-only-in-aws", "b", { awsId: "u-2", group: "Ops" })];
    const current = [
      finding("user-only-in-aws", "a", { awsId: "u-1" }),
      finding("member-only-in-aws", "b", { awsId: "u-2", group: "Admins" }),
      finding("user-disabled-active", "a", { awsId: "u-1", entraId: "e-1" }),
    ];
    expect(newFindings(current, new Set(before.map(fingerprint))).map((f) => [f.kind, f.group])).toEqual([
      ["member-only-in-aws", "Admins"],
      ["user-disabled-active", null],
    ]);
  });

  it("is announced as one alert, critical when access that should be gone is among it, the most serious first", () => {
    const fresh = [
      finding("user-attributes", "ada"),
      finding("user-only-in-aws", "stray"),
      finding("user-disabled-active", "grace"),
      finding("user-only-in-aws", "other"),
      finding("member-missing", "alan", { group: "Devs" }),
    ];
    expect(newDriftAlert("scan-1", fresh, now)).toEqual({
      key: "drift-new:scan-1",
      severity: "critical",
      firstSeenAt: now,
      message:
        "A drift scan found 5 new differences between Entra and AWS (Disabled in Entra, active in AWS: 1; Attributes differ: 1; User only in AWS: 2; Membership missing in AWS: 1). The most serious: grace (Disabled in Entra, active in AWS); alan in Devs (Membership missing in AWS); stray (User only in AWS); and 2 more. The Drift page has each one's reason and fix.",
    });
    expect(newDriftAlert("scan-2", [finding("group-renamed", "Ops")], now)?.severity).toBe("warning");
    expect(newDriftAlert("scan-3", [], now)).toBeNull();
  });
});
