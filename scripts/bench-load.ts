// npm run bench -- load [--seconds N] [--levels 1,10,50]
// A team watching SSO Bridge: the production build as two instances on one PostgreSQL database,
// against the simulated clouds, set up as a team runs it (federation, provisioning started,
// permission sets), signed in once through the simulated Entra ID in Chromium. It then asks for the
// overview, Provisioning, Access and Audit pages from N concurrent connections spread over both
// instances, for a fixed time per page and level, and reports per page and level: requests per
// second, p50 and p99, what the clouds were asked (the simulators count every request), the
// request rate against each cloud budget, and the servers' peak memory. Last, the simulated Graph
// throttles every request and the pages are asked again. Prints PASS or FAIL per target; the CLI
// exits 1 on a miss.
import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Agent, request } from "undici";
import { z } from "zod";
import { BUDGETS, bucketOf, type BudgetClass } from "../lib/cloud-readings/budget";
import { jsonOrUndefined } from "../lib/http/json-text";
import { ADA_ADMIN } from "../simulators/entra/tenant";
import type { RequestClass, RequestCounts } from "../simulators/request-counter";
import { launchChromium, signInAs } from "../tests/e2e/support/browser";
import { startStack, type Stack } from "../tests/e2e/support/stack";
import { freshPostgresDatabase } from "./bench-database";
import type { LoadSetupReport } from "./bench-load-setup";
import { percentile } from "./percentile";

export const PAGES = [
  { name: "overview", path: "/" },
  { name: "Provisioning", path: "/provisioning" },
  { name: "Access", path: "/access" },
  { name: "Audit", path: "/audit" },
] as const;

export const TARGETS = {
  cloudCallsPerRender: 0,
  p99Ms: 100,
  /** the connections at which p99 is held to its target */
  p99AtConnections: 10,
  peakRssMb: 600,
  throttledMs: 200,
} as const;

const INSTANCES = 2;
/** sequential renders per page, each bracketed by the simulators' counts, to see what one render asks of the clouds */
const PROBES_PER_PAGE = 20;
const REQUEST_TIMEOUT_MS = 30_000;
const MEMORY_SAMPLE_MS = 250;

/** SSO Bridge's own calls; SCIM is left out because only the simulated Entra provisioning service calls it after setup. */
const GRAPH_CLASSES: RequestClass[] = ["graph-reports", "graph-directory", "entra-login"];
const AWS_CLASSES: RequestClass[] = ["aws-sso-admin", "aws-identitystore", "aws-organizations", "aws-sts"];

/** Which counted requests spend which budget (Graph's directory budget is in resource units: at least one per request). */
const BUDGET_CLASSES: { budget: BudgetClass; classes: RequestClass[] }[] = [
  { budget: BUDGETS.graphReports, classes: ["graph-reports"] },
  { budget: BUDGETS.graphDirectory, classes: ["graph-directory"] },
  { budget: BUDGETS.awsIdentityCenter, classes: ["aws-sso-admin", "aws-identitystore"] },
  { budget: BUDGETS.awsOrganizations, classes: ["aws-organizations"] },
];

export type LoadBenchOptions = {
  /** an empty PostgreSQL database for both instances */
  databaseUrl: string;
  /** seconds per page and level */
  seconds: number;
  /** concurrent connections, spread over both instances */
  levels: number[];
  /** SSO_BRIDGE_CLOUD_BUDGET_SHARE given to the instances (default: this process's, else 0.5) */
  budgetShare?: number;
  log?: (line: string) => void;
};

export type CloudCalls = { graph: number; aws: number; scim: number; byClass: Record<RequestClass, number> };

export type PageRun = {
  page: string;
  connections: number;
  seconds: number;
  requests: number;
  errors: number;
  firstError: string | null;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** everything the clouds were asked while the page was under load, background readers included */
  cloud: CloudCalls;
};

export type Probe = { page: string; renders: number; graphMedian: number; awsMedian: number; graphTotal: number; awsTotal: number };

export type BudgetUse = {
  budget: string;
  source: string;
  connections: number;
  seconds: number;
  calls: number;
  perSecond: number;
  /** the share's rate in requests per second */
  sharePerSecond: number;
  /** the most a bucket at the share lets through in the window: a full bucket plus its refill */
  allowed: number;
};

