import { describe, expect, it } from "vitest";
import { parseDriftQuery, driftHref } from "./drift-query";
import { driftReport } from "./drift-report";
import { timeLeftMs, type ScanView, type ShownFinding } from "./drift-view";

const progress = { phase: "done" as const, entra: { objects: 120, requests: 6 }, aws: { objects: 300, requests: 14 }, budgetWaitMs: 0 };
const complete: ScanView = {
  id: "scan-1",
  status: "complete",
  startedAt: new Date("2026-03-01T08:00:00Z"),
  finishedAt: new Date("2026-03-01T08:02:00Z"),
  requestedBy: "Ada Admin",
  progress,
  problem: null,
  counts: { "user-only-in-aws": 1 },
  total: 1,
  cancelRequested: false,
};
const finding: ShownFinding = {
  seq: 0,
  kind: "user-only-in-aws",
  subject: "break.glass",
  group: null,
  groupId: null,
  assignment: null,
  entraId: null,
  awsId: "u-1",
  cause: "created-by-hand",
  duplicateOf: null,
  detail: null,
  differences: [],
  resolution: null,
  reason: "Made by hand.",
  fix: "Delete it.",
  href: null,
};

describe("the drift report for the command line", () => {
  it("exits 1 with drift, listing counts by kind and each finding with its reason and fix", () => {
    const r = driftReport(complete, [finding]);
    expect(r.exitCode).toBe(1);
    expect(r.lines).toEqual([
      "1 finding (scan of 2026-03-01 08:02 UTC):",
      "       1  User only in AWS",
      "",
      "User only in AWS: break.glass. Made by hand. Fix: Delete it.",
    ]);
    expect(r.json).toMatchObject({ counts: { "user-only-in-aws": 1 }, findings: [{ subject: "break.glass", reason: "Made by hand." }] });
  });

  it("exits 0 without drift and 2 for a scan that did not finish, with its reason", () => {
    expect(driftReport({ ...complete, counts: {}, total: 0 }, []).exitCode).toBe(0);
    const failed = driftReport({ ...complete, status: "failed", problem: "AWS refused." }, []);
    expect(failed.exitCode).toBe(2);
    expect(failed.lines[0]).toBe("drift scan scan-1 started 2026-03-01 08:00 UTC did not finish: AWS refused.");
  });
});

describe("the Drift page's address and estimate", () => {
  it("keeps only a known kind and a positive page", () => {
    expect(parseDriftQuery({ kind: "user-missing", page: "3" })).toEqual({ kind: "user-missing", page: 3 });
    expect(parseDriftQuery({ kind: "drop table", page: "-1" })).toEqual({ page: 1 });
    expect(driftHref({ kind: "group-missing", page: 2 })).toBe("/drift?kind=group-missing&page=2");
    expect(driftHref({ page: 1 })).toBe("/drift");
  });

  it("judges the time left by the requests the last complete scan needed", () => {
    const running: ScanView = {
      ...complete,
      status: "running",
      startedAt: new Date("2026-03-02T08:00:00Z"),
      progress: { ...progress, phase: "aws", aws: { objects: 100, requests: 4 } },
    };
    // 10 of 20 requests in 60 s: 60 s to go.
    expect(timeLeftMs(running, complete, new Date("2026-03-02T08:01:00Z"))).toBe(60_000);
    expect(timeLeftMs(running, null)).toBeNull();
  });
});
