import { z } from "zod";
import { listProvisioningLogs, type ProvisioningLogEntry } from "../entra/provisioning-logs";
import { jsonColumn } from "../json-column";
import { explainProvisioningError, type Explanation } from "./explain-scim-error";
import type { LastCycle } from "./provisioning-status";
import type { ProvisioningJobRef } from "./provisioning-job-ref";

// Why objects failed in a cycle: the provisioning log's failures in the cycle's time window,
// grouped by Entra's error code, each group with one example to explain. The monitor keeps this
// with its snapshot, so the page says at a glance what went wrong without paging through the log.

export type FailureExample = Pick<ProvisioningLogEntry, "errorCode" | "errorReason"> & { source: { displayName: string; type: string } };
export type FailureGroup = { code: string; count: number; example: FailureExample };
export type CycleFailures = { groups: FailureGroup[]; complete: boolean };

// Failures beyond this are counted by the job status but not read: the log viewer pages through all.
const PAGE = 200;
const MAX_PAGES = 5;

export async function readCycleFailures(job: ProvisioningJobRef, cycle: Pick<LastCycle, "beganAt" | "endedAt">): Promise<CycleFailures> {
  const entries: ProvisioningLogEntry[] = [];
  let skipToken: string | null = null;
  // The log writes an entry when the object is done, so the window closes a second after the cycle.
  const filter = { status: "failure" as const, since: cycle.beganAt ?? undefined, until: cycle.endedAt ? new Date(cycle.endedAt.getTime() + 1000) : undefined };
  for (let read = 0; read < MAX_PAGES; read++) {
    const page = await listProvisioningLogs(job.session, { jobId: job.jobId, top: PAGE, skipToken, filter });
    entries.push(...page.entries);
    skipToken = page.nextSkipToken;
    if (!skipToken) break;
  }
  return { groups: groupFailures(entries), complete: skipToken === null };
}

/** Most frequent first; the example is the newest entry of its group. */
export function groupFailures(entries: Pick<ProvisioningLogEntry, "errorCode" | "errorReason" | "source">[]): FailureGroup[] {
  const groups = new Map<string, FailureGroup>();
  for (const e of entries) {
    const code = e.errorCode ?? "Unknown";
    const group = groups.get(code);
    if (group) group.count += 1;
    else
      groups.set(code, {
        code,
        count: 1,
        example: { errorCode: e.errorCode, errorReason: e.errorReason, source: { displayName: e.source.displayName, type: e.source.type } },
      });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

export function explainFailureGroup(g: FailureGroup): Explanation | null {
  return explainProvisioningError({
    status: "failure",
    errorCode: g.example.errorCode,
    errorReason: g.example.errorReason,
    source: { id: "", ...g.example.source },
    steps: [],
  });
}

const failureGroups = z.object({
  groups: z.array(
    z.object({
      code: z.string(),
      count: z.number(),
      example: z.object({
        errorCode: z.string().nullable(),
        errorReason: z.string().nullable(),
        source: z.object({ displayName: z.string(), type: z.string() }),
      }),
    }),
  ),
  complete: z.boolean(),
});

/** ProvisioningSnapshot.lastCycleFailures: kept with the snapshot, read back by later polls and the page. */
export const storedCycleFailures = jsonColumn<CycleFailures>("ProvisioningSnapshot.lastCycleFailures", failureGroups);
