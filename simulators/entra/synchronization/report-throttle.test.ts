import { describe, expect, it } from "vitest";
import { ReportsThrottled, ReportThrottle } from "./report-throttle";

const app = { appId: "app-1", tenantId: "tenant-1" };

function refusal(f: () => void): ReportsThrottled | null {
  try {
    f();
    return null;
  } catch (e) {
    if (e instanceof ReportsThrottled) return e;
    throw e;
  }
}

describe("the reports' throttling", () => {
  it("admits five requests in ten seconds per app and tenant, then answers 429 with the seconds to wait", () => {
    let now = 1_000_000;
    const throttle = new ReportThrottle(undefined, () => now);
    for (let i = 0; i < 5; i++) {
      expect(refusal(() => throttle.admit(app))).toBeNull();
      now += 1_000;
    }
    // The first request was admitted 5 s ago: a sixth is admitted 5 s from now.
    const refused = refusal(() => throttle.admit(app));
    expect(refused).toMatchObject({ status: 429, code: "TooManyRequests", retryAfterSeconds: 5 });
    now += 5_000;
    expect(refusal(() => throttle.admit(app))).toBeNull();
  });

  it("counts each app in each tenant apart, and does not count refused requests", () => {
    let now = 0;
    const throttle = new ReportThrottle({ requests: 2, windowMs: 10_000 }, () => now);
    throttle.admit(app);
    throttle.admit(app);
    expect(refusal(() => throttle.admit(app))).not.toBeNull();
    expect(refusal(() => throttle.admit({ ...app, appId: "app-2" }))).toBeNull();
    expect(refusal(() => throttle.admit({ ...app, tenantId: "tenant-2" }))).toBeNull();
    // Hammering while refused does not push the window on.
    for (let i = 0; i < 10; i++) refusal(() => throttle.admit(app));
    now = 10_000;
    expect(refusal(() => throttle.admit(app))).toBeNull();
  });
});
