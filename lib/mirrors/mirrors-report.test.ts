import { describe, expect, it } from "vitest";
import { MIRRORS_EXIT, mirrorsReport } from "./mirrors-report";
import type { MirrorView, RunView } from "./mirrors-view";

const mirror = (patch: Partial<MirrorView> = {}): MirrorView => ({
  id: "m1",
  sourceGroupId: "g-source",
  sourceName: "Platform",
  mirrorGroupId: "g-mirror",
  mirrorName: "Platform (AWS)",
  state: "active",
  handEdits: "correct",
  removalGuardPercent: 10,
  heldRemovals: null,
  removalsConfirmed: false,
  lastSyncAt: new Date("2026-12-01T10:00:00Z"),
  createdAt: new Date("2026-12-01T09:00:00Z"),
  memberCount: 120,
  lastSyncOutcome: "3 added, 0 removed",
  findings: null,
  swap: null,
  exceptions: [],
  heldNames: [],
  ...patch,
});
const run = (patch: Partial<RunView> = {}): RunView => ({
  id: "r1",
  mode: "changes",
  status: "complete",
  startedAt: new Date("2026-12-01T10:00:00Z"),
  finishedAt: new Date("2026-12-01T10:00:05Z"),
  requestedBy: null,
  problem: null,
  progress: {
    phase: "done",
    requests: 4,
    groupsRead: 2,
    mirrorsPlanned: 1,
    membersToWrite: 3,
    membersWritten: 3,
    added: 3,
    removed: 0,
    held: 0,
    budgetWaitMs: 0,
  },
  ...patch,
});

describe("the mirrors report", () => {
  it("lists each mirror with its source, members and last run, and exits 0 when all are kept current", () => {
    const report = mirrorsReport({ mirrors: [mirror()], running: null, latest: run() });
    expect(report.exitCode).toBe(MIRRORS_EXIT.current);
    expect(report.lines[0]).toBe("Platform (AWS) (mirrors Platform): active, 120 members, last run 2026-12-01T10:00:00.000Z: 3 added, 0 removed");
    expect(report.lines[1]).toContain("3 added, 0 removed, 0 removals held, 4 Graph requests");
  });

  it("asks for an operator when removals are held, a source is gone or the last run failed", () => {
    expect(mirrorsReport({ mirrors: [mirror({ heldRemovals: ["u1", "u2"] })], running: null, latest: run() }).exitCode).toBe(MIRRORS_EXIT.attention);
    expect(mirrorsReport({ mirrors: [mirror({ state: "source-deleted" })], running: null, latest: run() }).exitCode).toBe(MIRRORS_EXIT.attention);
    const failed = mirrorsReport({ mirrors: [mirror()], running: null, latest: run({ status: "failed", problem: "Graph is throttling" }) });
    expect(failed.exitCode).toBe(MIRRORS_EXIT.attention);
    expect(failed.lines).toContain("last run (changes) failed: Graph is throttling");
  });

  it("says where a swap stands, and asks for an operator only when it is stuck", () => {
    const swap = { state: "waiting" as const, requestedBy: { id: "p1", label: "Olivia" }, carried: [], problem: null };
    const waiting = mirrorsReport({ mirrors: [mirror({ swap })], running: null, latest: run() });
    expect(waiting.exitCode).toBe(MIRRORS_EXIT.current);
    expect(waiting.lines[0]).toMatch(/; takes its source's place once it is in AWS$/);
    const stuck = mirrorsReport({ mirrors: [mirror({ swap: { ...swap, problem: "AWS refused: no such permission set" } })], running: null, latest: run() });
    expect(stuck.exitCode).toBe(MIRRORS_EXIT.attention);
    expect(stuck.lines[0]).toContain("once it is in AWS: AWS refused: no such permission set");
    const carried = [{ accountId: "111122223333", accountName: "Prod", permissionSet: "Admin" }];
    const done = mirrorsReport({ mirrors: [mirror({ swap: { ...swap, state: "done", carried } })], running: null, latest: run() });
    expect(done.lines[0]).toContain("assigned in place of its source, with 1 AWS account assignments");
    expect(done.json).toMatchObject({ mirrors: [{ swap: { state: "done", awsAccessCarried: 1, problem: null } }] });
  });

  it("says how to start when there are no mirrors", () => {
    const report = mirrorsReport({ mirrors: [], running: null, latest: null });
    expect(report.lines).toEqual(["No mirrors. Mirror a nested group on the Nested groups page."]);
    expect(report.json).toEqual({ mirrors: [], running: null, lastRun: null });
  });
});
