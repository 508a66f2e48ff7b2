import { describe, expect, it } from "vitest";
import { FaultInjector, parseFaultRules } from "./faults";

describe("fault injection", () => {
  it("matches exact routes, prefixes and everything", async () => {
    const always = () => 0;
    expect(await new FaultInjector([{ route: "scim:POST /Users", errorRate: 1 }], always).decide("scim:POST /Users")).toEqual({ kind: "error" });
    expect(await new FaultInjector([{ route: "scim:POST /Users", errorRate: 1 }], always).decide("scim:GET /Users")).toEqual({ kind: "none" });
    expect(await new FaultInjector([{ route: "sso-admin:*", dropRate: 1 }], always).decide("sso-admin:ListInstances")).toEqual({ kind: "drop" });
    expect(await new FaultInjector([{ route: "*", throttleRate: 1 }], always).decide("anything")).toEqual({ kind: "throttle", retryAfterSeconds: 1 });
  });

  it("applies rates as probabilities", async () => {
    const faults = new FaultInjector([{ route: "*", errorRate: 0.5 }], () => 0.7);
    expect(await faults.decide("x")).toEqual({ kind: "none" });
  });

  it("fails only the given number of requests, then lets every one through", async () => {
    const faults = new FaultInjector([{ route: "sso-admin:DescribePermissionSet", errorRate: 1, times: 2 }], () => 0);
    const decisions = [];
    for (let i = 0; i < 4; i++) decisions.push((await faults.decide("sso-admin:DescribePermissionSet")).kind);
    expect(decisions).toEqual(["error", "error", "none", "none"]);
    expect(faults.list()).toEqual([{ route: "sso-admin:DescribePermissionSet", errorRate: 1, times: 0 }]);
    // A request the dice spare does not count.
    const spared = new FaultInjector([{ route: "*", throttleRate: 0.5, times: 1 }], () => 0.9);
    expect(await spared.decide("x")).toEqual({ kind: "none" });
    expect(spared.list()[0]!.times).toBe(1);
  });

  it("lets the first matching requests through untouched when asked to skip them", async () => {
    const faults = new FaultInjector([{ route: "sso-admin:DescribePermissionSet", errorRate: 1, skip: 1, times: 1 }], () => 0);
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push((await faults.decide("sso-admin:DescribePermissionSet")).kind);
    expect(decisions).toEqual(["none", "error", "none"]);
    expect(await faults.decide("sso-admin:ListPermissionSets")).toEqual({ kind: "none" });
  });

  it("delays matching requests by the configured latency", async () => {
    const started = Date.now();
    await new FaultInjector([{ route: "*", latencyMs: 60 }]).decide("x");
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });

  it("parses rules given at start and explains a wrong shape", () => {
    expect(parseFaultRules('[{"route":"graph:*","latencyMs":5}]')).toEqual([{ route: "graph:*", latencyMs: 5 }]);
    expect(parseFaultRules(undefined)).toEqual([]);
    expect(() => parseFaultRules('{"route":"x"}')).toThrow(/JSON array/);
  });
});