export type InstanceMemory = {
  instance: string;
  /** the processes seen in the instance's tree, by name ("node ×3, esbuild") */
  processes: string;
  peakRssMb: number | null;
  hwmMb: number | null;
  /** each process's own peak, "next-server 512 MB" */
  byProcess: string[];
};

/** `clouds`: what the clouds are asked and whether pages answer, the same on any machine; `machine`: time and memory, which depend on it. */
export type Target = { name: string; kind: "clouds" | "machine"; pass: boolean; detail: string };

export type LoadBenchResult = {
  setup: LoadSetupReport;
  budgetShare: number;
  probes: Probe[];
  runs: PageRun[];
  budgets: BudgetUse[];
  throttled: PageRun[];
  memory: InstanceMemory[];
  targets: Target[];
  ok: boolean;
};

export async function runLoadBenchmark(opts: LoadBenchOptions): Promise<LoadBenchResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  assertBuilt();
  const share = opts.budgetShare ?? Number(process.env.SSO_BRIDGE_CLOUD_BUDGET_SHARE ?? 0.5);
  if (!(share > 0 && share <= 1)) throw new Error(`SSO_BRIDGE_CLOUD_BUDGET_SHARE must be above 0 and at most 1, not ${String(share)}`);
  log(`starting the simulators and ${INSTANCES} SSO Bridge instances (production build) on one PostgreSQL database`);
  const stack = await startStack({ databaseUrl: opts.databaseUrl, instances: INSTANCES, env: { SSO_BRIDGE_CLOUD_BUDGET_SHARE: String(share) } });
  const memory = watchMemory(stack);
  const agent = new Agent({ keepAliveTimeout: 30_000, headersTimeout: REQUEST_TIMEOUT_MS, bodyTimeout: REQUEST_TIMEOUT_MS });
  try {
    const cookie = await signIn(stack);
    log(`signed in as ${ADA_ADMIN.displayName}; setting up federation, provisioning and permission sets`);
    const setup = await setUp(stack);
    log(`set up: provisioning job ${setup.provisioningJobId}, assigned ${setup.assigned.join(", ")}, permission sets ${setup.permissionSets.join(", ")}`);
    const counts = () => cloudCounts(stack);
    const driver = { agent, cookie, origins: stack.baseUrls };

    // Warm both instances (compiled code paths, connection pools, first readings) before measuring.
    for (const page of PAGES) await drive(driver, page.path, INSTANCES, Math.min(3, opts.seconds));

    log("\n== one render at a time: what each render asks of the clouds");
    const probes: Probe[] = [];
    for (const page of PAGES) probes.push(await probe(driver, page, counts));
    for (const p of probes) log(formatProbe(p));

    const runs: PageRun[] = [];
    const budgets: BudgetUse[] = [];
    for (const connections of opts.levels) {
      log(`\n== ${connections} concurrent connection${connections === 1 ? "" : "s"}, ${opts.seconds} s per page`);
      const levelStart = await counts();
      const t0 = performance.now();
      for (const page of PAGES) {
        const run = await measure(driver, page, connections, opts.seconds, counts);
        runs.push(run);
        log(formatRun(run));
      }
      const seconds = (performance.now() - t0) / 1000;
      const used = budgetUse(minus(await counts(), levelStart), connections, seconds, share);
      budgets.push(...used);
      for (const u of used) log(formatBudget(u));
    }

    log("\n== the simulated Graph throttles every request");
    const throttled: PageRun[] = [];
    await control(stack, "PUT", "/faults", [{ route: "graph:*", throttleRate: 1, retryAfterSeconds: 2 }]);
    try {
      for (const page of PAGES) {
        const run = await measure(driver, page, INSTANCES, opts.seconds, counts);
        throttled.push(run);
        log(formatRun(run));
      }
    } finally {
      await control(stack, "DELETE", "/faults");
    }

    const peak = memory.stop();
    log("\n== memory of the server processes (each instance: npm start's script and Next.js)");
    for (const m of peak) log(formatMemory(m));

    const targets = evaluate({ probes, runs, budgets, throttled, memory: peak, levels: opts.levels });
    log("\n== targets");
    for (const t of targets) log(`${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${t.detail}`);
    const ok = targets.every((t) => t.pass);
    log(ok ? "\nall targets met" : `\n${targets.filter((t) => !t.pass).length} target(s) MISSED`);
    return { setup, budgetShare: share, probes, runs, budgets, throttled, memory: peak, targets, ok };
  } catch (e) {
    throw new Error(`${(e as Error).message}\n--- SSO Bridge's output ---\n${stack.output().slice(-4000)}`, { cause: e });
  } finally {
    memory.stop();
    await agent.close();
    await stack.stop();
  }
}

