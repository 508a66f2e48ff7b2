import { describe, expect, it } from "vitest";
import type { ProvisioningStatus } from "../provisioning/provisioning-status";
import { alertConditions } from "./conditions";

const now = new Date("2026-11-29T12:00:00Z");
const DAY = 86_400_000;

const healthy: ProvisioningStatus = {
  state: "healthy",
  jobCode: "Active",
  lastSuccessAt: null,
  quarantineReason: null,
  consecutiveFailures: 0,
  lastCycle: { id: "run-1", state: "Succeeded", beganAt: null, endedAt: now, reason: null, error: null, entitled: 4, exported: 4, failed: 0 },
  provisioned: { users: 1, groups: 1 },
  token: { expiresAt: new Date(now.getTime() + 300 * DAY), daysLeft: 300, rejected: false },
  firstProblem: null,
};

const withToken = (daysLeft: number) => ({ ...healthy, token: { expiresAt: new Date(now.getTime() + daysLeft * DAY), daysLeft, rejected: false } });
const keys = (p: ProvisioningStatus, cert: { notAfter: Date; daysLeft: number } | null = null) =>
  alertConditions({ provisioning: p, federationCertificate: cert, now }).map((c) => c.key);

describe("alert conditions", () => {
  it("finds nothing when provisioning is healthy and the certificate is far from expiry", () => {
    expect(keys(healthy, { notAfter: new Date(now.getTime() + 200 * DAY), daysLeft: 200 })).toEqual([]);
  });

  it("names the nearest SCIM token threshold crossed, so each threshold fires once", () => {
    expect(keys(withToken(31))).toEqual([]);
    expect(keys(withToken(30))).toEqual(["scim-token-expiry:30"]);
    expect(keys(withToken(15))).toEqual(["scim-token-expiry:30"]);
    expect(keys(withToken(14))).toEqual(["scim-token-expiry:14"]);
    expect(keys(withToken(7))).toEqual(["scim-token-expiry:7"]);
    expect(keys(withToken(1))).toEqual(["scim-token-expiry:1"]);
    expect(keys(withToken(0))).toEqual(["scim-token-expiry:1"]);
    expect(keys(withToken(-1))).toEqual(["scim-token-expiry:expired"]);
  });

  it("grades token alerts: warnings far out, critical from seven days", () => {
    const [far] = alertConditions({ provisioning: withToken(20), federationCertificate: null, now });
    const [near] = alertConditions({ provisioning: withToken(3), federationCertificate: null, now });
    expect(far).toMatchObject({ severity: "warning", family: "scim-token-expiry" });
    expect(near?.severity).toBe("critical");
    expect(near?.message).toContain("expires in 3 days");
  });

  it("counts down the signing certificate at 60, 30 and 7 days, then expired", () => {
    const cert = (daysLeft: number) => keys(healthy, { notAfter: new Date(now.getTime() + daysLeft * DAY), daysLeft });
    expect(cert(61)).toEqual([]);
    expect(cert(60)).toEqual(["signing-certificate-expiry:60"]);
    expect(cert(29)).toEqual(["signing-certificate-expiry:30"]);
    expect(cert(7)).toEqual(["signing-certificate-expiry:7"]);
    expect(cert(-3)).toEqual(["signing-certificate-expiry:expired"]);
  });

  it("reports quarantine, a failed cycle and a paused or missing job", () => {
    expect(
      keys({
        ...healthy,
        state: "broken",
        jobCode: "Quarantine",
        lastCycle: { id: "run-1", state: "Failed", beganAt: null, endedAt: now, reason: null, error: "401 from SCIM", entitled: 4, exported: 0, failed: 0 },
      }),
    ).toEqual(["provisioning-quarantine", "provisioning-failures"]);
    expect(keys({ ...healthy, state: "degraded", jobCode: "Paused" })).toEqual(["provisioning-stopped"]);
    expect(keys({ ...healthy, state: "broken", jobCode: null, lastCycle: null })).toEqual(["provisioning-stopped"]);
  });

  it("says nothing about a job that is still being set up", () => {
    expect(keys({ ...healthy, state: "in-progress", jobCode: null, lastCycle: null, token: null })).toEqual([]);
    // Created, not started yet: Entra holds a new job paused until the last setup step starts it.
    expect(keys({ ...healthy, state: "in-progress", jobCode: "Paused", lastCycle: null })).toEqual([]);
  });
});
