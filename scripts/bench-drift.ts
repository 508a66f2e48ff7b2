// npm run bench -- drift [--users N --groups N --memberships N --nesting N --seed N --database sqlite|postgresql]
// A drift scan at a large customer's size (100,000 users, 10,000 groups, 300,000 memberships,
// groups nested 3 deep by default) against the simulated clouds, each held to the request rate
// SSO Bridge's budget allows it (Graph 3,500 per 10 s, IAM Identity Center 20 per s): the calls
// each side took against the minimum its page limits allow, wall time against calls / rate, peak
// memory, and then, over the scan's findings and directory snapshot, the Drift page's reads of a
// page of findings and the Access pickers' search by part of a name; then 1% of Entra's users and
// groups change and a rescan reads Entra through delta queries, its Graph calls against the full
// scan's. Prints its figures; exits 1 when a target is missed.
//
// Three processes (scripts/bench-scale.ts): the simulators, so the memory figure is SSO Bridge's
// alone; this one, which starts the others; and the measured one (`--measure`), which needs the
// simulators' environment at start (NODE_EXTRA_CA_CERTS is read only then). SQLite unless
// `--database postgresql` (a database of its own on the test server, dropped afterwards).
import type { ScaleTenantShape } from "../simulators/scale-tenant";
import { parseScaleSize, runMeasured, setUpToEnterpriseApp, type ScaleSize } from "./bench-scale";
import { percentile } from "./percentile";
import { HEAP_MB } from "./server-heap.mjs";

const TARGETS = { callRatio: 1.1, wallRatio: 1.2, rssMiB: 512, pageP95Ms: 300, searchP95Ms: 100, rescanShare: 0.1 };
const RESCAN_CHANGE = 0.01;
const READS = 200;
// The published limits SSO Bridge's budgets are built on (lib/cloud-readings/budget.ts), taken whole.
const RATES = { graph: 350, aws: 20 };
// Largest pages: Graph directory objects 999, `id in` filters 15 values; identitystore lists 100.
const GRAPH_PAGE = 999;
const GRAPH_IDS_PER_FILTER = 15;
const AWS_PAGE = 100;

const pages = (items: number, pageSize: number) => Math.max(1, Math.ceil(items / pageSize));
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** The fewest requests the APIs allow for reading both directories as a drift scan must, from the tenant's shape and the page limits. */
export function minimumCalls(shape: ScaleTenantShape): { graph: number; aws: number } {
  const byFilter = Math.ceil(shape.assignedGroups / GRAPH_IDS_PER_FILTER);
  const byListing = 1 + pages(shape.groups, GRAPH_PAGE);
  const graph =
    pages(shape.assignedGroups, GRAPH_PAGE) +
    Math.min(byFilter, byListing) +
    sum(shape.directMembers.map((n) => pages(n, GRAPH_PAGE))) +
    sum(shape.transitiveMembers.map((n) => pages(n, GRAPH_PAGE)));
  // Users, groups, each group's memberships; and the permission sets, of which there are none here.
  const aws = pages(shape.aws.users, AWS_PAGE) + pages(shape.aws.groups, AWS_PAGE) + sum(shape.aws.membershipsPerGroup.map((n) => pages(n, AWS_PAGE))) + 1;
  return { graph, aws };
}

async function timed(fn: () => Promise<unknown>, inputs: number): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 5; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < inputs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

