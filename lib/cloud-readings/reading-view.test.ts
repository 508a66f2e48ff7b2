import { describe, expect, it } from "vitest";
import { ageOf } from "./reading-view";

describe("ageOf", () => {
  const now = new Date("2026-11-30T12:00:00Z");
  const before = (ms: number) => new Date(now.getTime() - ms);
  it("says how long ago, in the unit a person reads at a glance", () => {
    expect(ageOf(before(12_000), now)).toBe("12 s ago");
    expect(ageOf(before(3 * 60_000 + 5_000), now)).toBe("3 min ago");
    expect(ageOf(before(2 * 3_600_000), now)).toBe("2 h ago");
    expect(ageOf(before(3 * 86_400_000), now)).toBe("3 days ago");
  });
  it("reads a clock slightly ahead of this one as now", () => {
    expect(ageOf(new Date(now.getTime() + 2_000), now)).toBe("0 s ago");
  });
});
