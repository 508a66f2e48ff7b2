// npm run bench -- mirrors [--users N --groups N --memberships N --nesting N --seed N --database sqlite|postgresql]
// Mirror groups at a large customer's size (100,000 users, 10,000 groups nested up to 4 deep,
// 300,000 direct memberships by default) against the simulated clouds, Graph held to the rate
// SSO Bridge's budget allows (3,500 requests per 10 s). Every assigned group that nests others is
// mirrored; then the first full reconcile fills the mirrors: its Graph calls against the minimum
// its reads and writes require (the groups delta's pages, and a PATCH per twenty members), wall
// time against calls / rate, and peak memory. Then the run that reads back SSO Bridge's own writes
// (Graph's delta reports them like anyone's), the time from one membership changed in Entra to the
// mirror updated, and an incremental run after 1% of the memberships changed, its calls against
// the full reconcile's and the mirrors it touched. Prints its figures; exits 1 when a target is
// missed. Processes as in scripts/bench-scale.ts.
import { jsonOrUndefined } from "../lib/http/json-text";
import { MEMBERS_PER_PAGE } from "../simulators/entra/graph/delta";
import type { ScaleTenantShape } from "../simulators/scale-tenant";
import { parseScaleSize, runMeasured, setUpToEnterpriseApp, type ScaleSize } from "./bench-scale";
import { HEAP_MB } from "./server-heap.mjs";

const TARGETS = { callRatio: 1.1, wallRatio: 1.2, rssMiB: 512, incrementalShare: 0.05 };
const CHANGE = 0.01;
// Graph's published limit for identity and access requests, taken whole (lib/cloud-readings/budget.ts).
const RATES = { graph: 350, aws: 20 };
// Graph's limits: objects on a delta page, members bound in one PATCH.
const DELTA_PAGE = 999;
const MEMBERS_PER_PATCH = 20;
// The simulated Entra's replication delay for new groups, and a margin.
const REPLICATION_MS = 2_500;

const pages = (items: number, size: number) => Math.max(1, Math.ceil(items / size));
const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const fmt = (n: number) => n.toLocaleString("en-US");

