import { describe, expect, it } from "vitest";
import type { ProvisioningLogEntry } from "../entra/provisioning-logs";
import { lastAttemptCause } from "./last-attempt";

const entry = (status: ProvisioningLogEntry["status"], rest: Partial<ProvisioningLogEntry> = {}): ProvisioningLogEntry => ({
  id: "log-1",
  activityDateTime: new Date("2026-11-30T08:15:00Z"),
  cycleId: "cycle-1",
  action: "Create",
  status,
  errorCode: null,
  errorReason: null,
  recommendedAction: null,
  source: { id: "e-1", displayName: "ada@contoso.example", type: "User" },
  target: { id: "", displayName: "" },
  steps: [],
  ...rest,
});

describe("a missing user's last attempt", () => {
  it("gives AWS's refusal in plain words when it failed", () => {
    const cause = lastAttemptCause(
      entry("failure", { errorCode: "SystemForCrossDomainIdentityManagementBadRequest", errorReason: "name.familyName is required" }),
    );
    expect(cause).toEqual({
      cause: "last-attempt-failed",
      detail: expect.stringMatching(/^2026-11-30 08:15 UTC: AWS refused .* last name \(surname\) is empty/),
    });
  });

  it("gives the step Entra skipped it at, or nothing for an attempt that worked", () => {
    const skipped = entry("skipped", {
      steps: [{ name: "EntrySynchronizationSkip", status: "Skipped", description: "User 'ada' is disabled and will not be created.", details: {} }],
    });
    expect(lastAttemptCause(skipped)).toEqual({
      cause: "last-attempt-skipped",
      detail: "2026-11-30 08:15 UTC: User 'ada' is disabled and will not be created.",
    });
    expect(lastAttemptCause(entry("success"))).toBeNull();
  });
});
