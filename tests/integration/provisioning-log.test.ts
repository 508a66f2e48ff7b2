import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { refreshReading } from "@/lib/cloud-readings/refresh-reading";
import { LOG_RETENTION_MS, provisioningLogReading } from "@/lib/provisioning/log-ingestion";
import { queryLog } from "@/lib/provisioning/log-store";
import { readCycleFailures } from "@/lib/provisioning/cycle-failures";
import { ProvisioningLogStore, type ProvisioningObjectSummary } from "@/simulators/entra/synchronization/provisioning-logs";
import { ReportThrottle } from "@/simulators/entra/synchronization/report-throttle";
import { CONTOSO, SSO_BRIDGE_APP } from "@/simulators/entra/tenant";
import { startAwsSimulatorEnv, type AwsSimulatorEnv } from "../support/aws-simulator-env";
import { testProvider, useFreshDatabase } from "../support/databases";
import { provisionAda } from "../support/provisioned-job";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// The provisioning log kept here: read from Graph a sweep at a time, only what is newer than what is
// held, within the reports budget and Graph's throttling; searched and paged in the database.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-olivia", label: "Olivia Operator" }, context: { requestId: "req-log" } };
let aws: AwsSimulatorEnv;
let entra: EntraTestCloud;
let jobId: string;

/** What Graph was asked for: each $filter and whether it continued a sweep. */
class RecordingLogStore extends ProvisioningLogStore {
  asked: { filter: string | null; continued: boolean }[] = [];
  override query(opts: { filter: string | null; top: number; skiptoken?: string | null }) {
    this.asked.push({ filter: opts.filter, continued: !!opts.skiptoken });
    return super.query(opts);
  }
}
const logs = new RecordingLogStore();

beforeAll(async () => {
  Object.assign(process.env, { ENTRA_TENANT_ID: CONTOSO.tenantId, ENTRA_CLIENT_ID: SSO_BRIDGE_APP.clientId, ENTRA_CLIENT_SECRET: SSO_BRIDGE_APP.clientSecret });
  aws = await startAwsSimulatorEnv();
  entra = await startEntraTestCloud({ synchronization: { intervalMs: 3_600_000, logs, reportsLimit: { requests: 1_000, windowMs: 10_000 } } });
  jobId = await provisionAda(aws, entra, by);
}, 60_000);

afterAll(async () => {
  await entra?.close();
  await aws?.close();
});

