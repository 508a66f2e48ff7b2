import { describe, expect, it } from "vitest";
import { BUDGETS, bucketOf } from "./budget";

describe("bucketOf", () => {
  it("fills at the share of the published limit", () => {
    const { capacity, perMs } = bucketOf(BUDGETS.awsIdentityCenter, 0.5);
    expect(capacity).toBe(10);
    expect(perMs * 1_000).toBeCloseTo(10);
  });
  it("holds one whole request under a small share, yet refills at the share", () => {
    const { capacity, perMs } = bucketOf(BUDGETS.graphReports, 0.1);
    expect(capacity).toBe(1);
    // 10 % of 5 requests per 10 s is one request every 20 s.
    expect(perMs * 20_000).toBeCloseTo(1);
  });
});
