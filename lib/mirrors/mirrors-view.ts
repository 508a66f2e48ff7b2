import { lastEntraTest } from "../connections/entra-connection";
import { db } from "../db";
import { MIRRORS_FEATURE } from "../entra/app-permissions";
import { nestedScopeGroups, scopeUserNames } from "../drift/entra-scope-snapshot";
import { runProgressColumn, type MirrorRunProgress } from "./mirror-run";
import { storedMirrors, type StoredMirror } from "./mirror-store";

// The Nested groups page and `npm run cli -- mirrors`: the assigned groups whose nesting keeps
// people out of AWS (from the latest drift scan's view of Entra), the mirrors with their state,
// and the runs that keep them. Read from the database only.

export type MirrorView = StoredMirror & {
  exceptions: { userId: string; kind: string; name: string }[];
  /** the people the guard holds back, by name where the latest scan knows them */
  heldNames: string[];
};

export type RunView = {
  id: string;
  mode: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  requestedBy: string | null;
  problem: string | null;
  progress: MirrorRunProgress;
};

export type MirrorsView = {
  mirrors: MirrorView[];
  nested: Awaited<ReturnType<typeof nestedScopeGroups>>;
  running: RunView | null;
  latest: RunView | null;
  /** the Graph permissions mirrors need that the last connection test found missing; null before any test */
  missingPermissions: string[] | null;
};

export async function mirrorsView(): Promise<MirrorsView> {
  const [stored, nested, runs, test, exceptions] = await Promise.all([
    storedMirrors(),
    nestedScopeGroups(),
    db().mirrorRun.findMany({ orderBy: { startedAt: "desc" }, take: 2 }),
    lastEntraTest(),
    db().mirrorException.findMany({ orderBy: { createdAt: "asc" } }),
  ]);
  const names = await scopeUserNames([...new Set([...exceptions.map((e) => e.userId), ...stored.flatMap((m) => m.heldRemovals ?? [])])]);
  const exceptionsOf = new Map<string, typeof exceptions>();
  for (const e of exceptions) {
    const list = exceptionsOf.get(e.mirrorId);
    if (list) list.push(e);
    else exceptionsOf.set(e.mirrorId, [e]);
  }
  const mirrors = stored.map((m): MirrorView => ({
    ...m,
    exceptions: (exceptionsOf.get(m.id) ?? []).map((e) => ({ userId: e.userId, kind: e.kind, name: names.get(e.userId) ?? e.userId })),
    heldNames: (m.heldRemovals ?? []).map((id) => names.get(id) ?? id),
  }));
  const views = runs.map((r): RunView => ({
    id: r.id,
    mode: r.mode,
    status: r.status,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    requestedBy: r.requestedByLabel,
    problem: r.problem,
    progress: runProgressColumn.decode(r.progress, r.id),
  }));
  const running = views.find((r) => r.status === "running") ?? null;
  const latest = views.find((r) => r.status !== "running") ?? null;
  const missingPermissions = test?.ok ? test.result.missing.filter((m) => m.neededFor.includes(MIRRORS_FEATURE)).map((m) => m.permission) : null;
  return { mirrors, nested, running, latest, missingPermissions };
}
