import { GraphError } from "../graph/routes";

// Microsoft Graph's identity and access reports (the audit logs, provisioning logs among them) admit
// five requests per 10 seconds per app and tenant; past that Graph answers 429 Too Many Requests
// with Retry-After, the seconds until a request would be admitted again. A refused request does
// not count against the window.

export type ReportLimit = { requests: number; windowMs: number };
export const REPORTS_LIMIT: ReportLimit = { requests: 5, windowMs: 10_000 };

export class ReportsThrottled extends GraphError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      "TooManyRequests",
      "Too many requests. The reports of this tenant admit 5 requests per 10 seconds per application; retry after the time given in Retry-After.",
    );
  }
}

export class ReportThrottle {
  private readonly admitted = new Map<string, number[]>();

  constructor(
    private readonly limit: ReportLimit = REPORTS_LIMIT,
    private readonly now: () => number = Date.now,
  ) {}

  /** Admits one request of the app in the tenant, or throws ReportsThrottled. */
  admit(caller: { appId: string; tenantId: string }): void {
    const key = `${caller.tenantId}/${caller.appId}`;
    const now = this.now();
    const recent = (this.admitted.get(key) ?? []).filter((t) => now - t < this.limit.windowMs);
    if (recent.length >= this.limit.requests) {
      this.admitted.set(key, recent);
      const oldest = recent[0] ?? now;
      throw new ReportsThrottled(Math.max(1, Math.ceil((oldest + this.limit.windowMs - now) / 1000)));
    }
    recent.push(now);
    this.admitted.set(key, recent);
  }
}