function assertBuilt(): void {
  if (!fs.existsSync(path.resolve(".next/BUILD_ID"))) {
    throw new Error("the load benchmark runs the production build, and there is none here: run npm run build first");
  }
}

async function signIn(stack: Stack): Promise<string> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInAs(page, stack.baseUrl, ADA_ADMIN.displayName);
    // Both instances share the encryption key that signs the session, so one cookie serves both.
    const cookies = await context.cookies(stack.baseUrl);
    if (!cookies.some((c) => c.name.includes("session-token"))) throw new Error("signing in left no session cookie");
    return cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  } finally {
    await browser.close();
  }
}

const setupReport: z.ZodType<LoadSetupReport> = z.object({
  provisioningJobId: z.string(),
  assigned: z.array(z.string()),
  permissionSets: z.array(z.string()),
});

async function setUp(stack: Stack): Promise<LoadSetupReport> {
  const { stdout } = await promisify(execFile)(path.resolve("node_modules/.bin/tsx"), [path.resolve("scripts/bench-load-setup.ts")], {
    env: { ...process.env, ...stack.env, NEXTAUTH_URL: stack.baseUrl },
    timeout: 180_000,
    maxBuffer: 16 * 1024 * 1024,
  }).catch((e: unknown) => {
    const { stderr, stdout: out } = e as { stderr?: string; stdout?: string };
    throw new Error(`setting up SSO Bridge failed: ${stderr || out || (e as Error).message}`);
  });
  const report = setupReport.safeParse(jsonOrUndefined(stdout.trim().split("\n").at(-1) ?? ""));
  if (!report.success) throw new Error(`setting up SSO Bridge did not report what it set up: ${stdout}`);
  return report.data;
}

// --- load --------------------------------------------------------------------------------------

type Driver = { agent: Agent; cookie: string; origins: string[] };
type Sample = { latencies: number[]; errors: number; firstError: string | null; seconds: number };

/** `connections` workers, each asking for the page again as soon as it has the whole answer, spread over the instances. */
async function drive(driver: Driver, pagePath: string, connections: number, seconds: number): Promise<Sample> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  const failed = (what: string) => {
    errors += 1;
    firstError ??= what;
  };
  const t0 = performance.now();
  const until = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      const origin = driver.origins[worker % driver.origins.length]!;
      while (performance.now() < until) {
        const outcome = await render(driver, origin, pagePath);
        if (outcome.ok) latencies.push(outcome.ms);
        else failed(outcome.error);
      }
    }),
  );
  return { latencies, errors, firstError, seconds: (performance.now() - t0) / 1000 };
}

async function render(driver: Driver, origin: string, pagePath: string): Promise<{ ok: true; ms: number } | { ok: false; error: string }> {
  const started = performance.now();
  try {
    const res = await request(`${origin}${pagePath}`, { method: "GET", headers: { cookie: driver.cookie }, dispatcher: driver.agent });
    // The whole page, streamed parts included: what a person waits for.
    await res.body.text();
    if (res.statusCode !== 200) return { ok: false, error: `${origin}${pagePath} answered ${res.statusCode}` };
    return { ok: true, ms: performance.now() - started };
  } catch (e) {
    return { ok: false, error: `${origin}${pagePath}: ${(e as Error).message}` };
  }
}

async function measure(
  driver: Driver,
  page: (typeof PAGES)[number],
  connections: number,
  seconds: number,
  counts: () => Promise<RequestCounts>,
): Promise<PageRun> {
  const before = await counts();
  const sample = await drive(driver, page.path, connections, seconds);
  const cloud = cloudCalls(minus(await counts(), before));
  const sorted = [...sample.latencies].sort((a, b) => a - b);
  return {
    page: page.name,
    connections,
    seconds: sample.seconds,
    requests: sorted.length,
    errors: sample.errors,
    firstError: sample.firstError,
    requestsPerSecond: sorted.length / sample.seconds,
    p50Ms: percentile(sorted, 0.5),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
    cloud,
  };
}

