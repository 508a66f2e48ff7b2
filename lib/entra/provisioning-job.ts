import { GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { graphError } from "./graph-errors";
import { parseGraph, readAllPages } from "./graph-read";
import type { GraphSession } from "./graph-session";

// Entra's provisioning job for the AWS enterprise app (the synchronization API): the job made
// from the AWS IAM Identity Center template, the SCIM endpoint and token it pushes with, and
// starting, pausing and restarting it.

/** factoryTag of the IAM Identity Center template; `aws` is the single-account AWS app's. */
export const AWS_SYNC_TEMPLATE_ID = "aWSSingleSignon";

export type ResetScope = "Full" | "QuarantineState" | "Watermark" | "Escrows" | "ForceDeletes";
export type ExecutionSummary = {
  /** identifies the run */
  activityIdentifier: string | null;
  state: string;
  timeBegan: Date | null;
  timeEnded: Date | null;
  countEntitled: number | null;
  countExported: number | null;
  /** objects that failed in the run (Graph calls them escrows) */
  countEscrowed: number | null;
  error: { code: string; message: string } | null;
};
export type JobStatus = {
  code: string;
  lastExecution: ExecutionSummary | null;
  lastSuccessfulExecution: ExecutionSummary | null;
  quarantine: { reason: string; since: Date; nextAttempt: Date | null; error: string | null } | null;
  countSuccessiveCompleteFailures: number;
  steadyStateFirstAchievedTime: Date | null;
  synchronizedEntryCountByType: { key: string; value: number }[];
  troubleshootingUrl: string | null;
};
export type ProvisioningJob = { id: string; templateId: string; scheduleInterval: string | null; state: string; status: JobStatus };
export type ScimCredentials = { baseAddress: string; secretToken: string };

const syncError = z.object({ code: z.string().nullish(), message: z.string().nullish() });
const execution = z.object({
  activityIdentifier: z.string().nullish(),
  state: z.string(),
  timeBegan: z.string().nullish(),
  timeEnded: z.string().nullish(),
  countEntitled: z.number().nullish(),
  countExported: z.number().nullish(),
  countEscrowed: z.number().nullish(),
  error: syncError.nullish(),
});
const job = z.object({
  id: z.string().min(1),
  templateId: z.string(),
  schedule: z.object({ interval: z.string().nullish(), state: z.string().nullish() }).nullish(),
  status: z.object({
    code: z.string(),
    lastExecution: execution.nullish(),
    lastSuccessfulExecution: execution.nullish(),
    quarantine: z
      .object({
        reason: z.string().nullish(),
        seriesBegan: z.string().nullish(),
        currentBegan: z.string().nullish(),
        nextAttempt: z.string().nullish(),
        error: syncError.nullish(),
      })
      .nullish(),
    countSuccessiveCompleteFailures: z.number().nullish(),
    steadyStateFirstAchievedTime: z.string().nullish(),
    synchronizedEntryCountByType: z.array(z.object({ key: z.string(), value: z.number() })).nullish(),
    troubleshootingUrl: z.string().nullish(),
  }),
});

function jobsPath(servicePrincipalId: string): string {
  return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/jobs`;
}

function jobPath(servicePrincipalId: string, jobId: string): string {
  return `${jobsPath(servicePrincipalId)}/${encodeURIComponent(jobId)}`;
}

export async function findProvisioningJob(session: GraphSession, servicePrincipalId: string): Promise<ProvisioningJob | null> {
  try {
    const jobs = await readAllPages(session, jobsPath(servicePrincipalId), job, "the provisioning jobs");
    const found = jobs.find((j) => j.templateId === AWS_SYNC_TEMPLATE_ID);
    return found ? provisioningJob(found) : null;
  } catch (e) {
    throw graphError(e, "list the enterprise app's provisioning jobs");
  }
}

/** Adopts the job made from the AWS template if there is one, else creates it. */
export async function ensureProvisioningJob(session: GraphSession, servicePrincipalId: string): Promise<{ job: ProvisioningJob; created: boolean }> {
  const existing = await findProvisioningJob(session, servicePrincipalId);
  if (existing) return { job: existing, created: false };
  try {
    const body: unknown = await session.client.api(jobsPath(servicePrincipalId)).post({ templateId: AWS_SYNC_TEMPLATE_ID });
    return { job: provisioningJob(parseGraph(job, body, "the new provisioning job")), created: true };
  } catch (e) {
    // Another run created it in the meantime: Entra allows one job per template.
    if (e instanceof GraphError && e.statusCode === 409) {
      const raced = await findProvisioningJob(session, servicePrincipalId);
      if (raced) return { job: raced, created: false };
    }
    throw graphError(e, "create the provisioning job for the enterprise app");
  }
}

/** The job, or null when it or its enterprise app no longer exists. */
export async function getProvisioningJob(session: GraphSession, servicePrincipalId: string, jobId: string): Promise<ProvisioningJob | null> {
  try {
    return provisioningJob(parseGraph(job, await session.client.api(jobPath(servicePrincipalId, jobId)).get(), "the provisioning job"));
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return null;
    throw graphError(e, "read the provisioning job");
  }
}

/**
 * Saves the tenant URL and secret token, and with them the scope "Sync only assigned users and
 * groups" (the SyncAll secret set to false). Graph offers no way to read secrets back and does
 * not document whether a PUT merges, so the scope always travels with the credentials rather
 * than in a request of its own that could leave the job without them.
 */
export async function saveProvisioningSecrets(session: GraphSession, servicePrincipalId: string, secrets: ScimCredentials): Promise<void> {
  const credentials = scimCredentials(secrets);
  try {
    await session.client
      .api(`/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/synchronization/secrets`)
      .put({ value: [...credentialPairs(credentials), { key: "SyncAll", value: "false" }] });
  } catch (e) {
    throw graphError(e, "save the AWS SCIM endpoint and token in the provisioning settings");
  }
}

/** Entra itself calls the SCIM endpoint with these credentials, as the admin center's Test Connection does. */
export async function validateProvisioningCredentials(
  session: GraphSession,
  servicePrincipalId: string,
  jobId: string,
  secrets: ScimCredentials,
): Promise<void> {
  const credentials = scimCredentials(secrets);
  try {
    await session.client
      .api(`${jobPath(servicePrincipalId, jobId)}/validateCredentials`)
      .post({ useSavedCredentials: false, templateId: AWS_SYNC_TEMPLATE_ID, credentials: credentialPairs(credentials) });
  } catch (e) {
    // The request is always well formed, so a refusal is the endpoint's or the token's.
    if (e instanceof GraphError && e.statusCode === 400) {
      throw new AppError("InvalidInput", `Entra could not reach AWS's SCIM endpoint with this token: ${e.message || e.code || "no reason given"}`);
    }
    throw graphError(e, "test the AWS SCIM endpoint and token");
  }
}

