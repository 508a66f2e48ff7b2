import { describe, expect, it } from "vitest";
import { distinctCycles } from "./provisioning-history";

const at = (min: number) => new Date(Date.UTC(2026, 10, 29, 8, min));
const row = (id: string | null, state: string, began: number, ended: number, entitled: number | null, exported: number | null, failed: number | null) => ({
  lastCycleId: id,
  lastCycleState: state,
  lastCycleBeganAt: at(began),
  lastCycleEndedAt: at(ended),
  lastCycleEntitled: entitled,
  lastCycleExported: exported,
  lastCycleFailed: failed,
});

describe("the provisioning history's cycles", () => {
  it("counts a cycle once however many polls saw it, with its duration and objects by outcome", () => {
    const first = row("run-1", "Succeeded", 0, 2, 10, 10, 0);
    const second = row("run-2", "EntryLevelErrors", 40, 41, 12, 3, 2);
    expect(distinctCycles([first, first, second, second, second])).toEqual([
      { endedAt: at(2), state: "Succeeded", seconds: 120, exported: 10, failed: 0, unchanged: 0 },
      { endedAt: at(41), state: "EntryLevelErrors", seconds: 60, exported: 3, failed: 2, unchanged: 7 },
    ]);
  });

  it("tells cycles apart by their end when Graph gives no run id", () => {
    expect(
      distinctCycles([row(null, "Failed", 0, 1, null, null, null), row(null, "Failed", 0, 1, null, null, null), row(null, "Failed", 40, 41, null, null, null)]),
    ).toMatchObject([
      { state: "Failed", unchanged: null },
      { state: "Failed", unchanged: null },
    ]);
  });

  it("skips polls that saw no finished cycle", () => {
    expect(distinctCycles([{ ...row("run-1", "Succeeded", 0, 1, 1, 1, 0), lastCycleEndedAt: null }])).toEqual([]);
  });
});