let serial = 0;
function summary(
  at: Date,
  opts: { status?: "success" | "failure" | "skipped"; name?: string; action?: "create" | "update" | "other"; code?: string } = {},
): ProvisioningObjectSummary {
  const n = ++serial;
  const status = opts.status ?? "success";
  const name = opts.name ?? `user${n}@contoso.test`;
  return {
    id: `entry-${n}`,
    activityDateTime: at.toISOString(),
    tenantId: CONTOSO.tenantId,
    jobId,
    cycleId: "cycle-test",
    changeId: `change-${n}`,
    provisioningAction: opts.action ?? "create",
    durationInMilliseconds: 5,
    provisioningStatusInfo: {
      status,
      errorInformation:
        status === "failure"
          ? {
              errorCode: opts.code ?? "SystemForCrossDomainIdentityManagementBadRequest",
              reason: "name.familyName is required",
              additionalDetails: null,
              errorCategory: "nonServiceFailure",
              recommendedAction: null,
            }
          : null,
    },
    provisioningSteps: [],
    modifiedProperties: [],
    servicePrincipal: { id: "sp", displayName: "AWS IAM Identity Center" },
    sourceSystem: { id: null, displayName: "Microsoft Entra ID", details: {} },
    targetSystem: { id: null, displayName: "AWS IAM Identity Center", details: {} },
    initiatedBy: { id: "", displayName: "Azure AD Provisioning Service", initiatorType: "system" },
    sourceIdentity: { id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`, displayName: name, identityType: "User", details: {} },
    targetIdentity: { id: "", displayName: name, identityType: "User", details: {} },
  };
}

/** One pass as the background reader makes it, with a full budget so that only Graph decides. */
async function pass() {
  await database.client.cloudBudget.deleteMany();
  const reading = await refreshReading(provisioningLogReading);
  return { ...reading, value: reading.value! };
}
const held = () => database.client.provisioningLogEntry.count();
/** A time `ms` after the newest entry held: what Graph would write next. */
const afterHeld = (heldUntil: string | null, ms: number) => new Date(Date.parse(heldUntil!) + ms);
const sleepUntil = (t: Date) => new Promise((r) => setTimeout(r, Math.max(0, t.getTime() - Date.now())));
const graphHolds = () => logs.all().filter((e) => e.jobId === jobId).length;

describe(`the provisioning log kept on ${testProvider()}`, () => {
  it("reads the cycle's entries, then on the next pass asks Graph only for newer ones", async () => {
    const first = await pass();
    expect(first.problem).toBeNull();
    expect(first.value).toMatchObject({ jobId, sweep: null, entries: graphHolds() });
    expect(await held()).toBe(graphHolds());
    const newest = first.value.heldUntil!;

    logs.asked = [];
    const second = await pass();
    // Newer ones, and a quarter of an hour behind the newest held, for entries Entra publishes late.
    const lookBack = new Date(Date.parse(newest) - 15 * 60_000).toISOString();
    expect(logs.asked).toEqual([{ filter: `jobId eq '${jobId}' and activityDateTime gt ${lookBack}`, continued: false }]);
    expect(second.value.lastPass).toMatchObject({ pages: 1, stored: 0 });

    logs.add(summary(afterHeld(newest, 1), { name: "Late.Arrival@contoso.test" }));
    const third = await pass();
    expect(third.value.lastPass.stored).toBe(1);
    expect(await held()).toBe(graphHolds());
    expect((await queryLog({ identity: "late.arrival" }, null)).entries.map((e) => e.source.displayName)).toEqual(["Late.Arrival@contoso.test"]);

    // An entry that changed nothing in AWS is held, and left out unless asked for.
    logs.add(summary(afterHeld(newest, 2), { name: "Nothing.Changed@contoso.test", action: "other", status: "skipped" }));
    await pass();
    expect((await queryLog({ identity: "nothing.changed", hideNoChange: true }, null)).entries).toEqual([]);
    expect((await queryLog({ identity: "nothing.changed" }, null)).entries.map((e) => [e.action, e.status])).toEqual([["Other", "skipped"]]);

    // Published after newer ones were read, stamped a minute before the newest held: the look-back finds it.
    logs.add(summary(new Date(Date.parse(newest) - 60_000), { name: "Published.Late@contoso.test" }));
    expect((await pass()).value.lastPass.stored).toBe(1);
    expect(await held()).toBe(graphHolds());
  });

  it("backfills a large cycle over several passes; a throttled pass keeps what it stored and the next goes on from there", async () => {
    const { heldUntil } = (await pass()).value;
    // 2,500 entries written after the newest held, as a cycle of thousands of users writes them.
    for (let i = 0; i < 2_500; i++) logs.add(summary(afterHeld(heldUntil, 1 + i)));
    const before = await held();
    // Graph lets one request through, then throttles for longer than SSO Bridge waits.
    Object.assign(entra.engine!, { reports: new ReportThrottle({ requests: 1, windowMs: 120_000 }) });
    const throttled = await pass();
    expect(throttled.problem).toBeNull();
    expect(throttled.value.lastPass).toMatchObject({ pages: 1, stored: 1_000, stoppedBecause: expect.stringMatching(/throttl/i) });
    expect(throttled.value.sweep).toMatchObject({ skipToken: expect.any(String) });
    expect(throttled.value.completeAsOf).not.toBeNull();
    expect(await held()).toBe(before + 1_000);

    // Throttled on the first page: nothing to keep, the reason is shown and the place is kept.
    const refused = await pass();
    expect(refused.problem).toMatch(/throttl/i);
    expect(refused.value.sweep?.skipToken).toBe(throttled.value.sweep?.skipToken);

    Object.assign(entra.engine!, { reports: new ReportThrottle({ requests: 1_000, windowMs: 10_000 }) });
    logs.asked = [];
    const resumed = await pass();
    expect(logs.asked[0]).toMatchObject({ continued: true });
    expect(resumed.value.lastPass).toMatchObject({ pages: 2, stored: 1_500, stoppedBecause: null });
    expect(resumed.value.sweep).toBeNull();
    expect(await held()).toBe(graphHolds());
    // Nothing was stored twice.
    expect(new Set((await database.client.provisioningLogEntry.findMany({ select: { id: true } })).map((r) => r.id)).size).toBe(graphHolds());
  });

  it("forgets entries older than Entra keeps them", async () => {
    const now = Date.now();
    await database.client.provisioningLogEntry.createMany({
      data: [now - LOG_RETENTION_MS - 60_000, now - LOG_RETENTION_MS + 3_600_000].map((t, i) => ({
        id: `aged-${i}`,
        activityDateTime: new Date(t),
        cycleId: "old",
        action: "Create",
        status: "success",
        sourceId: `aged-${i}`,
        sourceName: `Aged ${i}`,
        sourceType: "User",
        targetId: "",
        targetName: "",
        steps: "[]",
        searchText: `aged ${i}`,
        ingestedAt: new Date(t),
      })),
    });
    await pass();
    const left = await database.client.provisioningLogEntry.findMany({ where: { id: { startsWith: "aged-" } }, select: { id: true } });
    expect(left.map((r) => r.id)).toEqual(["aged-1"]);
  });

  it("counts a cycle's failures in the kept log, final once the log is held past the cycle", async () => {
    // A cycle that begins now: Graph writes each entry as the object is done.
    const began = new Date(Math.max(afterHeld((await pass()).value.heldUntil, 1).getTime(), Date.now() + 1));
    const ended = new Date(began.getTime() + 100);
    for (let i = 0; i < 3; i++) logs.add(summary(new Date(began.getTime() + 10 + i), { status: "failure" }));
    logs.add(summary(new Date(began.getTime() + 20), { status: "failure", code: "SystemForCrossDomainIdentityManagementServiceEntryConflict" }));
    const early = await readCycleFailures({ beganAt: began, endedAt: ended });
    expect(early).toEqual({ groups: [], complete: false });
    // The window closes a second after the cycle; a sweep begun after that holds all of it.
    await sleepUntil(new Date(ended.getTime() + 1_001));
    // The sweep reads back over what is held for late entries, over as many passes as that takes.
    while ((await pass()).value.sweep !== null);
    const counted = await readCycleFailures({ beganAt: began, endedAt: ended });
    expect(counted.complete).toBe(true);
    expect(counted.groups.map((g) => [g.code, g.count])).toEqual([
      ["SystemForCrossDomainIdentityManagementBadRequest", 3],
      ["SystemForCrossDomainIdentityManagementServiceEntryConflict", 1],
    ]);
  });

  it("filters and searches 100,000 entries, newest first, a page at a time", async () => {
    await database.client.provisioningLogEntry.deleteMany();
    const t0 = Date.parse("2026-11-20T00:00:00Z");
    const rows = Array.from({ length: 100_000 }, (_, i) => {
      const failed = i % 50 === 0;
      const name = i % 1_000 === 7 ? `Zoë.O'Brien${i}@Contoso.test` : `user${i}@contoso.test`;
      return {
        id: `bulk-${String(i).padStart(6, "0")}`,
        // Pairs share a second, as entries of one cycle do.
        activityDateTime: new Date(t0 + Math.floor(i / 2) * 1_000),
        cycleId: "bulk",
        action: i % 10 === 0 ? "Update" : "Create",
        status: failed ? "failure" : "success",
        errorCode: failed ? "SystemForCrossDomainIdentityManagementBadRequest" : null,
        sourceId: `src-${i}`,
        sourceName: name,
        sourceType: "User",
        targetId: "",
        targetName: name,
        steps: "[]",
        searchText: [name, `src-${i}`, name, ""].join("\n").toLowerCase(),
        ingestedAt: new Date(),
      };
    });
    for (let i = 0; i < rows.length; i += 5_000) await database.client.provisioningLogEntry.createMany({ data: rows.slice(i, i + 5_000) });

    // A case-insensitive search over names, paged to its end without gaps or repeats.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof queryLog>> = await queryLog({ identity: "ZOË.o'brien" }, cursor, 30);
      seen.push(...page.entries.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(100);
    expect(new Set(seen).size).toBe(100);
    expect(seen).toEqual([...seen].sort().reverse());

    // Failed updates in a day, newest first; ties in time are ordered by id, so paging is stable.
    const since = new Date(t0 + 86_400_000 / 4);
    const until = new Date(t0 + 86_400_000 / 2);
    const first = await queryLog({ status: "failure", action: "Update", since, until }, null);
    expect(first.entries).toHaveLength(50);
    expect(first.entries.every((e) => e.status === "failure" && e.action === "Update" && e.activityDateTime >= since && e.activityDateTime < until)).toBe(true);
    const times = first.entries.map((e) => e.activityDateTime.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await queryLog({ status: "failure", action: "Update", since, until }, first.nextCursor);
    expect(second.entries[0]!.activityDateTime.getTime()).toBeLessThanOrEqual(times.at(-1)!);
    expect(second.entries.some((e) => first.entries.some((f) => f.id === e.id))).toBe(false);

    // By object id, and a cursor that was not made here is refused with the way out.
    expect((await queryLog({ identity: "SRC-99999" }, null)).entries.map((e) => e.id)).toEqual(["bulk-099999"]);
    await expect(queryLog({}, "bm90LWEtY3Vyc29y")).rejects.toThrow(/start again from the first page/);
  }, 120_000);
});
