import { z } from "zod";
import { BUDGETS, takeTokens, type BudgetKey } from "../cloud-readings/budget";
import { defineReading, storedReading } from "../cloud-readings/cloud-reading";
import { monitorIntervalMs } from "../config";
import { entraConnection } from "../connections/entra-connection";
import { db } from "../db";
import { listProvisioningLogs, MAX_LOG_PAGE } from "../entra/provisioning-logs";
import { isAppError } from "../errors";
import { storeLogEntries } from "./log-store";
import { provisioningConfigured, provisioningJobRef } from "./provisioning-job-ref";

// The provisioning log, kept here so that the page searches it without asking Graph, whose reports
// allow an app 5 requests per 10 s in a tenant. Each pass reads only what is newer than what is
// held: a sweep asks Graph for the entries after the newest one held, newest first, page by page.
// A pass reads a few pages and stops, so a first cycle of 100,000 users fills in over several
// passes; the sweep's place (Graph's skip token) is kept with the reading and the next pass goes on
// from it. Entries arriving meanwhile sit above that place and are read by the next sweep.

/** Entra keeps provisioning logs 30 days; older entries kept here would show what Entra has forgotten. */
export const LOG_RETENTION_MS = 30 * 86_400_000;
// Two pages every ten seconds stay under the share of the reports budget, leaving room to others.
const PAGES_PER_PASS = 2;
// Entra writes a cycle's entries in parallel and publishes them with some delay, so an entry can
// appear after newer ones were read: each sweep looks this far behind the newest entry held.
const LATE_ENTRIES_MS = 15 * 60_000;
const before = (iso: string, ms: number) => new Date(Date.parse(iso) - ms).toISOString();
const BACKFILL_EVERY_MS = 10_000;

const isoTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)));
const ingestion = z.object({
  jobId: z.string(),
  /** the newest entry of the last finished sweep: the next sweep asks for entries after it */
  heldUntil: isoTime.nullable(),
  /** when the last finished sweep began: every entry written before then is held */
  completeAsOf: isoTime.nullable(),
  /** the sweep under way, when a pass stopped before its end */
  sweep: z.object({ after: isoTime.nullable(), newest: isoTime.nullable(), startedAt: isoTime, skipToken: z.string().nullable() }).nullable(),
  /** entries held after the pass */
  entries: z.number().int().nonnegative(),
  lastPass: z.object({ pages: z.number().int(), stored: z.number().int(), stoppedBecause: z.string().nullable() }),
});
export type LogIngestion = z.infer<typeof ingestion>;
type Sweep = NonNullable<LogIngestion["sweep"]>;

// Which instance is backfilling is known to the one that read last: it reads again soon, the rest
// at their own pace, which only matters when it stops.
let backfillingHere = false;

export const provisioningLogReading = defineReading<LogIngestion>({
  key: "provisioning-log",
  label: "the provisioning log",
  schema: ingestion,
  budget: reportsBudget,
  read: () => ingestPass(),
  watchedMaxAgeMs: 10_000,
  idleMaxAgeMs: () => (backfillingHere ? BACKFILL_EVERY_MS : monitorIntervalMs()),
});

async function reportsBudget(): Promise<{ key: BudgetKey; cost: number } | null> {
  if (!(await provisioningConfigured())) return null;
  const c = await entraConnection();
  // Graph counts report requests per app and tenant.
  return { key: { budget: BUDGETS.graphReports, tenant: `${c.tenantId}/${c.clientId}` }, cost: 1 };
}

/**
 * One pass: at most a few pages of Graph's log into the table. The first page was paid for by the
 * reader; each further page takes a token or ends the pass. What a pass stored stays stored, and
 * the returned value says where the next pass goes on.
 */
export async function ingestPass(now = new Date(), pagesPerPass = PAGES_PER_PASS): Promise<LogIngestion> {
  const job = await provisioningJobRef();
  const budget = await reportsBudget();
  const kept = (await storedReading(provisioningLogReading)).value;
  let state: LogIngestion = kept && kept.jobId === job.jobId ? kept : await startOver(job.jobId);
  await db().provisioningLogEntry.deleteMany({ where: { activityDateTime: { lt: new Date(now.getTime() - LOG_RETENTION_MS) } } });

  let sweep: Sweep | null = state.sweep ?? {
    after: state.heldUntil && before(state.heldUntil, LATE_ENTRIES_MS),
    newest: null,
    startedAt: now.toISOString(),
    skipToken: null,
  };
  let pages = 0;
  let stored = 0;
  let stoppedBecause: string | null = null;
  while (sweep) {
    if (pages >= pagesPerPass) break;
    if (pages > 0 && budget && !(await takeTokens(budget.key)).granted) {
      stoppedBecause = "SSO Bridge's share of the reports budget is spent until the next pass.";
      break;
    }
    let page;
    try {
      page = await listProvisioningLogs(job.session, {
        jobId: job.jobId,
        top: MAX_LOG_PAGE,
        skipToken: sweep.skipToken,
        filter: sweep.after ? { after: new Date(sweep.after) } : {},
      });
    } catch (e) {
      if (!isAppError(e)) throw e;
      // A skip token Graph no longer takes restarts the sweep: what is stored is upserted again, never lost.
      const stale = sweep.skipToken !== null && (e.code === "CloudRejected" || e.code === "InvalidInput");
      if (pages === 0 && !stale) throw e;
      if (stale) sweep = { ...sweep, skipToken: null };
      stoppedBecause = e.message;
      break;
    }
    pages++;
    stored += await storeLogEntries(page.entries, now);
    const first = page.entries[0]?.activityDateTime.toISOString() ?? null;
    if (first && (!sweep.newest || first > sweep.newest)) sweep = { ...sweep, newest: first };
    if (page.nextSkipToken) {
      sweep = { ...sweep, skipToken: page.nextSkipToken };
    } else {
      state = {
        ...state,
        heldUntil:
          [sweep.newest, state.heldUntil]
            .filter((t) => t !== null)
            .sort()
            .at(-1) ?? null,
        completeAsOf: sweep.startedAt,
      };
      sweep = null;
    }
  }
  backfillingHere = sweep !== null;
  return { ...state, sweep, entries: await db().provisioningLogEntry.count(), lastPass: { pages, stored, stoppedBecause } };
}

/** A different job (set up again) has a log of its own: what was held of the old one goes. */
async function startOver(jobId: string): Promise<LogIngestion> {
  await db().provisioningLogEntry.deleteMany({});
  return { jobId, heldUntil: null, completeAsOf: null, sweep: null, entries: 0, lastPass: { pages: 0, stored: 0, stoppedBecause: null } };
}

/** Whether every entry written before `at` is held: the monitor's failures of a cycle count only then. */
export function holdsLogUntil(state: LogIngestion | null, at: Date): boolean {
  return !!state?.completeAsOf && Date.parse(state.completeAsOf) >= at.getTime();
}
