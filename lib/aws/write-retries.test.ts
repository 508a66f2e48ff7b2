import { describe, expect, it } from "vitest";
import { ThrottlingOnlyRetryStrategy } from "./write-retries";

const failure = (errorType: "THROTTLING" | "TRANSIENT" | "SERVER_ERROR" | "CLIENT_ERROR") => ({ errorType });

describe("ThrottlingOnlyRetryStrategy", () => {
  it("retries a write AWS throttled, and nothing else", async () => {
    const strategy = new ThrottlingOnlyRetryStrategy(() => Promise.resolve(3));
    const first = await strategy.acquireInitialRetryToken("");
    const again = await strategy.refreshRetryTokenForRetry(first, failure("THROTTLING"));
    expect(again.getRetryCount()).toBe(1);
    for (const kind of ["TRANSIENT", "SERVER_ERROR", "CLIENT_ERROR"] as const)
      await expect(strategy.refreshRetryTokenForRetry(first, failure(kind))).rejects.toThrow(/only when AWS throttled/);
  });

  it("stops after the configured attempts, throttled or not", async () => {
    const strategy = new ThrottlingOnlyRetryStrategy(() => Promise.resolve(1));
    await expect(strategy.refreshRetryTokenForRetry(await strategy.acquireInitialRetryToken(""), failure("THROTTLING"))).rejects.toThrow();
  });
});
