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

  it("holds the routes a rule matches to its request rate together, a second's worth at once, and asks the rest to retry", async () => {
    const faults = new FaultInjector([{ route: "identitystore:*", ratePerSecond: 5 }]);
    const burst = [];
    for (let i = 0; i < 7; i++) burst.push(await faults.decide(i % 2 ? "identitystore:ListUsers" : "identitystore:ListGroups"));
    expect(burst.map((d) => d.kind)).toEqual(["none", "none", "none", "none", "none", "throttle", "throttle"]);
    expect(burst[5]).toEqual({ kind: "throttle", retryAfterSeconds: 1 });
    expect(await faults.decide("sso-admin:ListInstances")).toEqual({ kind: "none" });
    // A token is due every 200 ms.
    await new Promise((resolve) => setTimeout(resolve, 220));
    expect((await faults.decide("identitystore:ListUsers")).kind).toBe("none");
    expect((await faults.decide("identitystore:ListUsers")).kind).toBe("throttle");
    // Graph counts over ten seconds: a bucket of ten seconds' worth lets that much through at once.
    const graph = new FaultInjector([{ route: "graph:*", ratePerSecond: 2, burst: 20 }]);
    const kinds = [];
    for (let i = 0; i < 21; i++) kinds.push((await graph.decide("graph:GET /users")).kind);
    expect(kinds.filter((k) => k === "none")).toHaveLength(20);
    expect(kinds[20]).toBe("throttle");
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

  it("loses the answer of a request it lets through, as a 500 unless told otherwise, counted by times and skip", async () => {
    const faults = new FaultInjector([{ route: "sso-admin:CreatePermissionSet", lostAnswerRate: 1, skip: 1, times: 1 }], () => 0);
    const decisions = [];
    for (let i = 0; i < 3; i++) decisions.push(await faults.decide("sso-admin:CreatePermissionSet"));
    expect(decisions).toEqual([{ kind: "none" }, { kind: "lost-answer", as: "server-error" }, { kind: "none" }]);
    for (const as of ["unavailable", "drop"] as const)
      expect(await new FaultInjector([{ route: "*", lostAnswerRate: 1, lostAnswerAs: as }], () => 0).decide("x")).toEqual({ kind: "lost-answer", as });
    expect(await new FaultInjector([{ route: "*", lostAnswerRate: 0.5 }], () => 0.7).decide("x")).toEqual({ kind: "none" });
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
    expect(parseFaultRules('[{"route":"sso-admin:*","lostAnswerRate":1,"lostAnswerAs":"drop"}]')).toEqual([
      { route: "sso-admin:*", lostAnswerRate: 1, lostAnswerAs: "drop" },
    ]);
    expect(() => parseFaultRules('[{"route":"x","lostAnswerRate":1,"lostAnswerAs":"502"}]')).toThrow(
      /lostAnswerAs must be one of server-error, unavailable, drop/,
    );
  });
});