/**
 * Renders the page one at a time, alternating instances, and counts what the clouds were asked
 * during each render. A page that asks a cloud while rendering shows it in every render; a
 * background reader's request may fall into one now and then, so the median is what a render costs.
 */
async function probe(driver: Driver, page: (typeof PAGES)[number], counts: () => Promise<RequestCounts>): Promise<Probe> {
  const graph: number[] = [];
  const aws: number[] = [];
  for (let i = 0; i < PROBES_PER_PAGE; i++) {
    const before = await counts();
    const outcome = await render(driver, driver.origins[i % driver.origins.length]!, page.path);
    if (!outcome.ok) throw new Error(`rendering ${page.name} failed: ${outcome.error}`);
    const calls = cloudCalls(minus(await counts(), before));
    graph.push(calls.graph);
    aws.push(calls.aws);
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    page: page.name,
    renders: PROBES_PER_PAGE,
    graphMedian: median(graph),
    awsMedian: median(aws),
    graphTotal: sum(graph),
    awsTotal: sum(aws),
  };
}

// --- what the clouds were asked ----------------------------------------------------------------

async function control(stack: Stack, method: string, route: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${stack.env.SIM_CONTROL_URL}${route}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`the simulators' control API answered ${res.status} to ${method} ${route}: ${await res.text()}`);
  return res.json();
}

const cloudCounts = (stack: Stack) => control(stack, "GET", "/requests") as Promise<RequestCounts>;

function minus(after: RequestCounts, before: RequestCounts): RequestCounts {
  const byClass = Object.fromEntries(Object.entries(after.byClass).map(([k, v]) => [k, v - (before.byClass[k as RequestClass] ?? 0)])) as Record<
    RequestClass,
    number
  >;
  const byRoute = Object.fromEntries(Object.entries(after.byRoute).map(([k, v]) => [k, v - (before.byRoute[k] ?? 0)]));
  return { since: before.since, total: after.total - before.total, byClass, byRoute };
}

function cloudCalls(delta: RequestCounts): CloudCalls {
  const sum = (classes: RequestClass[]) => classes.reduce((n, c) => n + (delta.byClass[c] ?? 0), 0);
  return { graph: sum(GRAPH_CLASSES), aws: sum(AWS_CLASSES), scim: delta.byClass["aws-scim"] ?? 0, byClass: delta.byClass };
}

function budgetUse(delta: RequestCounts, connections: number, seconds: number, share: number): BudgetUse[] {
  return BUDGET_CLASSES.map(({ budget, classes }) => {
    const calls = classes.reduce((n, c) => n + (delta.byClass[c] ?? 0), 0);
    const bucket = bucketOf(budget, share);
    return {
      budget: budget.name,
      source: budget.source,
      connections,
      seconds,
      calls,
      perSecond: calls / seconds,
      sharePerSecond: bucket.perMs * 1000,
      allowed: bucket.capacity + bucket.perMs * seconds * 1000,
    };
  });
}

// --- memory ------------------------------------------------------------------------------------

type MemoryWatch = { stop(): InstanceMemory[] };

