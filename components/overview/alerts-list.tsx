import { utcMinutes } from "@/lib/utc-time";
import { StatusBadge } from "@/components/ui/status-badge";
import type { activeAlerts } from "@/lib/alerts/evaluate-alerts";
import { LinkedText } from "@/components/ui/linked-text";

/** The alerts that hold now, above the status cards; nothing at all when there are none. */
export function AlertsList({ alerts }: { alerts: Awaited<ReturnType<typeof activeAlerts>> }) {
  if (alerts.length === 0) return null;
  return (
    <section aria-labelledby="alerts-heading" className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/40">
      <h2 id="alerts-heading" className="mb-2 text-base font-semibold">
        Alerts
      </h2>
      <ul className="space-y-2 text-sm">
        {alerts.map((a) => (
          <li key={a.key} className="flex items-start gap-2" data-testid={`alert-${a.key}`}>
            <StatusBadge tone={a.severity === "critical" ? "bad" : "warning"}>{a.severity === "critical" ? "Critical" : "Warning"}</StatusBadge>
            <span>
              <LinkedText text={a.message} /> <span className="text-slate-500 dark:text-slate-400">Since {utcMinutes(a.firstSeenAt)} UTC.</span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
