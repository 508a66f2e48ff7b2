import type { MirrorsView, RunView } from "./mirrors-view";

// `npm run cli -- mirrors`: each mirror with its state, for a person or (--json) a script. Exit 0
// when every mirror is kept current, 1 when one needs an operator (removals held, a deleted source
// or group, a failed last run).

export const MIRRORS_EXIT = { current: 0, attention: 1 } as const;

export type MirrorsReport = { lines: string[]; json: unknown; exitCode: number };

export function mirrorsReport(view: Pick<MirrorsView, "mirrors" | "running" | "latest">): MirrorsReport {
  const attention = (m: MirrorsView["mirrors"][number]) =>
    m.heldRemovals !== null || m.state === "source-deleted" || m.state === "mirror-deleted" || (m.swap?.state === "waiting" && m.swap.problem !== null);
  const failed = view.latest?.status === "failed";
  const lines =
    view.mirrors.length === 0
      ? ["No mirrors. Mirror a nested group on the Nested groups page."]
      : view.mirrors.map((m) => {
          const held = m.heldRemovals ? `; ${m.heldRemovals.length} removals held for confirmation` : "";
          const last = m.lastSyncAt ? `last run ${m.lastSyncAt.toISOString()}: ${m.lastSyncOutcome ?? ""}` : (m.lastSyncOutcome ?? "not run yet");
          return `${m.mirrorName} (mirrors ${m.sourceName}): ${m.state}, ${m.memberCount} members, ${last}${held}${swapLine(m)}`;
        });
  if (view.running) lines.push(runLine("running", view.running));
  if (view.latest) lines.push(runLine("last run", view.latest));
  return {
    lines,
    json: {
      mirrors: view.mirrors.map((m) => ({
        id: m.id,
        source: { id: m.sourceGroupId, name: m.sourceName },
        mirror: { id: m.mirrorGroupId, name: m.mirrorName },
        state: m.state,
        members: m.memberCount,
        lastSyncAt: m.lastSyncAt?.toISOString() ?? null,
        lastSyncOutcome: m.lastSyncOutcome,
        heldRemovals: m.heldRemovals?.length ?? 0,
        handEdits: m.findings ? { added: m.findings.handAdded.length, removed: m.findings.handRemoved.length, treatment: m.handEdits } : null,
        swap: m.swap ? { state: m.swap.state, awsAccessCarried: m.swap.carried.length, problem: m.swap.problem } : null,
      })),
      running: view.running ? runJson(view.running) : null,
      lastRun: view.latest ? runJson(view.latest) : null,
    },
    exitCode: view.mirrors.some(attention) || failed ? MIRRORS_EXIT.attention : MIRRORS_EXIT.current,
  };
}

function swapLine(m: MirrorsView["mirrors"][number]): string {
  if (!m.swap) return "";
  if (m.swap.state === "done") return `; assigned in place of its source, with ${m.swap.carried.length} AWS account assignments`;
  return `; takes its source's place once it is in AWS${m.swap.problem ? `: ${m.swap.problem}` : ""}`;
}

function runLine(label: string, run: RunView): string {
  const p = run.progress;
  if (run.status === "failed") return `${label} (${run.mode}) failed: ${run.problem ?? "unknown"}`;
  return `${label} (${run.mode}, ${run.status}): ${p.added} added, ${p.removed} removed, ${p.held} removals held, ${p.requests} Graph requests`;
}

function runJson(run: RunView) {
  return { id: run.id, mode: run.mode, status: run.status, startedAt: run.startedAt.toISOString(), problem: run.problem, ...run.progress };
}
