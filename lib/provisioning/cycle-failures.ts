import { z } from "zod";
import { storedReading } from "../cloud-readings/cloud-reading";
import type { ProvisioningLogEntry } from "../entra/provisioning-logs";
import { jsonColumn } from "../json-column";
import { explainProvisioningError, type Explanation } from "./explain-scim-error";
import { holdsLogUntil, provisioningLogReading } from "./log-ingestion";
import { failuresBetween } from "./log-store";
import type { LastCycle } from "./provisioning-status";

// Why objects failed in a cycle: the provisioning log's failures in the cycle's time window,
// grouped by Entra's error code, each group with one example to explain. The monitor keeps this
// with its snapshot, so the page says at a glance what went wrong without paging through the log.
// They are counted in the log kept here, so the monitor spends none of Graph's reports budget.

export type FailureExample = Pick<ProvisioningLogEntry, "errorCode" | "errorReason"> & { source: { displayName: string; type: string } };
export type FailureGroup = { code: string; count: number; example: FailureExample };
/** `complete`: the kept log holds every entry of the cycle's window, so the counts are final. */
export type CycleFailures = { groups: FailureGroup[]; complete: boolean };

// The log writes an entry when the object is done, so the window closes a second after the cycle.
const WINDOW_TAIL_MS = 1000;

export async function readCycleFailures(cycle: Pick<LastCycle, "beganAt" | "endedAt">): Promise<CycleFailures> {
  const until = cycle.endedAt ? new Date(cycle.endedAt.getTime() + WINDOW_TAIL_MS) : undefined;
  const ingestion = (await storedReading(provisioningLogReading)).value;
  const counted = await failuresBetween(cycle.beganAt ?? undefined, until);
  return { groups: failureGroups(counted), complete: !!until && holdsLogUntil(ingestion, until) };
}

function exampleOf(e: Pick<ProvisioningLogEntry, "errorCode" | "errorReason" | "source">): FailureExample {
  return { errorCode: e.errorCode, errorReason: e.errorReason, source: { displayName: e.source.displayName, type: e.source.type } };
}

/** Most frequent first, each code with its example. */
export function failureGroups(counted: { entry: Pick<ProvisioningLogEntry, "errorCode" | "errorReason" | "source">; count: number }[]): FailureGroup[] {
  return counted
    .map(({ entry, count }) => ({ code: entry.errorCode ?? "Unknown", count, example: exampleOf(entry) }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
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

const cycleFailuresShape = z.object({
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
export const storedCycleFailures = jsonColumn<CycleFailures>("ProvisioningSnapshot.lastCycleFailures", cycleFailuresShape);