/** Samples each instance's process tree (VmRSS summed) and, at the end, each process's own peak (VmHWM). */
function watchMemory(stack: Stack): MemoryWatch {
  const peaks = stack.pids.map(() => 0);
  const hwm = stack.pids.map(() => new Map<number, number>());
  const processes = stack.pids.map(() => new Map<number, string>());
  const readable = fs.existsSync("/proc/self/status");
  const sample = () => {
    stack.pids.forEach((root, i) => {
      let rss = 0;
      for (const pid of processTree(root)) {
        const status = procStatus(pid);
        if (!status) continue;
        processes[i]!.set(pid, status.name);
        rss += status.rssKb;
        hwm[i]!.set(pid, Math.max(hwm[i]!.get(pid) ?? 0, status.hwmKb));
      }
      peaks[i] = Math.max(peaks[i]!, rss);
    });
  };
  if (readable) sample();
  const timer = readable ? setInterval(sample, MEMORY_SAMPLE_MS) : undefined;
  let result: InstanceMemory[] | undefined;
  return {
    stop() {
      if (result) return result;
      if (timer) {
        sample();
        clearInterval(timer);
      }
      result = stack.baseUrls.map((url, i) => ({
        instance: url,
        processes: tally([...processes[i]!.values()]),
        peakRssMb: readable ? peaks[i]! / 1024 : null,
        hwmMb: readable ? [...hwm[i]!.values()].reduce((a, b) => a + b, 0) / 1024 : null,
        byProcess: [...hwm[i]!].map(([pid, kb]) => `${processes[i]!.get(pid) ?? "?"} ${(kb / 1024).toFixed(0)} MB`),
      }));
      return result;
    },
  };
}

function tally(names: string[]): string {
  const counts = new Map<string, number>();
  for (const n of names) counts.set(n, (counts.get(n) ?? 0) + 1);
  return [...counts].map(([n, c]) => (c > 1 ? `${n} ×${c}` : n)).join(", ");
}

