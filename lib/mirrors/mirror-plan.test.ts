import { describe, expect, it } from "vitest";
import { exceedsGuard, planMirror, type MirrorState } from "./mirror-plan";

const ids = (n: number, prefix = "u") => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const state = (patch: Partial<MirrorState>): MirrorState => ({
  desired: new Set(),
  actual: new Set(),
  expected: null,
  unsettled: new Set(),
  kept: new Set(),
  excluded: new Set(),
  handEdits: "correct",
  removalGuardPercent: 10,
  removalsConfirmed: false,
  ...patch,
});

describe("a mirror's plan", () => {
  it("adds everyone to a new mirror and removes nobody", () => {
    const plan = planMirror(state({ desired: new Set(ids(50)) }));
    expect(plan.add).toHaveLength(50);
    expect(plan.remove).toEqual([]);
    expect(plan.handAdded).toEqual([]);
  });

  it("adds the people the source gained and removes those it lost", () => {
    const plan = planMirror(state({ desired: new Set([...ids(95), "new"]), actual: new Set(ids(100)), expected: new Set(ids(100)), removalGuardPercent: 10 }));
    expect(plan.add).toEqual(["new"]);
    expect(plan.remove.sort()).toEqual(["u95", "u96", "u97", "u98", "u99"]);
    expect(plan.held).toEqual([]);
  });

  it("holds removals of more than the guard's share for an operator, and makes them once confirmed", () => {
    const big = state({ desired: new Set(ids(80)), actual: new Set(ids(100)), expected: new Set(ids(100)), removalGuardPercent: 10 });
    const held = planMirror(big);
    expect(held.remove).toEqual([]);
    expect(held.held).toHaveLength(20);
    expect(planMirror({ ...big, removalsConfirmed: true }).remove).toHaveLength(20);
    // Emptying a mirror is always held.
    expect(planMirror(state({ actual: new Set(["a"]), expected: new Set(["a"]), removalGuardPercent: 99 })).held).toEqual(["a"]);
  });

  it("reports hand edits and corrects them", () => {
    const plan = planMirror(
      state({ desired: new Set(["a", "b", "c"]), actual: new Set(["a", "c", "intruder"]), expected: new Set(["a", "b", "c"]), removalGuardPercent: 50 }),
    );
    expect(plan.handAdded).toEqual(["intruder"]);
    expect(plan.handRemoved).toEqual(["b"]);
    expect(plan.add).toEqual(["b"]);
    expect(plan.remove).toEqual(["intruder"]);
  });

  it("leaves hand edits as exceptions when the mirror is set to, and keeps them on later runs", () => {
    const first = planMirror(
      state({ desired: new Set(["a", "b", "c"]), actual: new Set(["a", "c", "guest"]), expected: new Set(["a", "b", "c"]), handEdits: "leave" }),
    );
    expect(first).toMatchObject({ add: [], remove: [], keep: ["guest"], exclude: ["b"] });
    const later = planMirror(
      state({
        desired: new Set(["a", "b", "c", "d"]),
        actual: new Set(["a", "c", "guest"]),
        expected: new Set(["a", "c", "guest"]),
        kept: new Set(["guest"]),
        excluded: new Set(["b"]),
        handEdits: "leave",
      }),
    );
    expect(later).toMatchObject({ add: ["d"], remove: [], handAdded: [], handRemoved: [] });
  });

  it("does not take a stopped run's unsettled writes for hand edits", () => {
    const plan = planMirror(state({ desired: new Set(["a", "b"]), actual: new Set(["a", "b"]), expected: new Set(["a"]), unsettled: new Set(["b"]) }));
    expect(plan).toMatchObject({ add: [], remove: [], handAdded: [], handRemoved: [] });
  });

  it("counts the guard against the mirror before the run", () => {
    expect(exceedsGuard(10, 100, 10)).toBe(false);
    expect(exceedsGuard(11, 100, 10)).toBe(true);
    expect(exceedsGuard(1, 0, 10)).toBe(true);
  });
});
