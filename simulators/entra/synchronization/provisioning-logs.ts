// The provisioning logs (GET /auditLogs/provisioning): one provisioningObjectSummary per object the
// provisioning service handled in a cycle, newest first, filterable on a few properties and paged
// with $top and an opaque $skiptoken that stays valid while new entries arrive.

export type ProvisioningAction = "create" | "update" | "delete" | "stagedDelete" | "disable" | "other";
export type ProvisioningResult = "success" | "failure" | "skipped" | "warning";

export type ProvisioningStep = {
  name: string;
  provisioningStepType: "import" | "scoping" | "matching" | "processing" | "referenceResolution" | "export";
  status: ProvisioningResult;
  description: string;
  details: Record<string, string>;
};

export type ProvisioningErrorInformation = {
  errorCode: string;
  reason: string;
  additionalDetails: string | null;
  errorCategory: "failure" | "nonServiceFailure" | "success";
  recommendedAction: string | null;
};

export type ProvisionedIdentity = { id: string; displayName: string; identityType: string; details: Record<string, string> };

export type ProvisioningObjectSummary = {
  id: string;
  activityDateTime: string;
  tenantId: string;
  jobId: string;
  cycleId: string;
  changeId: string;
  provisioningAction: ProvisioningAction;
  durationInMilliseconds: number;
  provisioningStatusInfo: { status: ProvisioningResult; errorInformation: ProvisioningErrorInformation | null };
  provisioningSteps: ProvisioningStep[];
  modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  servicePrincipal: { id: string; displayName: string };
  sourceSystem: { id: string | null; displayName: string; details: Record<string, string> };
  targetSystem: { id: string | null; displayName: string; details: Record<string, string> };
  initiatedBy: { id: string; displayName: string; initiatorType: "user" | "application" | "system" };
  sourceIdentity: ProvisionedIdentity;
  targetIdentity: ProvisionedIdentity;
};

export class ProvisioningLogQueryError extends Error {}

type Clause = { path: string; op: "eq" | "ne" | "gt" | "ge" | "lt" | "le"; value: string };

// Properties a $filter may name: the ones Graph documents as filterable that a console needs.
const FILTERABLE: Record<string, (e: ProvisioningObjectSummary) => string> = {
  id: (e) => e.id,
  jobId: (e) => e.jobId,
  cycleId: (e) => e.cycleId,
  changeId: (e) => e.changeId,
  activityDateTime: (e) => e.activityDateTime,
  provisioningAction: (e) => e.provisioningAction,
  "servicePrincipal/id": (e) => e.servicePrincipal.id,
  "provisioningStatusInfo/status": (e) => e.provisioningStatusInfo.status,
  "sourceIdentity/id": (e) => e.sourceIdentity.id,
  "targetIdentity/id": (e) => e.targetIdentity.id,
};

function parseFilter(filter: string | null): Clause[] {
  if (!filter || !filter.trim()) return [];
  return filter.split(/\s+and\s+/i).map((part) => {
    const m = /^\s*([A-Za-z/]+)\s+(eq|ne|gt|ge|lt|le)\s+(?:'((?:[^']|'')*)'|(\d{4}-\d{2}-\d{2}T[0-9:.]+Z))\s*$/i.exec(part);
    if (!m) throw new ProvisioningLogQueryError(`Invalid filter clause: ${part.trim()}`);
    const path = m[1] ?? "";
    if (!Object.hasOwn(FILTERABLE, path)) throw new ProvisioningLogQueryError(`Filtering on property '${path}' is not supported.`);
    return { path, op: (m[2] ?? "eq").toLowerCase() as Clause["op"], value: m[3] !== undefined ? m[3].replace(/''/g, "'") : (m[4] ?? "") };
  });
}

function matches(entry: ProvisioningObjectSummary, clause: Clause): boolean {
  const actual = FILTERABLE[clause.path]?.(entry) ?? "";
  const isTime = clause.path === "activityDateTime";
  const cmp = isTime ? Date.parse(actual) - Date.parse(clause.value) : actual.localeCompare(clause.value);
  switch (clause.op) {
    case "eq":
      return isTime ? cmp === 0 : actual === clause.value;
    case "ne":
      return isTime ? cmp !== 0 : actual !== clause.value;
    case "gt":
      return cmp > 0;
    case "ge":
      return cmp >= 0;
    case "lt":
      return cmp < 0;
    case "le":
      return cmp <= 0;
  }
}

export type LogPage = { value: ProvisioningObjectSummary[]; skiptoken?: string };

export class ProvisioningLogStore {
  private entries: { seq: number; entry: ProvisioningObjectSummary }[] = [];
  private seq = 0;

  constructor(private readonly maxEntries = 50_000) {}

  add(entry: ProvisioningObjectSummary): void {
    this.entries.push({ seq: ++this.seq, entry });
    if (this.entries.length > this.maxEntries) this.entries.splice(0, this.entries.length - this.maxEntries);
  }

  all(): ProvisioningObjectSummary[] {
    return this.entries.map((e) => e.entry).reverse();
  }

  /** Newest first. The skiptoken names the last entry served, so later arrivals do not shift pages. */
  query(opts: { filter: string | null; top: number; skiptoken?: string | null }): LogPage {
    const clauses = parseFilter(opts.filter);
    let before = Number.POSITIVE_INFINITY;
    if (opts.skiptoken) {
      const decoded = Number(Buffer.from(opts.skiptoken, "base64url").toString("utf8"));
      if (!Number.isInteger(decoded) || decoded <= 0) throw new ProvisioningLogQueryError("The $skiptoken is not valid.");
      before = decoded;
    }
    const value: ProvisioningObjectSummary[] = [];
    let lastSeq = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const item = this.entries[i];
      if (!item || item.seq >= before) continue;
      if (!clauses.every((c) => matches(item.entry, c))) continue;
      if (value.length === opts.top) return { value, skiptoken: Buffer.from(String(lastSeq)).toString("base64url") };
      value.push(item.entry);
      lastSeq = item.seq;
    }
    return { value };
  }
}
