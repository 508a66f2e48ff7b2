import { describe, expect, it } from "vitest";
import { cyclePoint } from "./provisioning-history";

const at = (min: number) => new Date(Date.UTC(2026, 10, 29, 8, min));
const row = (state: string, began: number | null, ended: number, entitled: number | null, exported: number | null, failed: number | null) => ({
  state,
  beganAt: began === null ? null : at(began),
  endedAt: at(ended),
  entitled,
  exported,
  failed,
});

describe("the provisioning history's cycles", () => {
  it("draws each cycle with its duration and its objects by outcome", () => {
    expect(cyclePoint(row("Succeeded", 0, 2, 10, 10, 0))).toEqual({ endedAt: at(2), state: "Succeeded", seconds: 120, exported: 10, failed: 0, unchanged: 0 });
    expect(cyclePoint(row("EntryLevelErrors", 40, 41, 12, 3, 2))).toEqual({
      endedAt: at(41),
      state: "EntryLevelErrors",
      seconds: 60,
      exported: 3,
      failed: 2,
      unchanged: 7,
    });
  });

  it("leaves out what Graph did not report", () => {
    expect(cyclePoint(row("Failed", null, 1, null, null, null))).toMatchObject({ state: "Failed", seconds: null, unchanged: null });
  });
});
