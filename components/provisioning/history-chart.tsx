import { provisioningHistory } from "@/lib/provisioning/monitor";

const colour: Record<string, string> = { healthy: "#059669", degraded: "#d97706", broken: "#dc2626", unknown: "#94a3b8" };
const time = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

/** What the monitor saw at each poll: one bar per poll, as tall as the users in AWS, coloured by state. */
export async function HistoryChart() {
  const points = await provisioningHistory();
  if (points.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No history yet: the monitor records the job at every poll.</p>;
  }
  const most = Math.max(1, ...points.map((p) => p.users ?? 0));
  const width = 12;
  const height = 80;
  const durations = points.map((p) => p.cycleSeconds).filter((s): s is number => s !== null);
  return (
    <figure className="space-y-2">
      <svg role="img" aria-label={`Users in AWS and job state at the last ${points.length} polls`} viewBox={`0 0 ${points.length * width} ${height}`} className="h-24 w-full max-w-2xl" preserveAspectRatio="none">
        {points.map((p, i) => {
          const h = p.users === null ? height : Math.max(2, (p.users / most) * height);
          return (
            <rect key={p.takenAt.toISOString()} x={i * width + 1} y={height - h} width={width - 2} height={h} fill={colour[p.state] ?? colour.unknown} opacity={p.users === null ? 0.35 : 1}>
              <title>{`${time(p.takenAt)} UTC: ${p.state}${p.users !== null ? `, ${p.users} users, ${p.groups ?? 0} groups` : ""}${p.lastCycleState ? `, last cycle ${p.lastCycleState}` : ""}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-500 dark:text-slate-400">
        {time(points[0]!.takenAt)} to {time(points.at(-1)!.takenAt)} UTC. Green healthy, amber degraded, red broken, grey not readable.
        {durations.length > 0 && ` Cycles took ${Math.min(...durations)} to ${Math.max(...durations)} s.`}
      </figcaption>
      <table className="sr-only">
        <caption>Provisioning history</caption>
        <thead><tr><th scope="col">Time (UTC)</th><th scope="col">State</th><th scope="col">Users</th><th scope="col">Groups</th><th scope="col">Last cycle</th></tr></thead>
        <tbody>
          {points.map((p) => <tr key={p.takenAt.toISOString()}><td>{time(p.takenAt)}</td><td>{p.state}</td><td>{p.users ?? ""}</td><td>{p.groups ?? ""}</td><td>{p.lastCycleState ?? ""}</td></tr>)}
        </tbody>
      </table>
    </figure>
  );
}
