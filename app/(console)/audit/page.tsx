import { recentAuditEvents } from "@/lib/audit/recent-events";
import { pageUser } from "@/lib/auth/session";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

export const metadata = { title: "Audit" };

const outcomeTone: Record<string, Tone> = { success: "good", failure: "bad", denied: "warning" };

export default async function AuditPage() {
  await pageUser();
  const events = await recentAuditEvents(50);
  return (
    <>
      <PageHeader title="Audit" description="Every change made in SSO Bridge, by people and by SSO Bridge itself, newest first." />
      {events.length === 0 ? (
        <EmptyState title="No events yet">Changes and sign-ins appear here as they happen.</EmptyState>
      ) : (
        <Card title="Latest 50 events">
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <thead>
                <tr className="text-slate-500 dark:text-slate-400">
                  <th scope="col" className="py-2 pr-4 font-medium">Time (UTC)</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Actor</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Action</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Target</th>
                  <th scope="col" className="py-2 font-medium">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.seq} className="border-t border-slate-200 dark:border-slate-800" data-testid="audit-row">
                    <td className="py-2 pr-4 whitespace-nowrap">{e.occurredAt.toISOString().slice(0, 19).replace("T", " ")}</td>
                    <td className="py-2 pr-4">{e.actorLabel}{e.actorType === "system" && <span className="text-slate-500"> (system)</span>}</td>
                    <td className="py-2 pr-4 font-mono text-xs">{e.action}</td>
                    <td className="py-2 pr-4">{e.targetLabel ?? e.targetType}</td>
                    <td className="py-2"><StatusBadge tone={outcomeTone[e.outcome] ?? "neutral"}>{e.outcome}</StatusBadge></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </>
  );
}