async function measure(size: ScaleSize): Promise<number> {
  const { db } = await import("../lib/db");
  const { mirrorGroup } = await import("../lib/mirrors/manage-mirrors");
  const { startMirrorRun } = await import("../lib/mirrors/mirror-run");
  const control = process.env.SIM_CONTROL_URL as string;
  const by = { actor: { type: "person" as const, id: "bench-mirrors", label: "Mirrors benchmark" }, context: { requestId: "bench-mirrors" } };
  const graphCalls = async () => ((await (await fetch(`${control}/requests`)).json()) as { byClass: Record<string, number> }).byClass["graph-directory"] ?? 0;
  const resetCalls = () => fetch(`${control}/requests`, { method: "DELETE" });
  const run = async (full: boolean) => {
    await resetCalls();
    const t0 = performance.now();
    const started = await startMirrorRun(by.actor.label, { full, wait: true });
    await started.done;
    const seconds = (performance.now() - t0) / 1000;
    const row = await db().mirrorRun.findUniqueOrThrow({ where: { id: started.id } });
    if (row.status !== "complete") throw new Error(`the ${full ? "full" : "incremental"} run did not complete: ${row.problem ?? row.status}`);
    return { id: started.id, mode: row.mode, seconds, calls: await graphCalls() };
  };
  /** Per mirror, the members one run added and removed, from its audit events. */
  const writesOf = async (runId: string) => {
    const events = await db().auditEvent.findMany({ where: { action: "mirror.sync" }, select: { details: true } });
    const mirrors: { added: number; removed: number }[] = [];
    for (const e of events) {
      const d = jsonOrUndefined(e.details) as { runId?: string; added?: string[]; removed?: string[] } | undefined;
      if (d?.runId === runId) mirrors.push({ added: d.added?.length ?? 0, removed: d.removed?.length ?? 0 });
    }
    return mirrors;
  };

  const servicePrincipalId = await setUpToEnterpriseApp(by);
  const built = Date.now();
  const res = await fetch(`${control}/bench/scale-tenant`, { method: "POST", body: JSON.stringify({ servicePrincipalId }) });
  if (!res.ok) throw new Error(`the simulators could not build the tenant: ${await res.text()}`);
  const shape = (await res.json()) as ScaleTenantShape;
  console.log(
    `tenant built in ${((Date.now() - built) / 1000).toFixed(1)} s: ${fmt(shape.users)} users, ${fmt(shape.groups)} groups, ${fmt(size.memberships)} direct memberships; ` +
      `${fmt(shape.nestingGroups.length)} assigned groups nest others ${size.nesting} deep`,
  );

  await resetCalls();
  const c0 = performance.now();
  for (const g of shape.nestingGroups) await mirrorGroup(g.id, by, { startRun: false });
  console.log(
    `mirrored ${fmt(shape.nestingGroups.length)} groups (created in Entra and assigned) in ${((performance.now() - c0) / 1000).toFixed(1)} s, ${fmt(await graphCalls())} Graph calls`,
  );
  // A group refuses members until Entra's replicas know it (seconds); the reconcile measured is of mirrors past that.
  await new Promise((r) => setTimeout(r, REPLICATION_MS));

  const full = await run(true);
  const fullWrites = await writesOf(full.id);
  // Reads: every group once through the groups delta, its pages full of groups or of member references.
  const groupsNow = shape.groups + shape.nestingGroups.length;
  const references = size.memberships + shape.groups - shape.assignedGroups;
  const minimumReads = Math.max(pages(groupsNow, DELTA_PAGE), pages(references, MEMBERS_PER_PAGE));
  const minimumWrites = shape.nestingGroups.reduce((n, g) => n + Math.ceil(g.users / MEMBERS_PER_PATCH), 0);
  const minimum = minimumReads + minimumWrites;
  const added = fullWrites.reduce((n, w) => n + w.added, 0);
  const expected = shape.nestingGroups.reduce((n, g) => n + g.users, 0);
  if (added !== expected) throw new Error(`the full reconcile added ${added} members where the sources reach ${expected}`);
  const boundS = full.calls / RATES.graph;

  // Graph's delta reports SSO Bridge's own writes too: the next run reads them back and writes nothing.
  const echo = await run(false);

  // One membership changed in a mirrored source: the time until its mirror has it, past the scheduler's period.
  await fetch(`${control}/bench/change-memberships`, { method: "POST", body: JSON.stringify({ share: 1 / size.memberships }) });
  const one = await run(false);

  const changed = (await (await fetch(`${control}/bench/change-memberships`, { method: "POST", body: JSON.stringify({ share: CHANGE }) })).json()) as {
    removed: number;
    added: number;
    groups: number;
  };
  const incremental = await run(false);
  const incWrites = await writesOf(incremental.id);
  const incMinimum = incWrites.reduce((n, w) => n + w.removed + Math.ceil(w.added / MEMBERS_PER_PATCH), 0);
  const planned = (await db().mirrorRun.findUniqueOrThrow({ where: { id: incremental.id } })).progress;
  const plannedMirrors = (jsonOrUndefined(planned) as { mirrorsPlanned?: number } | undefined)?.mirrorsPlanned ?? 0;
  // For comparison, the day the drift benchmark models: 1% of the users and of the groups changed, each such group gaining a member.
  await run(false);
  const day = (await (await fetch(`${control}/bench/change`, { method: "POST", body: JSON.stringify({ share: CHANGE }) })).json()) as { groups: number };
  const quiet = await run(false);
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  await db().$disconnect();

  const rows: [string, string, string, boolean][] = [
    [
      "full reconcile: Graph calls / minimum",
      `${fmt(full.calls)} / ${fmt(minimum)} (${fmt(minimumReads)} delta pages + ${fmt(minimumWrites)} PATCHes of 20)`,
      `≤ ${TARGETS.callRatio}×`,
      ratio(full.calls, minimum) <= TARGETS.callRatio,
    ],
    [
      "full reconcile: wall time / (calls / rate)",
      `${full.seconds.toFixed(1)} s / ${boundS.toFixed(1)} s (${ratio(full.seconds, boundS).toFixed(2)}×)`,
      `≤ ${TARGETS.wallRatio}×`,
      ratio(full.seconds, boundS) <= TARGETS.wallRatio,
    ],
    ["peak RSS", `${rssMiB.toFixed(0)} MiB`, `< ${TARGETS.rssMiB} MiB`, rssMiB < TARGETS.rssMiB],
    [
      "incremental: Graph calls / minimum its changes require",
      `${fmt(incremental.calls)} / ${fmt(incMinimum + 1)} (a delta page, a DELETE per removal, a PATCH per 20 added to a mirror)`,
      `≤ ${TARGETS.callRatio}×`,
      ratio(incremental.calls, incMinimum + 1) <= TARGETS.callRatio,
    ],
    [
      `incremental after ${fmt(changed.removed + changed.added)} memberships changed (${fmt(changed.removed)} removed, ${fmt(changed.added)} added, in ${fmt(changed.groups)} groups): Graph calls`,
      `${fmt(incremental.calls)} (${((100 * incremental.calls) / Math.max(1, full.calls)).toFixed(1)}% of the full reconcile's; ${incremental.seconds.toFixed(1)} s)`,
      `≤ ${100 * TARGETS.incrementalShare}%`,
      incremental.calls <= TARGETS.incrementalShare * full.calls,
    ],
  ];
  console.log(`\nrate: Graph ${RATES.graph}/s (burst 10 s); ${fmt(added)} members added to ${fmt(fullWrites.length)} mirrors by the full reconcile`);
  for (const [label, value, target, met] of rows) console.log(`${met ? "ok  " : "FAIL"} ${label.padEnd(44)} ${value.padEnd(34)} target ${target}`);
  console.log(`reading back SSO Bridge's own writes: ${fmt(echo.calls)} Graph calls (${echo.seconds.toFixed(1)} s), nothing written`);
  console.log(
    `the incremental run planned ${fmt(plannedMirrors)} of ${fmt(shape.nestingGroups.length)} mirrors (those whose sources nest a changed group) and changed ${fmt(incWrites.length)}`,
  );
  console.log(
    `a membership changed in Entra reaches its mirror within one scheduler period (SSO_BRIDGE_MIRROR_INTERVAL_SECONDS, 600 s by default) plus the run: ${one.seconds.toFixed(1)} s, ${fmt(one.calls)} Graph calls`,
  );
  console.log(
    `for comparison, 1% of the groups (${fmt(day.groups)}) each gaining a member: ${fmt(quiet.calls)} Graph calls, ${((100 * quiet.calls) / Math.max(1, full.calls)).toFixed(1)}% of the full reconcile's`,
  );
  console.log(`(peak RSS is the measured process's, every run included, with the server's heap cap of ${HEAP_MB} MiB)`);
  return rows.every(([, , , met]) => met) ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const size = parseScaleSize(argv, 4);
  if (argv.includes("--measure")) return measure(size);
  console.log(
    `== mirror groups: ${fmt(size.users)} users, ${fmt(size.groups)} groups, ${fmt(size.memberships)} memberships, nesting ${size.nesting}, on ${size.database === "sqlite" ? "SQLite" : "PostgreSQL"}`,
  );
  return runMeasured("mirrors", argv, size, RATES);
}