export async function startProvisioningJob(session: GraphSession, servicePrincipalId: string, jobId: string): Promise<void> {
  await jobAction(session, servicePrincipalId, jobId, "start", {}, "start provisioning to AWS");
}

export async function pauseProvisioningJob(session: GraphSession, servicePrincipalId: string, jobId: string): Promise<void> {
  await jobAction(session, servicePrincipalId, jobId, "pause", {}, "pause provisioning to AWS");
}

export async function restartProvisioningJob(
  session: GraphSession,
  servicePrincipalId: string,
  jobId: string,
  resetScope: [ResetScope, ...ResetScope[]],
): Promise<void> {
  // Graph takes the synchronizationJobRestartScope flags as one comma-separated string.
  const criteria = { resetScope: [...new Set(resetScope)].join(",") };
  await jobAction(session, servicePrincipalId, jobId, "restart", { criteria }, "restart provisioning to AWS");
}

async function jobAction(session: GraphSession, servicePrincipalId: string, jobId: string, action: string, body: object, doing: string): Promise<void> {
  try {
    await session.client.api(`${jobPath(servicePrincipalId, jobId)}/${action}`).post(body);
  } catch (e) {
    throw graphError(e, doing);
  }
}

function scimCredentials(secrets: ScimCredentials): ScimCredentials {
  const baseAddress = secrets.baseAddress.trim();
  const secretToken = secrets.secretToken.trim();
  if (!URL.canParse(baseAddress))
    throw new AppError("InvalidInput", "The SCIM endpoint is not a URL: copy it from the IAM Identity Center console (Settings → Automatic provisioning).");
  if (!secretToken) throw new AppError("InvalidInput", "The SCIM access token is empty: paste the token IAM Identity Center showed when it was generated.");
  return { baseAddress, secretToken };
}

function credentialPairs(c: ScimCredentials): { key: string; value: string }[] {
  return [
    { key: "BaseAddress", value: c.baseAddress },
    { key: "SecretToken", value: c.secretToken },
  ];
}

/** Graph writes "never" as the year 1 rather than null. */
function graphDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const time = Date.parse(value);
  return Number.isNaN(time) || new Date(time).getUTCFullYear() <= 1 ? null : new Date(time);
}

function executionSummary(e: z.output<typeof execution> | null | undefined): ExecutionSummary | null {
  if (!e) return null;
  const error = e.error && (e.error.code || e.error.message) ? { code: e.error.code ?? "", message: e.error.message ?? "" } : null;
  return {
    activityIdentifier: e.activityIdentifier ?? null,
    state: e.state,
    timeBegan: graphDate(e.timeBegan),
    timeEnded: graphDate(e.timeEnded),
    countEntitled: e.countEntitled ?? null,
    countExported: e.countExported ?? null,
    countEscrowed: e.countEscrowed ?? null,
    error,
  };
}

function provisioningJob(j: z.output<typeof job>): ProvisioningJob {
  const q = j.status.quarantine;
  const since = graphDate(q?.seriesBegan) ?? graphDate(q?.currentBegan);
  return {
    id: j.id,
    templateId: j.templateId,
    scheduleInterval: j.schedule?.interval ?? null,
    state: j.schedule?.state ?? "Disabled",
    status: {
      code: j.status.code,
      lastExecution: executionSummary(j.status.lastExecution),
      lastSuccessfulExecution: executionSummary(j.status.lastSuccessfulExecution),
      quarantine: q && since ? { reason: q.reason ?? "Unknown", since, nextAttempt: graphDate(q.nextAttempt), error: q.error?.message ?? null } : null,
      countSuccessiveCompleteFailures: j.status.countSuccessiveCompleteFailures ?? 0,
      steadyStateFirstAchievedTime: graphDate(j.status.steadyStateFirstAchievedTime),
      synchronizedEntryCountByType: j.status.synchronizedEntryCountByType ?? [],
      troubleshootingUrl: j.status.troubleshootingUrl ?? null,
    },
  };
}
