import { z } from "zod";
import { AppError } from "@/lib/errors";
import { graphError } from "./graph-errors";
import { odataString, parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// The provisioning logs (GET /auditLogs/provisioning): one entry per user or group the provisioning
// service handled in a cycle, newest first. Graph filters only on the properties its reference marks
// as filterable (jobId, provisioningAction, provisioningStatusInfo/status, activityDateTime with
// eq/gt/lt, sourceIdentity/id); a name is matched here, after reading.

export const LOG_ACTIONS = ["Create", "Update", "Delete", "Disable", "StagedDelete", "Other"] as const;
export const LOG_STATUSES = ["success", "failure", "skipped", "warning"] as const;
export type LogAction = (typeof LOG_ACTIONS)[number];
export type LogStatus = (typeof LOG_STATUSES)[number];

export type ProvisioningLogFilter = {
  action?: LogAction;
  status?: LogStatus;
  since?: Date;
  until?: Date;
  /** strictly later than: what an incremental read asks for after the newest entry it holds */
  after?: Date;
  identity?: string;
  /** leave out entries that changed nothing in AWS (skipped, no action); only the kept log can */
  hideNoChange?: boolean;
};
export type ProvisioningLogStep = { name: string; status: string; description: string; details: Record<string, string> };
export type ProvisioningLogEntry = {
  id: string;
  activityDateTime: Date;
  cycleId: string;
  action: LogAction;
  status: LogStatus | "unknown";
  errorCode: string | null;
  errorReason: string | null;
  recommendedAction: string | null;
  source: { id: string; displayName: string; type: string };
  target: { id: string; displayName: string };
  steps: ProvisioningLogStep[];
};
export type ProvisioningLogPage = { entries: ProvisioningLogEntry[]; nextSkipToken: string | null };

export const DEFAULT_LOG_PAGE = 50;
// The audit logs serve at most 1,000 entries a page.
export const MAX_LOG_PAGE = 1000;
// A name filter is applied after reading, so a page may hold few matches; reading on stops here
// so that one search cannot walk a tenant's whole log.
const MAX_PAGES_PER_NAME_SEARCH = 10;
const MAX_SKIP_TOKEN = 4096;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = z
  .string()
  .nullish()
  .transform((v) => v ?? "");
const identity = z.object({ id: text, displayName: text, identityType: text }).nullish();
const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null()]).transform((v) => (v === null ? "" : String(v)));
const summary = z.object({
  id: z.string().min(1),
  activityDateTime: z.string().refine((v) => !Number.isNaN(Date.parse(v))),
  cycleId: text,
  provisioningAction: text,
  provisioningStatusInfo: z
    .object({
      status: text,
      errorInformation: z.object({ errorCode: z.string().nullish(), reason: z.string().nullish(), recommendedAction: z.string().nullish() }).nullish(),
    })
    .nullish(),
  provisioningSteps: z.array(z.object({ name: text, status: text, description: text, details: z.record(z.string(), detailValue).nullish() })).nullish(),
  sourceIdentity: identity,
  targetIdentity: identity,
});
const page = z.object({ value: z.array(z.unknown()), "@odata.nextLink": z.string().nullish() });

/** One page of the job's provisioning log, newest first; pass nextSkipToken back for the next one. */
export async function listProvisioningLogs(
  session: GraphSession,
  opts: { jobId: string; top?: number; skipToken?: string | null; filter?: ProvisioningLogFilter },
): Promise<ProvisioningLogPage> {
  const top = Math.min(Math.max(1, Math.floor(opts.top ?? DEFAULT_LOG_PAGE)), MAX_LOG_PAGE);
  if (opts.skipToken && opts.skipToken.length > MAX_SKIP_TOKEN)
    throw new AppError("InvalidInput", "The page link is not valid; start again from the first page.");
  const filter = graphFilter(opts.jobId, opts.filter ?? {});
  const needle = opts.filter?.identity?.trim().toLowerCase() ?? "";
  const byName = needle !== "" && !GUID.test(needle);
  const entries: ProvisioningLogEntry[] = [];
  let token = opts.skipToken || null;
  for (let read = 0; read < (byName ? MAX_PAGES_PER_NAME_SEARCH : 1); read++) {
    const { items, next } = await readPage(session, filter, top, token);
    entries.push(...(byName ? items.filter((e) => matchesName(e, needle)) : items));
    token = next;
    // Whole pages are kept, so no entry falls between two pages of the viewer.
    if (!token || entries.length >= top) break;
  }
  return { entries, nextSkipToken: token };
}