function processTree(root: number): number[] {
  const all = [root];
  for (let i = 0; i < all.length; i++) {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${all[i]}/task`);
    } catch {
      continue;
    }
    for (const task of tasks) {
      try {
        const children = fs.readFileSync(`/proc/${all[i]}/task/${task}/children`, "utf8").trim();
        if (children) all.push(...children.split(/\s+/).map(Number));
      } catch {
        // the thread or process ended while being read
      }
    }
  }
  return all;
}

function procStatus(pid: number): { name: string; rssKb: number; hwmKb: number } | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    // The kernel keeps 15 characters of a name: "next-server (v1" for "next-server (v16.4.6)".
    const name = (/^Name:\s+(.*)$/m.exec(text)?.[1] ?? "?").replace(/\s*\(.*$/, "");
    return { name, rssKb: kb("VmRSS"), hwmKb: kb("VmHWM") };
  } catch {
    return null;
  }
}

// --- targets -----------------------------------------------------------------------------------

function evaluate(r: { probes: Probe[]; runs: PageRun[]; budgets: BudgetUse[]; throttled: PageRun[]; memory: InstanceMemory[]; levels: number[] }): Target[] {
  const targets: Target[] = [];
  for (const p of r.probes) {
    targets.push({
      name: `${p.page}: ${TARGETS.cloudCallsPerRender} cloud calls per render`,
      kind: "clouds",
      pass: p.graphMedian <= TARGETS.cloudCallsPerRender && p.awsMedian <= TARGETS.cloudCallsPerRender,
      detail: `median per render Graph ${p.graphMedian}, AWS ${p.awsMedian} (over ${p.renders} renders: Graph ${p.graphTotal}, AWS ${p.awsTotal})`,
    });
  }
  const top = Math.max(...r.levels);
  for (const u of r.budgets.filter((b) => b.connections === top)) {
    targets.push({
      name: `${u.budget}: within the share of its budget at ${top} connections, ${INSTANCES} instances`,
      kind: "clouds",
      pass: u.calls <= u.allowed,
      detail: `${u.calls} requests in ${u.seconds.toFixed(1)} s (${u.perSecond.toFixed(2)}/s; the share allows ${u.sharePerSecond.toFixed(2)}/s, at most ${u.allowed.toFixed(1)} in the window)`,
    });
  }
  // The level the latency target names, or the busiest below it when the run is smaller.
  const p99Level = r.levels.includes(TARGETS.p99AtConnections)
    ? TARGETS.p99AtConnections
    : Math.max(...r.levels.filter((l) => l <= TARGETS.p99AtConnections), Math.min(...r.levels));
  for (const run of r.runs.filter((x) => x.connections === p99Level)) {
    targets.push({
      name: `${run.page}: p99 < ${TARGETS.p99Ms} ms at ${p99Level} connections`,
      kind: "machine",
      pass: run.p99Ms < TARGETS.p99Ms,
      detail: `p99 ${run.p99Ms.toFixed(1)} ms over ${run.requests} requests`,
    });
  }
  for (const m of r.memory) {
    const peak = m.hwmMb === null ? null : Math.max(m.hwmMb, m.peakRssMb ?? 0);
    targets.push({
      name: `${m.instance}: peak RSS < ${TARGETS.peakRssMb} MB`,
      kind: "machine",
      pass: peak !== null && peak < TARGETS.peakRssMb,
      detail: peak === null ? "not measured: /proc cannot be read on this system" : `${peak.toFixed(0)} MB (${m.processes})`,
    });
  }
  for (const run of r.throttled) {
    targets.push({
      name: `${run.page}: answers in < ${TARGETS.throttledMs} ms while Graph throttles every request`,
      kind: "machine",
      pass: run.requests > 0 && run.errors === 0 && run.p99Ms < TARGETS.throttledMs,
      detail: `p99 ${run.p99Ms.toFixed(1)} ms, max ${run.maxMs.toFixed(1)} ms over ${run.requests} requests${run.errors ? `, ${run.errors} failed (${run.firstError})` : ""}`,
    });
  }
  const failedRuns = r.runs.filter((x) => x.errors > 0 || x.requests === 0);
  targets.push({
    name: "every page answered 200 under load",
    kind: "clouds",
    pass: failedRuns.length === 0,
    detail:
      failedRuns.length === 0
        ? `${r.runs.reduce((n, x) => n + x.requests, 0)} pages`
        : failedRuns.map((x) => `${x.page} at ${x.connections}: ${x.firstError ?? "no answer"}`).join("; "),
  });
  return targets;
}

// --- formatting --------------------------------------------------------------------------------

const ms = (v: number) => `${Number.isNaN(v) ? "—" : v.toFixed(1)} ms`.padStart(10);

function formatRun(r: PageRun): string {
  const perRender = (n: number) => (r.requests ? (n / r.requests).toFixed(3) : "—");
  return (
    `${r.page.padEnd(13)} ${String(r.connections).padStart(3)} conn  ${r.requestsPerSecond.toFixed(1).padStart(7)} req/s  p50 ${ms(r.p50Ms)}  p99 ${ms(r.p99Ms)}  ` +
    `cloud calls Graph ${r.cloud.graph} (${perRender(r.cloud.graph)}/render), AWS ${r.cloud.aws} (${perRender(r.cloud.aws)}/render)` +
    (r.errors ? `  ${r.errors} FAILED: ${r.firstError}` : "")
  );
}

function formatProbe(p: Probe): string {
  return `${p.page.padEnd(13)} per render: Graph ${p.graphMedian}, AWS ${p.awsMedian} (median of ${p.renders}; totals Graph ${p.graphTotal}, AWS ${p.awsTotal})`;
}

function formatBudget(u: BudgetUse): string {
  return `  budget ${u.budget.padEnd(20)} ${u.perSecond.toFixed(2).padStart(7)} req/s; share ${u.sharePerSecond.toFixed(2)}/s (${u.calls} in ${u.seconds.toFixed(1)} s, at most ${u.allowed.toFixed(1)})  [${u.source}]`;
}

function formatMemory(m: InstanceMemory): string {
  if (m.peakRssMb === null) return `${m.instance}: not measured (no /proc)`;
  return `${m.instance}: peak RSS ${m.peakRssMb.toFixed(0)} MB (${m.processes} together, sampled); sum of each process's VmHWM ${m.hwmMb!.toFixed(0)} MB (${m.byProcess.join(", ")})`;
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// --- command line ------------------------------------------------------------------------------

export async function main(args: string[]): Promise<number> {
  const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const seconds = Number(arg("--seconds") ?? 10);
  const levels = (arg("--levels") ?? "1,10,50").split(",").map(Number);
  if (!(seconds > 0) || levels.some((l) => !Number.isInteger(l) || l < 1)) {
    console.error("usage: npm run bench -- load [--seconds N] [--levels 1,10,50]   (seconds above 0, levels whole numbers from 1)");
    return 2;
  }
  assertBuilt();
  const database = await freshPostgresDatabase("ssob_bench_load");
  try {
    const result = await runLoadBenchmark({ databaseUrl: database.url, seconds, levels });
    return result.ok ? 0 : 1;
  } finally {
    await database.drop();
  }
}
