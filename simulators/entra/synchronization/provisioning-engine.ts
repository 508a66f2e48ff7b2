import crypto from "node:crypto";
import type { EntraDirectory, ServicePrincipal } from "../directory";
import { GraphError } from "../graph/routes";
import { AWS_RULE_ID, AWS_SYNC_TEMPLATE_ID, isAwsServicePrincipal, newJobId, SOURCE_DIRECTORY, TARGET_DIRECTORY } from "./aws-template";
import {
  clearQuarantine,
  initialStatus,
  isoDuration,
  recordCycle,
  type SynchronizationSchedule,
  type SynchronizationStatus,
  type SynchronizationTaskExecution,
} from "./job-status";
import { deprovisionGroup, deprovisionUser, emptyConnectorState, syncGroup, syncUser, type ConnectorState, type ObjectOutcome } from "./object-sync";
import { allScope, assignedScope, scopingDetails, type ProvisioningScope } from "./provisioning-scope";
import { ProvisioningLogStore, type ProvisioningObjectSummary } from "./provisioning-logs";
import { REPORTS_LIMIT, ReportThrottle, type ReportLimit } from "./report-throttle";
import { ScimClient, ScimRequestError } from "./scim-client";
import { onDemandResult, type OnDemandResult } from "./on-demand-result";

// The Entra provisioning service for the AWS IAM Identity Center app: jobs created from the
// aWSSingleSignon template, the credentials saved for each service principal, and the cycles a
// started job runs (an initial one at once, then one per interval) that push assigned users and
// groups to the SCIM endpoint over HTTP and record provisioning logs and job status.

export const ENTRA_CYCLE_INTERVAL_MS = 40 * 60_000;

export type ProvisioningEngineOptions = {
  directory: EntraDirectory;
  /** time between cycles of an active job; Entra's is about 40 minutes */
  intervalMs?: number;
  /** consecutive complete failures before a job is quarantined */
  quarantineAfterFailures?: number;
  /** cap on the quarantine back-off; Entra's is a day */
  maxQuarantineBackoffMs?: number;
  logs?: ProvisioningLogStore;
  /** provisionOnDemand admits this many requests per window per application */
  onDemandLimit?: { requests: number; windowMs: number };
  /** the reports (provisioning logs) admit this many requests per window per app and tenant */
  reportsLimit?: ReportLimit;
};

export type SyncJob = {
  id: string;
  servicePrincipalId: string;
  templateId: string;
  schedule: SynchronizationSchedule;
  status: SynchronizationStatus;
  connector: ConnectorState;
  timer?: NodeJS.Timeout;
  running?: Promise<SynchronizationTaskExecution>;
  /** a fresh cycle owed to a start or restart that came while a cycle was running */
  rerun?: Promise<void>;
  /**
   * Whether a cycle has evaluated every object since the job started or its watermark was reset.
   * Until then a cycle is an initial one and logs every object; after it, cycles are incremental
   * and log only what changed, as Entra's do.
   */
  initialCycleDone?: boolean;
  /** counts watermark resets, so a reset during a cycle is not undone by that cycle's end */
  watermarkResets?: number;
};

