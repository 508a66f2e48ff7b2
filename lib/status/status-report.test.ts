import { describe, expect, it } from "vitest";
import type { ProvisioningStatus } from "../provisioning/provisioning-status";
import type { FederationStatus } from "../setup/federation-status";
import { statusReport, type ProvisioningReading } from "./status-report";

const configured: FederationStatus = {
  state: "configured",
  stepsDone: 6,
  stepsTotal: 6,
  lastVerifiedAt: new Date("2026-03-01T08:30:00Z"),
  certificate: { thumbprint: "AB12", notAfter: new Date("2027-03-01T00:00:00Z"), daysLeft: 365 },
  firstProblem: null,
  proof: {
    confirmedBy: "Ada Admin",
    confirmedAt: new Date("2026-03-01T08:00:00Z"),
    changeVerifiedAt: new Date("2026-03-01T08:10:00Z"),
    evidence: { kind: "entra-sign-in", observedAt: new Date("2026-03-01T08:35:00Z"), subject: "ada@contoso.example", certificateThumbprint: "AB12" },
  },
};

const healthy: ProvisioningStatus = {
  state: "healthy",
  jobCode: "Active",
  lastSuccessAt: null,
  quarantineReason: null,
  consecutiveFailures: 0,
  lastCycle: {
    id: "run-1",
    state: "Succeeded",
    beganAt: null,
    endedAt: new Date("2026-03-01T08:40:00Z"),
    reason: null,
    error: null,
    entitled: 12,
    exported: 0,
    failed: 0,
  },
  provisioned: { users: 12, groups: 3 },
  token: { expiresAt: new Date("2026-12-01T00:00:00Z"), daysLeft: 275, rejected: false },
  firstProblem: null,
};

const unknown: ProvisioningReading = {
  state: "unknown",
  errorCode: "Throttled",
  firstProblem: { message: "Could not read the provisioning job: Graph is busy.", href: "/provisioning" },
};

describe("statusReport", () => {
  it("exits 0 and lists the key facts when both areas are healthy", () => {
    const r = statusReport(configured, healthy);
    expect(r.exitCode).toBe(0);
    expect(r.lines).toEqual([
      "federation   configured     6/6 steps, last checked 2026-03-01 08:30 UTC, certificate expires in 365 days (2027-03-01), sign-in proven 2026-03-01 08:35 UTC",
      "provisioning healthy        job Active, last cycle Succeeded 2026-03-01 08:40 UTC, 12 users and 3 groups in AWS, SCIM token expires in 275 days (2026-12-01)",
    ]);
  });

  it("exits 1 when an area is degraded, and names the first problem with where to fix it", () => {
    const r = statusReport(configured, {
      ...healthy,
      state: "degraded",
      token: { ...healthy.token!, daysLeft: 20 },
      firstProblem: { message: "The SCIM token expires in 20 days.", href: "/setup#scim-credentials" },
    });
    expect(r.exitCode).toBe(1);
    const partly = statusReport(configured, { ...healthy, state: "degraded", lastCycle: { ...healthy.lastCycle!, state: "EntryLevelErrors", failed: 2 } });
    expect(partly.lines[1]).toContain("last cycle EntryLevelErrors 2026-03-01 08:40 UTC with 2 failed,");
    expect(r.lines[1]).toMatch(
      /^provisioning degraded .*SCIM token expires in 20 days \(2026-12-01\); The SCIM token expires in 20 days\. → \/setup#scim-credentials$/,
    );
  });

  it("treats a job Graph could not report on as degraded, not as healthy or broken", () => {
    const r = statusReport(configured, unknown);
    expect(r.exitCode).toBe(1);
    expect(r.lines[1]).toBe("provisioning unknown        Could not read the provisioning job: Graph is busy. → /provisioning");
  });

  it.each(["broken", "not-configured", "in-progress"] as const)("exits 2 when federation is %s, whatever provisioning says", (state) => {
    expect(statusReport({ ...configured, state }, healthy).exitCode).toBe(2);
    expect(statusReport({ ...configured, state }, unknown).exitCode).toBe(2);
  });

  it("exits 2 when provisioning is broken even if federation is only degraded", () => {
    expect(statusReport({ ...configured, state: "degraded" }, { ...healthy, state: "broken" }).exitCode).toBe(2);
  });

  it("asks for attention (1) when only a person's word says the federation works", () => {
    const unproven: FederationStatus = {
      ...configured,
      state: "unverified",
      proof: { ...configured.proof!, changeVerifiedAt: null, evidence: null },
      firstProblem: { message: "Confirmed by Ada Admin, not proven by a sign-in: run a test sign-in.", href: "/setup#sign-in-test" },
    };
    const r = statusReport(unproven, healthy);
    expect(r.exitCode).toBe(1);
    expect(r.lines[0]).toContain(
      "identity source change only confirmed, sign-in not proven; Confirmed by Ada Admin, not proven by a sign-in: run a test sign-in. → /setup#sign-in-test",
    );
    // AWS accepting the SCIM token shows the change was made; sign-in still needs its proof.
    const changed = statusReport({ ...unproven, proof: { ...unproven.proof!, changeVerifiedAt: new Date("2026-03-01T08:10:00Z") } }, healthy);
    expect(changed.exitCode).toBe(1);
    expect(changed.lines[0]).toContain("identity source change verified 2026-03-01 08:10 UTC, sign-in not proven");
  });

  it("says when federation was never verified and when certificates or tokens have expired", () => {
    const r = statusReport(
      { ...configured, state: "broken", lastVerifiedAt: null, certificate: { ...configured.certificate!, daysLeft: -2 } },
      { ...healthy, state: "broken", lastCycle: null, token: { ...healthy.token!, daysLeft: -1 } },
    );
    expect(r.lines[0]).toContain("never checked, certificate expired on 2027-03-01");
    expect(r.lines[1]).toContain("job Active, no cycle yet, 12 users and 3 groups in AWS, SCIM token expired on 2026-12-01");
  });

  it("gives monitoring one JSON object with ISO dates and the exit code", () => {
    const json = JSON.parse(JSON.stringify(statusReport(configured, healthy).json));
    expect(json).toMatchObject({
      exitCode: 0,
      federation: { state: "configured", lastVerifiedAt: "2026-03-01T08:30:00.000Z", certificate: { notAfter: "2027-03-01T00:00:00.000Z", daysLeft: 365 } },
      provisioning: { state: "healthy", lastCycle: { endedAt: "2026-03-01T08:40:00.000Z" }, token: { expiresAt: "2026-12-01T00:00:00.000Z" } },
    });
  });
});