async function measure(size: ScaleSize): Promise<number> {
  const { db } = await import("../lib/db");
  const { startDriftScan } = await import("../lib/drift/drift-scan");
  const { driftScans, scanFindings, FINDINGS_PAGE_SIZE } = await import("../lib/drift/drift-view");
  const { searchAccessPrincipals } = await import("../lib/access/principal-search");
  const control = process.env.SIM_CONTROL_URL as string;
  const by = { actor: { type: "person" as const, id: "bench-drift", label: "Drift benchmark" }, context: { requestId: "bench-drift" } };
  const servicePrincipalId = await setUpToEnterpriseApp(by);

  const built = Date.now();
  const res = await fetch(`${control}/bench/scale-tenant`, { method: "POST", body: JSON.stringify({ servicePrincipalId }) });
  if (!res.ok) throw new Error(`the simulators could not build the tenant: ${await res.text()}`);
  const shape = (await res.json()) as ScaleTenantShape;
  const memberships = sum(shape.directMembers);
  console.log(
    `tenant built in ${((Date.now() - built) / 1000).toFixed(1)} s: ${shape.users.toLocaleString("en-US")} users, ${shape.groups.toLocaleString("en-US")} groups ` +
      `(${shape.assignedGroups.toLocaleString("en-US")} assigned, the rest nested ${size.nesting} deep below them), ${memberships.toLocaleString("en-US")} direct members of assigned groups; ` +
      `AWS holds ${shape.aws.users.toLocaleString("en-US")} users and ${shape.aws.groups.toLocaleString("en-US")} groups`,
  );

  const t0 = performance.now();
  const scan = await startDriftScan(by.actor.label, { wait: true });
  await scan.done;
  const wallS = (performance.now() - t0) / 1000;
  const { complete, newest } = await driftScans();
  if (!complete || complete.id !== scan.id) throw new Error(`the scan did not complete: ${newest?.problem ?? newest?.status ?? "no scan"}`);
  const counts = (await (await fetch(`${control}/requests`)).json()) as { byClass: Record<string, number> };
  const calls = { graph: counts.byClass["graph-directory"] ?? 0, aws: (counts.byClass["aws-identitystore"] ?? 0) + (counts.byClass["aws-sso-admin"] ?? 0) };
  const minimum = minimumCalls(shape);
  const boundS = calls.graph / RATES.graph + calls.aws / RATES.aws;

  const findings = complete.total;
  const lastPage = Math.max(1, Math.ceil(findings / FINDINGS_PAGE_SIZE));
  let n = 0;
  const page = await timed(async () => {
    n += 1;
    await driftScans();
    await scanFindings(complete.id, { page: 1 + ((n * 7919) % lastPage) });
  }, READS);
  const needles = ["jonas", "kowalski", "team 12", "elif.garcia", "priya hughes 7", "scale team 99", "omar", "ines.jensen.1"];
  let s = 0;
  const search = await timed(() => searchAccessPrincipals(needles[s++ % needles.length] as string), READS);

  // A day later: 1% of the users and groups changed in Entra; the rescan reads Entra's changes only.
  const changed = (await (await fetch(`${control}/bench/change`, { method: "POST", body: JSON.stringify({ share: RESCAN_CHANGE }) })).json()) as {
    users: number;
    groups: number;
  };
  await fetch(`${control}/requests`, { method: "DELETE" });
  const r0 = performance.now();
  const rescan = await startDriftScan(by.actor.label, { wait: true });
  await rescan.done;
  const rescanS = (performance.now() - r0) / 1000;
  const after = await driftScans();
  if (after.complete?.id !== rescan.id) throw new Error(`the rescan did not complete: ${after.newest?.problem ?? after.newest?.status ?? "no scan"}`);
  if (!after.complete.progress.entraChangesOnly) throw new Error("the rescan read Entra whole instead of its changes");
  const rescanCounts = (await (await fetch(`${control}/requests`)).json()) as { byClass: Record<string, number> };
  const rescanGraph = rescanCounts.byClass["graph-directory"] ?? 0;
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  await db().$disconnect();

  const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const rows: [string, string, string, boolean][] = [
    [
      "Graph calls / minimum",
      `${calls.graph.toLocaleString("en-US")} / ${minimum.graph.toLocaleString("en-US")}`,
      `≤ ${TARGETS.callRatio}×`,
      ratio(calls.graph, minimum.graph) <= TARGETS.callRatio,
    ],
    [
      "AWS calls / minimum",
      `${calls.aws.toLocaleString("en-US")} / ${minimum.aws.toLocaleString("en-US")}`,
      `≤ ${TARGETS.callRatio}×`,
      ratio(calls.aws, minimum.aws) <= TARGETS.callRatio,
    ],
    [
      "wall time / (calls / rate)",
      `${wallS.toFixed(1)} s / ${boundS.toFixed(1)} s (${ratio(wallS, boundS).toFixed(2)}×)`,
      `≤ ${TARGETS.wallRatio}×`,
      ratio(wallS, boundS) <= TARGETS.wallRatio,
    ],
    ["peak RSS", `${rssMiB.toFixed(0)} MiB`, `< ${TARGETS.rssMiB} MiB`, rssMiB < TARGETS.rssMiB],
    [
      `page of findings (${findings.toLocaleString("en-US")} findings) p95`,
      `${page.p95.toFixed(1)} ms (p50 ${page.p50.toFixed(1)})`,
      `< ${TARGETS.pageP95Ms} ms`,
      page.p95 < TARGETS.pageP95Ms,
    ],
    [
      `rescan after ${changed.users.toLocaleString("en-US")} users and ${changed.groups.toLocaleString("en-US")} groups changed: Graph calls`,
      `${rescanGraph.toLocaleString("en-US")} (${((100 * rescanGraph) / Math.max(1, calls.graph)).toFixed(1)}% of the full scan's; ${rescanS.toFixed(1)} s)`,
      `≤ ${100 * TARGETS.rescanShare}%`,
      rescanGraph <= TARGETS.rescanShare * calls.graph,
    ],
    [
      "search by part of a name p95",
      `${search.p95.toFixed(1)} ms (p50 ${search.p50.toFixed(1)})`,
      `< ${TARGETS.searchP95Ms} ms`,
      search.p95 < TARGETS.searchP95Ms,
    ],
  ];
  console.log(
    `\nrates: Graph ${RATES.graph}/s (burst 10 s), IAM Identity Center ${RATES.aws}/s; call ratios ${ratio(calls.graph, minimum.graph).toFixed(3)} (Graph), ${ratio(calls.aws, minimum.aws).toFixed(3)} (AWS)`,
  );
  for (const [label, value, target, met] of rows) console.log(`${met ? "ok  " : "FAIL"} ${label.padEnd(44)} ${value.padEnd(34)} target ${target}`);
  console.log(`(peak RSS is the scanning process's, both scans included, with the server's heap cap of ${HEAP_MB} MiB)`);
  return rows.every(([, , , met]) => met) ? 0 : 1;
}

export async function main(argv: string[]): Promise<number> {
  const size = parseScaleSize(argv, 3);
  if (argv.includes("--measure")) return measure(size);
  console.log(
    `== drift scan: ${size.users.toLocaleString("en-US")} users, ${size.groups.toLocaleString("en-US")} groups, ${size.memberships.toLocaleString("en-US")} memberships, nesting ${size.nesting}, on ${size.database === "sqlite" ? "SQLite" : "PostgreSQL"}`,
  );
  return runMeasured("drift", argv, size, RATES);
}