/** The $filter for what Graph documents as filterable; values go through odataString. */
export function graphFilter(jobId: string, f: ProvisioningLogFilter): string {
  const clauses = [`jobId eq ${odataString(jobId)}`];
  if (f.action) clauses.push(`provisioningAction eq ${odataString(f.action.charAt(0).toLowerCase() + f.action.slice(1))}`);
  if (f.status) clauses.push(`provisioningStatusInfo/status eq ${odataString(f.status)}`);
  // activityDateTime takes eq, gt and lt only: "since" is made inclusive by starting a millisecond earlier.
  if (f.since) clauses.push(`activityDateTime gt ${new Date(f.since.getTime() - 1).toISOString()}`);
  if (f.until) clauses.push(`activityDateTime lt ${f.until.toISOString()}`);
  if (f.after) clauses.push(`activityDateTime gt ${f.after.toISOString()}`);
  const id = f.identity?.trim() ?? "";
  if (GUID.test(id)) clauses.push(`sourceIdentity/id eq ${odataString(id.toLowerCase())}`);
  return clauses.join(" and ");
}

async function readPage(session: GraphSession, filter: string, top: number, skipToken: string | null) {
  const path = `/auditLogs/provisioning?$filter=${encodeURIComponent(filter)}&$top=${top}${skipToken ? `&$skiptoken=${encodeURIComponent(skipToken)}` : ""}`;
  let body: z.output<typeof page>;
  try {
    body = parseGraph(page, await session.client.api(path).get(), "the provisioning logs");
  } catch (e) {
    throw graphError(e, "read the provisioning logs");
  }
  return { items: body.value.map((v) => logEntry(parseGraph(summary, v, "a provisioning log entry"))), next: skipTokenOf(body["@odata.nextLink"]) };
}

function skipTokenOf(nextLink: string | null | undefined): string | null {
  if (!nextLink || !URL.canParse(nextLink)) return null;
  const params = new URL(nextLink).searchParams;
  return params.get("$skiptoken") ?? params.get("$skipToken");
}

function matchesName(e: ProvisioningLogEntry, needle: string): boolean {
  return [e.source.displayName, e.source.id, e.target.displayName, e.target.id].some((v) => v.toLowerCase().includes(needle));
}

function logEntry(s: z.output<typeof summary>): ProvisioningLogEntry {
  const error = s.provisioningStatusInfo?.errorInformation;
  const status = s.provisioningStatusInfo?.status.toLowerCase() ?? "";
  return {
    id: s.id,
    activityDateTime: new Date(s.activityDateTime),
    cycleId: s.cycleId,
    action: LOG_ACTIONS.find((a) => a.toLowerCase() === s.provisioningAction.toLowerCase()) ?? "Other",
    status: (LOG_STATUSES as readonly string[]).includes(status) ? (status as LogStatus) : "unknown",
    errorCode: error?.errorCode || null,
    errorReason: error?.reason || null,
    recommendedAction: error?.recommendedAction || null,
    source: { id: s.sourceIdentity?.id ?? "", displayName: s.sourceIdentity?.displayName ?? "", type: s.sourceIdentity?.identityType ?? "" },
    target: { id: s.targetIdentity?.id ?? "", displayName: s.targetIdentity?.displayName ?? "" },
    steps: (s.provisioningSteps ?? []).map((p) => ({ name: p.name, status: p.status, description: p.description, details: p.details ?? {} })),
  };
}
