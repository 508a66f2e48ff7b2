import { describe, expect, it } from "vitest";
import type { ProvisioningJob } from "../entra/provisioning-job";
import { provisioningJobReading, type ProvisioningJobReadingValue } from "./provisioning-job-reading";

const job: ProvisioningJob = {
  id: "aWSSingleSignon.t.a",
  templateId: "aWSSingleSignon",
  scheduleInterval: "PT40M",
  state: "Active",
  status: {
    code: "Quarantine",
    lastExecution: {
      activityIdentifier: "run-2",
      state: "Failed",
      timeBegan: new Date("2026-11-29T11:59:00Z"),
      timeEnded: new Date("2026-11-29T12:00:00Z"),
      countEntitled: 4,
      countExported: 0,
      countEscrowed: 0,
      error: { code: "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable", message: "401 from the SCIM endpoint" },
    },
    lastSuccessfulExecution: null,
    quarantine: { reason: "EncounteredQuarantineException", since: new Date("2026-11-29T12:00:00Z"), nextAttempt: null, error: "401" },
    countSuccessiveCompleteFailures: 1,
    steadyStateFirstAchievedTime: null,
    synchronizedEntryCountByType: [{ key: "User", value: 3 }],
    troubleshootingUrl: null,
  },
};

describe("the stored provisioning job", () => {
  it("reads back as it was read from Graph, dates included", () => {
    const value: ProvisioningJobReadingValue = { servicePrincipalId: "sp", jobId: job.id, job };
    const decoded = provisioningJobReading.value.decode(provisioningJobReading.value.encode(value));
    expect(decoded).toEqual(value);
    expect(decoded.job?.status.lastExecution?.timeEnded).toBeInstanceOf(Date);
  });

  it("keeps that the job no longer exists apart from never having read it", () => {
    const gone: ProvisioningJobReadingValue = { servicePrincipalId: "sp", jobId: job.id, job: null };
    expect(provisioningJobReading.value.decode(provisioningJobReading.value.encode(gone))).toEqual(gone);
  });

  it("refuses a stored value of another shape rather than showing half of it", () => {
    expect(() => provisioningJobReading.value.decode(JSON.stringify({ servicePrincipalId: "sp", jobId: "j", job: { id: "x" } }))).toThrow(
      /entra-provisioning-job/,
    );
  });
});
