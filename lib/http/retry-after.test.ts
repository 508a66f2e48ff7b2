import { describe, expect, it } from "vitest";
import { retryAfterMs } from "./retry-after";

const now = Date.parse("2030-01-01T12:00:00Z");
const header = (value: string) => new Headers({ "retry-after": value });

describe("retryAfterMs", () => {
  it("reads whole seconds", () => {
    expect(retryAfterMs(header("3"), { fallbackMs: 500, now })).toBe(3_000);
    expect(retryAfterMs(header(" 0 "), { fallbackMs: 500, now })).toBe(0);
  });

  it("reads an HTTP date as the time left until then, and a date passed as now", () => {
    expect(retryAfterMs(header("Tue, 01 Jan 2030 12:00:05 GMT"), { fallbackMs: 500, now })).toBe(5_000);
    expect(retryAfterMs(header("Tue, 01 Jan 2030 11:59:00 GMT"), { fallbackMs: 500, now })).toBe(0);
  });

  it("waits the caller's fallback without a header or with one it cannot read", () => {
    expect(retryAfterMs(new Headers(), { fallbackMs: 500, now })).toBe(500);
    expect(retryAfterMs(undefined, { fallbackMs: 30_000, now })).toBe(30_000);
    for (const unreadable of ["soon", "1.5", "-3", "Someday"]) expect(retryAfterMs(header(unreadable), { fallbackMs: 500, now })).toBe(500);
  });

  it("never waits longer than the caller's cap", () => {
    expect(retryAfterMs(header("120"), { fallbackMs: 500, maxMs: 2_000, now })).toBe(2_000);
    expect(retryAfterMs(header("Tue, 01 Jan 2030 13:00:00 GMT"), { fallbackMs: 500, maxMs: 2_000, now })).toBe(2_000);
    expect(retryAfterMs(header("1"), { fallbackMs: 500, maxMs: 2_000, now })).toBe(1_000);
  });
});
