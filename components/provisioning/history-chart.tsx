import { utcMinutes } from "@/lib/utc-time";
import type { CyclePoint, PollPoint, ProvisioningHistory } from "@/lib/provisioning/provisioning-history";
import { BarChart } from "./bar-chart";

const GREEN = "#059669";
const AMBER = "#d97706";
const RED = "#dc2626";
const GREY = "#94a3b8";
const BLUE = "#2563eb";
const stateColour: Record<string, string> = { healthy: GREEN, degraded: AMBER, broken: RED, unknown: GREY };
const cycleColour: Record<string, string> = { Succeeded: GREEN, EntryLevelErrors: AMBER, Failed: RED };
const text = (n: number | null) => (n === null ? "" : String(n));

/** The monitor's record: each cycle's outcome and duration, its objects by outcome, and what each poll saw. */
export function HistoryChart({ history: { polls, cycles } }: { history: ProvisioningHistory }) {
  if (polls.length === 0) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">No history yet: the monitor records the job at every poll.</p>;
  }
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <section aria-label="Cycles">
        <h3 className="mb-1 text-sm font-medium">Cycle outcomes and durations</h3>
        {cycles.length === 0 ? <NoCycles /> : <CycleChart cycles={cycles} />}
      </section>
      <section aria-label="Objects per cycle">
        <h3 className="mb-1 text-sm font-medium">Objects by outcome, per cycle</h3>
        {cycles.length === 0 ? <NoCycles /> : <ObjectChart cycles={cycles} />}
      </section>
      <section aria-label="Polls" className="lg:col-span-2">
        <h3 className="mb-1 text-sm font-medium">Users in AWS at each poll</h3>
        <PollChart polls={polls} />
      </section>
    </div>
  );
}

const NoCycles = () => <p className="text-sm text-slate-600 dark:text-slate-400">No finished cycle seen yet.</p>;

function CycleChart({ cycles }: { cycles: CyclePoint[] }) {
  const durations = cycles.map((c) => c.seconds).filter((s): s is number => s !== null);
  return (
    <BarChart
      label={`Outcome and duration of the last ${cycles.length} provisioning cycles`}
      bars={cycles.map((c) => ({
        key: `${c.endedAt.toISOString()} ${c.state}`,
        title: `${utcMinutes(c.endedAt)} UTC: ${c.state}${c.seconds !== null ? `, ${c.seconds} s` : ""}`,
        segments: [{ value: c.seconds ?? 0, colour: cycleColour[c.state] ?? GREY, keep: true }],
      }))}
      columns={["Ended (UTC)", "Outcome", "Seconds"]}
      rows={cycles.map((c) => [utcMinutes(c.endedAt), c.state, text(c.seconds)])}
      unit="s"
      from={`${utcMinutes(cycles[0]!.endedAt)} UTC`}
      to={`${utcMinutes(cycles.at(-1)!.endedAt)} UTC`}
      legend={[
        { colour: GREEN, label: "Succeeded" },
        { colour: AMBER, label: "Some objects failed" },
        { colour: RED, label: "Failed" },
      ]}
      caption={<>Bar height is the cycle&apos;s duration{durations.length > 0 ? ` (${Math.min(...durations)} to ${Math.max(...durations)} s)` : ""}.</>}
    />
  );
}

function ObjectChart({ cycles }: { cycles: CyclePoint[] }) {
  return (
    <BarChart
      label={`Objects by outcome in the last ${cycles.length} provisioning cycles`}
      bars={cycles.map((c) => ({
        key: `${c.endedAt.toISOString()} ${c.state}`,
        title: `${utcMinutes(c.endedAt)} UTC: ${c.exported ?? "?"} written to AWS, ${c.failed ?? "?"} failed, ${c.unchanged ?? "?"} unchanged`,
        segments: [
          { value: c.failed ?? 0, colour: RED },
          { value: c.exported ?? 0, colour: BLUE },
          { value: c.unchanged ?? 0, colour: GREY },
        ],
      }))}
      columns={["Ended (UTC)", "Written to AWS", "Failed", "Unchanged"]}
      rows={cycles.map((c) => [utcMinutes(c.endedAt), text(c.exported), text(c.failed), text(c.unchanged)])}
      unit="objects"
      from={`${utcMinutes(cycles[0]!.endedAt)} UTC`}
      to={`${utcMinutes(cycles.at(-1)!.endedAt)} UTC`}
      legend={[
        { colour: RED, label: "Failed" },
        { colour: BLUE, label: "Written to AWS" },
        { colour: GREY, label: "In scope, no change needed" },
      ]}
      caption="Each bar is one cycle, its objects stacked by outcome."
    />
  );
}

function PollChart({ polls }: { polls: PollPoint[] }) {
  return (
    <BarChart
      label={`Users in AWS and job state at the last ${polls.length} polls`}
      bars={polls.map((p) => ({
        key: p.takenAt.toISOString(),
        title: `${utcMinutes(p.takenAt)} UTC: ${p.state}${p.users !== null ? `, ${p.users} users, ${p.groups ?? 0} groups` : ""}${p.lastCycleState ? `, last cycle ${p.lastCycleState}` : ""}`,
        // A poll that could not read the job is drawn full height and faded, so the outage shows.
        segments: [
          p.users === null
            ? { value: Math.max(1, ...polls.map((q) => q.users ?? 0)), colour: GREY, faded: true }
            : { value: p.users, colour: stateColour[p.state] ?? GREY, keep: true },
        ],
      }))}
      columns={["Time (UTC)", "State", "Users", "Groups", "Last cycle"]}
      rows={polls.map((p) => [utcMinutes(p.takenAt), p.state, text(p.users), text(p.groups), p.lastCycleState ?? ""])}
      unit="users"
      from={`${utcMinutes(polls[0]!.takenAt)} UTC`}
      to={`${utcMinutes(polls.at(-1)!.takenAt)} UTC`}
      legend={[
        { colour: GREEN, label: "Healthy" },
        { colour: AMBER, label: "Degraded" },
        { colour: RED, label: "Broken" },
        { colour: GREY, label: "Job not readable", faded: true },
      ]}
      caption="Bar height is the number of users in AWS at each poll; its colour, the job's state then."
    />
  );
}