export const RESET_SCOPES = ["None", "ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "Full", "ForceDeletes"] as const;
export type ResetScope = (typeof RESET_SCOPES)[number];

const INVALID_CREDENTIALS = "SystemForCrossDomainIdentityManagementInvalidCredentials";

export class ProvisioningEngine {
  readonly directory: EntraDirectory;
  readonly logs: ProvisioningLogStore;
  private intervalMs: number;
  private readonly quarantineAfterFailures: number;
  private readonly maxQuarantineBackoffMs: number;
  private readonly onDemandLimit: { requests: number; windowMs: number };
  readonly reports: ReportThrottle;
  private readonly jobs = new Map<string, SyncJob>();
  private readonly secrets = new Map<string, Map<string, string>>();
  private readonly onDemandCalls = new Map<string, number[]>();
  private stopped = false;

  constructor(opts: ProvisioningEngineOptions) {
    this.directory = opts.directory;
    this.logs = opts.logs ?? new ProvisioningLogStore();
    this.intervalMs = opts.intervalMs ?? ENTRA_CYCLE_INTERVAL_MS;
    this.quarantineAfterFailures = opts.quarantineAfterFailures ?? 3;
    this.maxQuarantineBackoffMs = opts.maxQuarantineBackoffMs ?? 24 * 3600_000;
    this.onDemandLimit = opts.onDemandLimit ?? { requests: 5, windowMs: 10_000 };
    this.reports = new ReportThrottle(opts.reportsLimit ?? REPORTS_LIMIT);
  }

  /** Changes the cycle interval of every job; active jobs pick it up from their next cycle. */
  setIntervalMs(ms: number): void {
    this.intervalMs = ms;
    for (const job of this.jobs.values()) job.schedule.interval = isoDuration(ms);
  }

  servicePrincipal(id: string): ServicePrincipal {
    const sp = this.directory.servicePrincipals.get(id) ?? [...this.directory.servicePrincipals.values()].find((s) => s.appId === id);
    if (!sp)
      throw new GraphError(
        404,
        "Request_ResourceNotFound",
        `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
      );
    return sp;
  }

  createJob(servicePrincipalId: string, templateId: unknown): SyncJob {
    const sp = this.servicePrincipal(servicePrincipalId);
    if (typeof templateId !== "string" || !templateId) throw new GraphError(400, "BadRequest", "The templateId property is required.");
    if (templateId !== AWS_SYNC_TEMPLATE_ID || !isAwsServicePrincipal(sp)) {
      throw new GraphError(400, "BadRequest", `The template '${templateId}' is not available for this application.`);
    }
    const id = newJobId(this.directory.tenantId, sp);
    if (this.jobs.has(id)) throw new GraphError(409, "Conflict", `A synchronization job for template '${templateId}' already exists.`);
    const job: SyncJob = {
      id,
      servicePrincipalId: sp.id,
      templateId,
      // Created jobs are disabled until started, as the Graph documentation says.
      schedule: { expiration: null, interval: isoDuration(this.intervalMs), state: "Disabled" },
      status: initialStatus(),
      connector: emptyConnectorState(),
    };
    this.jobs.set(id, job);
    return job;
  }

  listJobs(servicePrincipalId: string): SyncJob[] {
    const sp = this.servicePrincipal(servicePrincipalId);
    return [...this.jobs.values()].filter((j) => j.servicePrincipalId === sp.id);
  }

  job(jobId: string, servicePrincipalId?: string): SyncJob {
    const job = this.jobs.get(jobId);
    const spId = servicePrincipalId === undefined ? undefined : this.servicePrincipal(servicePrincipalId).id;
    if (!job || (spId !== undefined && job.servicePrincipalId !== spId)) {
      throw new GraphError(404, "NotFound", `The synchronization job '${jobId}' was not found.`);
    }
    return job;
  }

  deleteJob(jobId: string, servicePrincipalId?: string): void {
    const job = this.job(jobId, servicePrincipalId);
    clearTimeout(job.timer);
    this.jobs.delete(job.id);
  }

  /** PUT …/synchronization/secrets replaces the saved credentials of the application. */
  setSecrets(servicePrincipalId: string, pairs: { key: string; value: string }[]): void {
    const sp = this.servicePrincipal(servicePrincipalId);
    this.secrets.set(sp.id, new Map(pairs.map((p) => [p.key.toLowerCase(), p.value])));
  }

  private credentials(servicePrincipalId: string, pairs?: { key: string; value: string }[]): { baseAddress: string; token: string } | undefined {
    const map = pairs ? new Map(pairs.map((p) => [p.key.toLowerCase(), p.value])) : this.secrets.get(servicePrincipalId);
    const baseAddress = map?.get("baseaddress");
    const token = map?.get("secrettoken");
    return baseAddress && token ? { baseAddress, token } : undefined;
  }

  /** The SyncAll secret chooses between all users and groups and only the assigned ones. */
  private scope(servicePrincipalId: string): ProvisioningScope {
    const syncAll = this.secrets.get(servicePrincipalId)?.get("syncall")?.toLowerCase() === "true";
    return syncAll ? allScope(this.directory) : assignedScope(this.directory, servicePrincipalId);
  }

  start(jobId: string, servicePrincipalId?: string): void {
    const job = this.job(jobId, servicePrincipalId);
    // Starting a quarantined job clears the quarantine (Graph: synchronizationJob start).
    clearQuarantine(job.status);
    job.status.code = "Active";
    job.schedule.state = "Active";
    this.beginCycleNow(job);
  }

  pause(jobId: string, servicePrincipalId?: string): void {
    const job = this.job(jobId, servicePrincipalId);
    job.status.code = "Paused";
    job.schedule.state = "Paused";
    clearTimeout(job.timer);
    job.timer = undefined;
  }

  /** Parses a comma-separated resetScope; empty means what the admin center's Restart does. */
  static parseResetScope(value: unknown): Set<ResetScope> {
    if (value === undefined || value === null || value === "") return new Set<ResetScope>(["QuarantineState", "Watermark", "Escrows"]);
    if (typeof value !== "string") throw new GraphError(400, "BadRequest", "resetScope must be a comma-separated string.");
    const parts = value
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean);
    const scopes = new Set<ResetScope>();
    for (const p of parts) {
      const known = RESET_SCOPES.find((s) => s.toLowerCase() === p.toLowerCase());
      if (!known) throw new GraphError(400, "BadRequest", `Requested value '${p}' was not found. resetScope accepts ${RESET_SCOPES.join(", ")}.`);
      scopes.add(known);
    }
    if (scopes.has("Full")) for (const s of ["ConnectorDataStore", "Escrows", "Watermark", "QuarantineState", "ForceDeletes"] as const) scopes.add(s);
    return scopes;
  }

  restart(jobId: string, resetScope: unknown, servicePrincipalId?: string): void {
    const job = this.job(jobId, servicePrincipalId);
    const scopes = ProvisioningEngine.parseResetScope(resetScope);
    if (scopes.has("QuarantineState")) clearQuarantine(job.status);
    if (scopes.has("ConnectorDataStore") || scopes.has("Watermark")) {
      job.initialCycleDone = false;
      job.watermarkResets = (job.watermarkResets ?? 0) + 1;
    }
    if (scopes.has("ConnectorDataStore")) {
      job.connector = emptyConnectorState();
    } else if (scopes.has("Watermark")) {
      // Re-evaluate everything: nothing counts as already exported, no membership is assumed.
      for (const u of job.connector.users.values()) u.fingerprint = "";
      for (const g of job.connector.groups.values()) g.members = null;
    }
    // Escrows and ForceDeletes have nothing to clear here: failed objects are retried every cycle
    // and the deletion threshold is not simulated.
    job.status.code = "Active";
    job.schedule.state = "Active";
    this.beginCycleNow(job);
  }

  /** Whether no job has a cycle running or owed: the target is as the last cycles left it. */
  idle(): boolean {
    return [...this.jobs.values()].every((job) => !job.running && !job.rerun);
  }

  /** Resolves when no cycle is running or owed. */
  async whenIdle(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId);
    while (job && (job.running || job.rerun)) await (job.rerun ?? job.running)?.catch(() => undefined);
  }

  /** Runs one cycle now (or joins the one in progress) and records its outcome. */
  runCycle(jobId: string): Promise<SynchronizationTaskExecution> {
    const job = this.job(jobId);
    if (job.running) return job.running;
    const running = (async () => {
      try {
        const execution = await this.executeCycle(job);
        const delay = recordCycle(
          job.status,
          { execution, synchronizedUsers: job.connector.users.size, synchronizedGroups: job.connector.groups.size },
          {
            intervalMs: this.intervalMs,
            quarantineAfterFailures: this.quarantineAfterFailures,
            maxQuarantineBackoffMs: this.maxQuarantineBackoffMs,
            now: new Date(),
          },
        );
        if (this.jobs.get(job.id) === job && job.status.code !== "Paused") this.schedule(job, delay);
        return execution;
      } finally {
        job.running = undefined;
      }
    })();
    job.running = running;
    return running;
  }

  /** The initial cycle of a start or restart begins at once, so callers can await whenIdle(). */
  private beginCycleNow(job: SyncJob): void {
    clearTimeout(job.timer);
    job.timer = undefined;
    if (!job.running) {
      this.runCycle(job.id).catch(() => undefined);
      return;
    }
    // The running cycle started from the state before this start or restart; joining it would
    // leave the reset half applied, so a fresh cycle follows it.
    job.rerun ??= job.running
      .catch(() => undefined)
      .then(() => {
        job.rerun = undefined;
        return this.runCycle(job.id);
      })
      .then(
        () => undefined,
        () => undefined,
      );
  }

  private schedule(job: SyncJob, delayMs: number | undefined): void {
    clearTimeout(job.timer);
    job.timer = undefined;
    if (this.stopped || delayMs === undefined) return;
    job.timer = setTimeout(() => {
      job.timer = undefined;
      this.runCycle(job.id).catch(() => undefined);
    }, delayMs);
    // Timers alone must not keep a process (or a test worker) alive.
    job.timer.unref();
  }

  private async executeCycle(job: SyncJob): Promise<SynchronizationTaskExecution> {
    const timeBegan = new Date().toISOString();
    const cycleId = crypto.randomUUID();
    const sp = this.servicePrincipal(job.servicePrincipalId);
    let imported = 0;
    let entitled = 0;
    let exports = 0;
    let exported = 0;
    let escrowed = 0;
    let error: SynchronizationTaskExecution["error"] = null;
    const incremental = job.initialCycleDone === true;
    const resetsAtStart = job.watermarkResets ?? 0;
    const record = (outcome: ObjectOutcome | undefined) => {
      if (!outcome) return;
      // An incremental cycle reads only the changes since its watermark: an object that already
      // matches AWS is not evaluated, so it leaves no entry.
      if (incremental && isRedundantExport(outcome)) return;
      if (outcome.status !== "skipped") exports++;
      if (outcome.exported) exported++;
      if (outcome.status === "failure") escrowed++;
      this.logs.add(this.summary(job, sp, cycleId, outcome));
    };
    try {
      const creds = this.credentials(job.servicePrincipalId);
      if (!creds) throw new ScimRequestError("GET", "(no tenant URL configured)", 401, "No tenant URL and secret token are saved for this application.", "");
      const client = new ScimClient(creds);
      await client.probe();
      const scope = this.scope(job.servicePrincipalId);
      imported = scope.users.size + scope.groups.size;
      entitled = imported;
      for (const user of scope.users.values()) record(await syncUser(client, job.connector, user, scopingDetails(scope, user.id)));
      for (const id of [...job.connector.users.keys()]) {
        if (!scope.users.has(id)) record(await deprovisionUser(client, job.connector, id, this.directory.users.get(id)));
      }
      for (const group of scope.groups.values()) record(await syncGroup(client, job.connector, group, scope.groupMembers.get(group.id) ?? []));
      for (const id of [...job.connector.groups.keys()]) {
        if (!scope.groups.has(id)) record(await deprovisionGroup(client, job.connector, id, this.directory.groups.get(id)));
      }
      if ((job.watermarkResets ?? 0) === resetsAtStart) job.initialCycleDone = true;
    } catch (err) {
      error = cycleError(err);
    }
    const execution: SynchronizationTaskExecution = {
      activityIdentifier: cycleId,
      countEntitled: entitled,
      countEntitledForProvisioning: entitled,
      countEscrowed: escrowed,
      countEscrowedRaw: escrowed,
      countExported: exported,
      countExports: exports,
      countImported: imported,
      countImportedDeltas: imported,
      countImportedReferenceDeltas: 0,
      error,
      state: error ? "Failed" : escrowed > 0 ? "EntryLevelErrors" : "Succeeded",
      timeBegan,
      timeEnded: new Date().toISOString(),
    };
    return execution;
  }

  private summary(job: SyncJob, sp: ServicePrincipal, cycleId: string, o: ObjectOutcome): ProvisioningObjectSummary {
    return {
      id: crypto.randomUUID(),
      activityDateTime: o.endTime,
      tenantId: this.directory.tenantId,
      jobId: job.id,
      cycleId,
      changeId: o.changeId,
      provisioningAction: o.action,
      durationInMilliseconds: Math.max(0, Date.parse(o.endTime) - Date.parse(o.startTime)),
      provisioningStatusInfo: { status: o.status, errorInformation: o.error },
      provisioningSteps: o.steps,
      modifiedProperties: o.modifiedProperties,
      servicePrincipal: { id: sp.id, displayName: sp.displayName },
      sourceSystem: { id: null, displayName: SOURCE_DIRECTORY, details: {} },
      targetSystem: {
        id: null,
        displayName: sp.displayName,
        details: { ApplicationId: sp.appId, ServicePrincipalId: sp.id, ServicePrincipalDisplayName: sp.displayName },
      },
      initiatedBy: { id: "", displayName: "Azure AD Provisioning Service", initiatorType: "system" },
      sourceIdentity: { id: o.source.id, displayName: o.source.displayName, identityType: o.source.type, details: {} },
      targetIdentity: { id: o.target.id, displayName: o.target.displayName, identityType: o.target.type, details: {} },
    };
  }

  /** POST …/validateCredentials: the same probe the cycle starts with, against the given or saved credentials. */
  async validateCredentials(jobId: string, servicePrincipalId: string, body: { useSavedCredentials?: unknown; credentials?: unknown }): Promise<void> {
    const job = this.job(jobId, servicePrincipalId);
    const pairs = body.useSavedCredentials === true ? undefined : parsePairs(body.credentials, "credentials");
    const creds = this.credentials(job.servicePrincipalId, pairs);
    if (!creds) throw new GraphError(400, "BadRequest", "Both BaseAddress and SecretToken credentials are required.");
    try {
      await new ScimClient({ ...creds, retries: 0 }).probe();
    } catch (err) {
      if (!(err instanceof ScimRequestError)) throw err;
      if (err.status === 0) {
        throw new GraphError(
          400,
          "SystemForCrossDomainIdentityManagementCredentialValidationUnavailable",
          `We could not reach your application at ${creds.baseAddress}: ${err.detail}`,
        );
      }
      throw new GraphError(
        400,
        "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
        `While attempting to validate our authorization to access your application, we received this unexpected response: Resource: ${err.url} Operation: GET Response Status Code: ${err.status} Response Content: ${err.responseText || err.detail}`,
      );
    }
  }

  /** POST …/provisionOnDemand for one user or group; 5 requests per 10 seconds per application. */
  async provisionOnDemand(jobId: string, servicePrincipalId: string, parameters: unknown): Promise<OnDemandResult> {
    const job = this.job(jobId, servicePrincipalId);
    this.admitOnDemand(job.servicePrincipalId);
    const subject = onDemandSubject(parameters);
    const sp = this.servicePrincipal(job.servicePrincipalId);
    const creds = this.credentials(job.servicePrincipalId);
    if (!creds) throw new GraphError(400, "BadRequest", "Provisioning credentials are not configured for this application.");
    const client = new ScimClient(creds);
    const scope = this.scope(job.servicePrincipalId);
    const cycleId = crypto.randomUUID();
    let outcome: ObjectOutcome | undefined;
    try {
      if (subject.type === "User") {
        const user = this.directory.users.get(subject.objectId);
        if (!user) throw new GraphError(404, "NotFound", `User '${subject.objectId}' was not found.`);
        outcome = scope.users.has(user.id)
          ? await syncUser(client, job.connector, user, scopingDetails(scope, user.id), { onDemand: true })
          : ((await deprovisionUser(client, job.connector, user.id, user)) ?? notInScope(user.id, user.userPrincipalName, "User"));
      } else {
        const group = this.directory.groups.get(subject.objectId);
        if (!group) throw new GraphError(404, "NotFound", `Group '${subject.objectId}' was not found.`);
        if (!scope.groups.has(group.id)) {
          outcome = notInScope(group.id, group.displayName, "Group");
        } else {
          // On-demand provisioning of a group brings along at most five of its members.
          const members = (scope.groupMembers.get(group.id) ?? []).slice(0, 5);
          for (const id of members) {
            const user = scope.users.get(id);
            if (user) this.logs.add(this.summary(job, sp, cycleId, await syncUser(client, job.connector, user, scopingDetails(scope, id), { onDemand: true })));
          }
          outcome = await syncGroup(client, job.connector, group, scope.groupMembers.get(group.id) ?? []);
        }
      }
    } catch (err) {
      if (err instanceof GraphError) throw err;
      const error = cycleError(err);
      return onDemandResult(connectionFailure(subject.objectId, subject.type, error.code, error.message), TARGET_DIRECTORY);
    }
    this.logs.add(this.summary(job, sp, cycleId, outcome));
    return onDemandResult(outcome, TARGET_DIRECTORY);
  }

  private admitOnDemand(servicePrincipalId: string): void {
    const now = Date.now();
    const calls = (this.onDemandCalls.get(servicePrincipalId) ?? []).filter((t) => now - t < this.onDemandLimit.windowMs);
    if (calls.length >= this.onDemandLimit.requests) {
      const oldest = calls[0] ?? now;
      const retryAfter = Math.max(1, Math.ceil((oldest + this.onDemandLimit.windowMs - now) / 1000));
      throw new OnDemandThrottled(retryAfter);
    }
    calls.push(now);
    this.onDemandCalls.set(servicePrincipalId, calls);
  }

  toGraph(job: SyncJob) {
    return { id: job.id, templateId: job.templateId, schedule: { ...job.schedule }, status: structuredClone(job.status), synchronizationJobSettings: [] };
  }

  /** Clears every timer and waits for cycles in progress; the engine schedules nothing afterwards. */
  /** What outlives a restart of the simulator: the jobs, the credentials saved for each app, and the provisioning logs. */
  persistentState(): { jobs: Map<string, SyncJob>; secrets: Map<string, Map<string, string>>; logs: ProvisioningLogStore } {
    return { jobs: this.jobs, secrets: this.secrets, logs: this.logs };
  }

  /**
   * After a restart put the jobs back: each running one carries on at its next cycle, as Entra's
   * would after an outage; a quarantined one keeps its backoff (its next attempt as recorded).
   */
  resumeJobs(now = Date.now()): void {
    for (const job of this.jobs.values()) {
      if (job.schedule.state !== "Active" || job.status.code === "Paused") continue;
      const nextAttempt = job.status.quarantine ? Date.parse(job.status.quarantine.nextAttempt) : NaN;
      this.schedule(job, Number.isNaN(nextAttempt) ? this.intervalMs : Math.max(0, nextAttempt - now));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs.values()) {
      clearTimeout(job.timer);
      job.timer = undefined;
    }
    await Promise.allSettled([...this.jobs.values()].flatMap((j) => j.running ?? []));
  }
}

export class OnDemandThrottled extends GraphError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, "TooManyRequests", "Too many provisionOnDemand requests: at most 5 are accepted per 10 seconds for an application.");
  }
}

function cycleError(err: unknown): { code: string; message: string; tenantActionable: boolean } {
  if (err instanceof ScimRequestError) {
    if (err.isConnectionFailure) {
      return {
        code: INVALID_CREDENTIALS,
        message: `Failed to connect to the target application. Check the tenant URL and secret token. ${err.method} ${err.url} returned ${err.status === 0 ? "no response" : `HTTP ${err.status}`}: ${err.detail}`,
        tenantActionable: true,
      };
    }
    return { code: "SystemForCrossDomainIdentityManagementServiceFailure", message: err.message, tenantActionable: false };
  }
  return { code: "UnexpectedError", message: err instanceof Error ? err.message : String(err), tenantActionable: false };
}

function parsePairs(value: unknown, name: string): { key: string; value: string }[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (
    !Array.isArray(value) ||
    !value.every((p) => p && typeof p === "object" && typeof (p as { key?: unknown }).key === "string" && typeof (p as { value?: unknown }).value === "string")
  ) {
    throw new GraphError(400, "BadRequest", `${name} must be an array of {key, value} strings.`);
  }
  return value as { key: string; value: string }[];
}

export function parseSecrets(body: unknown): { key: string; value: string }[] {
  const pairs = parsePairs((body as { value?: unknown } | null)?.value, "value");
  if (!pairs) throw new GraphError(400, "BadRequest", "The request body must be {value: [{key, value}]}.");
  return pairs;
}

function onDemandSubject(parameters: unknown): { objectId: string; type: "User" | "Group" } {
  if (!Array.isArray(parameters) || parameters.length !== 1)
    throw new GraphError(400, "BadRequest", "parameters must hold exactly one synchronizationJobApplicationParameters.");
  const p = parameters[0] as { ruleId?: unknown; subjects?: unknown };
  if (p.ruleId !== AWS_RULE_ID)
    throw new GraphError(400, "BadRequest", `The rule '${String(p.ruleId)}' does not exist in the job's schema or does not support provisioning on demand.`);
  if (!Array.isArray(p.subjects) || p.subjects.length !== 1) throw new GraphError(400, "BadRequest", "Provision on demand accepts exactly one subject.");
  const s = p.subjects[0] as { objectId?: unknown; objectTypeName?: unknown };
  const type = typeof s.objectTypeName === "string" ? s.objectTypeName.toLowerCase() : "";
  if (typeof s.objectId !== "string" || (type !== "user" && type !== "group")) {
    throw new GraphError(400, "BadRequest", "Each subject needs an objectId and an objectTypeName of User or Group.");
  }
  return { objectId: s.objectId, type: type === "user" ? "User" : "Group" };
}

function isRedundantExport(outcome: ObjectOutcome): boolean {
  return outcome.status === "skipped" && outcome.steps.some((step) => step.details.SkipReason === "RedundantExport");
}

function notInScope(id: string, displayName: string, type: "User" | "Group"): ObjectOutcome {
  const now = new Date().toISOString();
  return {
    changeId: crypto.randomUUID(),
    action: "other",
    status: "skipped",
    error: null,
    steps: [
      {
        name: "EntryImport",
        provisioningStepType: "import",
        status: "success",
        description: `Retrieved ${type} '${displayName}' from ${SOURCE_DIRECTORY}`,
        details: {},
      },
      {
        name: "EntrySynchronizationScoping",
        provisioningStepType: "scoping",
        status: "skipped",
        description: `${type} '${displayName}' is not assigned to the application and is not in scope for provisioning.`,
        details: { Assigned: "False", IsEffectivelyEntitledForProvisioning: "False", SkipReason: "NotEffectivelyEntitled" },
      },
    ],
    modifiedProperties: [],
    source: { id, displayName, type },
    target: { id: "", displayName: "", type },
    startTime: now,
    endTime: now,
    exported: false,
  };
}

function connectionFailure(id: string, type: "User" | "Group", code: string, message: string): ObjectOutcome {
  const now = new Date().toISOString();
  return {
    changeId: crypto.randomUUID(),
    action: "other",
    status: "failure",
    error: {
      errorCode: code,
      reason: message,
      additionalDetails: null,
      errorCategory: "nonServiceFailure",
      recommendedAction: "Check the tenant URL and the secret token, then test the connection.",
    },
    steps: [{ name: "EntryImport", provisioningStepType: "matching", status: "failure", description: message, details: {} }],
    modifiedProperties: [],
    source: { id, displayName: id, type },
    target: { id: "", displayName: "", type },
    startTime: now,
    endTime: now,
    exported: false,
  };
}
