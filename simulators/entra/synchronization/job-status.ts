// The synchronizationJob as Graph shows it (schedule and status) and the bookkeeping that turns the
// outcome of each cycle into that status: consecutive complete failures, quarantine and its
// growing retry interval, steady state, entry counts.

export type SynchronizationError = { code: string; message: string; tenantActionable: boolean };

export type SynchronizationTaskExecution = {
  activityIdentifier: string;
  countEntitled: number;
  countEntitledForProvisioning: number;
  countEscrowed: number;
  countEscrowedRaw: number;
  countExported: number;
  countExports: number;
  countImported: number;
  countImportedDeltas: number;
  countImportedReferenceDeltas: number;
  error: SynchronizationError | null;
  state: "Succeeded" | "Failed" | "EntryLevelErrors";
  timeBegan: string;
  timeEnded: string;
};

export type SynchronizationQuarantine = {
  currentBegan: string;
  nextAttempt: string;
  reason:
    | "EncounteredBaseEscrowThreshold"
    | "EncounteredTotalEscrowThreshold"
    | "EncounteredEscrowProportionThreshold"
    | "EncounteredQuarantineException"
    | "Unknown"
    | "QuarantinedOnDemand"
    | "TooManyDeletes"
    | "IngestionInterrupted";
  seriesBegan: string;
  seriesCount: number;
  error: SynchronizationError | null;
};

export type SynchronizationStatusCode = "NotConfigured" | "NotRun" | "Active" | "Paused" | "Quarantine";

export type SynchronizationStatus = {
  code: SynchronizationStatusCode;
  countSuccessiveCompleteFailures: number;
  escrowsPruned: boolean;
  lastExecution: SynchronizationTaskExecution | null;
  lastSuccessfulExecution: SynchronizationTaskExecution | null;
  lastSuccessfulExecutionWithExports: SynchronizationTaskExecution | null;
  progress: unknown[];
  quarantine: SynchronizationQuarantine | null;
  steadyStateFirstAchievedTime: string;
  steadyStateLastAchievedTime: string;
  synchronizedEntryCountByType: { key: string; value: number }[];
  troubleshootingUrl: string | null;
};

export type SynchronizationSchedule = { expiration: string | null; interval: string; state: "Active" | "Disabled" | "Paused" };

/** Graph's "never" for the steady-state timestamps. */
export const NEVER = "0001-01-01T00:00:00Z";
export const QUARANTINE_TROUBLESHOOTING_URL = "https://learn.microsoft.com/entra/identity/app-provisioning/application-provisioning-quarantine-status";

/** Retry delays of a quarantined job as multiples of the normal interval: Entra backs off from a
 * 40-minute cycle to 6, 12 and then 24 hours (9x, 18x, 36x). */
export const QUARANTINE_BACKOFF_MULTIPLIERS = [9, 18, 36] as const;

export function initialStatus(): SynchronizationStatus {
  return {
    code: "Paused",
    countSuccessiveCompleteFailures: 0,
    escrowsPruned: false,
    lastExecution: null,
    lastSuccessfulExecution: null,
    lastSuccessfulExecutionWithExports: null,
    progress: [],
    quarantine: null,
    steadyStateFirstAchievedTime: NEVER,
    steadyStateLastAchievedTime: NEVER,
    synchronizedEntryCountByType: [],
    troubleshootingUrl: null,
  };
}

/** ISO 8601 duration as Graph writes schedule intervals, e.g. PT40M or PT20S. */
export function isoDuration(ms: number): string {
  let seconds = Math.max(0, Math.round(ms / 1000));
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const time = `${hours ? `${hours}H` : ""}${minutes ? `${minutes}M` : ""}${seconds ? `${seconds}S` : ""}`;
  return `P${days ? `${days}D` : ""}${time ? `T${time}` : days ? "" : "T0S"}`;
}

export function quarantineDelayMs(intervalMs: number, seriesCount: number, maxMs: number): number {
  const multiplier = QUARANTINE_BACKOFF_MULTIPLIERS[Math.min(seriesCount, QUARANTINE_BACKOFF_MULTIPLIERS.length - 1)] ?? 36;
  return Math.min(intervalMs * multiplier, maxMs);
}

export type CycleRecord = { execution: SynchronizationTaskExecution; synchronizedUsers: number; synchronizedGroups: number };

/**
 * Folds one finished cycle into the status. Returns how long to wait before the next cycle, or
 * undefined when the job is paused and nothing should be scheduled.
 */
export function recordCycle(
  status: SynchronizationStatus,
  cycle: CycleRecord,
  policy: { intervalMs: number; quarantineAfterFailures: number; maxQuarantineBackoffMs: number; now: Date },
): number | undefined {
  const { execution } = cycle;
  const now = policy.now.toISOString();
  status.lastExecution = execution;
  status.synchronizedEntryCountByType = [
    { key: "User", value: cycle.synchronizedUsers },
    { key: "Group", value: cycle.synchronizedGroups },
  ];
  if (execution.state === "Failed") {
    status.countSuccessiveCompleteFailures++;
    const q = status.quarantine;
    if (q) {
      q.seriesCount++;
      q.currentBegan = now;
      q.error = execution.error;
    } else if (status.countSuccessiveCompleteFailures >= policy.quarantineAfterFailures) {
      status.quarantine = {
        currentBegan: now,
        nextAttempt: now,
        reason: "EncounteredQuarantineException",
        seriesBegan: now,
        seriesCount: 0,
        error: execution.error,
      };
    }
    if (status.quarantine) {
      const delay = quarantineDelayMs(policy.intervalMs, status.quarantine.seriesCount, policy.maxQuarantineBackoffMs);
      status.quarantine.nextAttempt = new Date(policy.now.getTime() + delay).toISOString();
      status.troubleshootingUrl = QUARANTINE_TROUBLESHOOTING_URL;
      if (status.code === "Active") status.code = "Quarantine";
      return status.code === "Paused" ? undefined : delay;
    }
  } else {
    status.countSuccessiveCompleteFailures = 0;
    status.quarantine = null;
    status.troubleshootingUrl = null;
    if (status.code === "Quarantine") status.code = "Active";
    if (execution.state === "Succeeded") status.lastSuccessfulExecution = execution;
    if (execution.countExported > 0) status.lastSuccessfulExecutionWithExports = execution;
    // Steady state: the initial cycle is over and everything entitled has been processed once.
    if (status.steadyStateFirstAchievedTime === NEVER) status.steadyStateFirstAchievedTime = execution.timeEnded;
    status.steadyStateLastAchievedTime = execution.timeEnded;
  }
  return status.code === "Paused" ? undefined : policy.intervalMs;
}

export function clearQuarantine(status: SynchronizationStatus): void {
  status.quarantine = null;
  status.countSuccessiveCompleteFailures = 0;
  status.troubleshootingUrl = null;
}
