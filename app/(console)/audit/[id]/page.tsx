import Link from "next/link";
import { notFound } from "next/navigation";
import { auditEventView } from "@/lib/audit/audit-event-view";
import { auditHref } from "@/lib/audit/audit-query";
import { pageUser } from "@/lib/auth/session";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

export const metadata = { title: "Audit event" };

const outcomeTone: Record<string, Tone> = { success: "good", failure: "bad", denied: "warning" };

export default async function AuditEventPage({ params }: { params: Promise<{ id: string }> }) {
  await pageUser();
  const { id } = await params;
  const view = await auditEventView(id);
  if (!view) notFound();
  const { event: e, details, changes, targetHref: href } = view;
  const facts: [string, React.ReactNode][] = [
    ["When (UTC)", e.occurredAt.toISOString().replace("T", " ").replace("Z", "")],
    ["Actor", `${e.actorLabel}${e.actorType === "system" ? " (SSO Bridge itself)" : ""}`],
    ["Action", <code key="a">{e.action}</code>],
    [
      "Target",
      href ? (
        <Link key="t" href={href} className="text-sky-700 underline dark:text-sky-400">
          {e.targetLabel ?? e.targetType}
        </Link>
      ) : (
        (e.targetLabel ?? e.targetType)
      ),
    ],
    [
      "Outcome",
      <StatusBadge key="o" tone={outcomeTone[e.outcome] ?? "neutral"}>
        {e.outcome}
      </StatusBadge>,
    ],
    ["Request", e.requestId ?? "—"],
    ["From", [e.ipAddress, e.userAgent].filter(Boolean).join(" · ") || "—"],
    [
      "Chain",
      <span key="c" className="font-mono text-xs break-all">
        #{e.seq} · {e.hash}
      </span>,
    ],
  ];
  return (
    <div className="space-y-4">
      <PageHeader title={`Event #${e.seq}`} description={`${e.action} on ${e.targetLabel ?? e.targetType}`} />
      <Card>
        <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 text-sm">
          {facts.map(([k, v]) => (
            <div key={k} className="contents">
              <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3 text-sm">
          <Link href={auditHref({ targetType: e.targetType, targetId: e.targetId ?? undefined })} className="text-sky-700 underline dark:text-sky-400">
            Everything that happened to this {e.targetType.replace(/-/g, " ")}
          </Link>
        </p>
      </Card>
      {changes && (
        <Card title="What changed">
          {changes.length === 0 ? (
            <p className="text-sm text-slate-600 dark:text-slate-400">Nothing differs between before and after.</p>
          ) : (
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Before and after</caption>
              <thead>
                <tr className="text-slate-500 dark:text-slate-400">
                  <th scope="col" className="py-1 pr-4 font-medium">
                    Field
                  </th>
                  <th scope="col" className="py-1 pr-4 font-medium">
                    Before
                  </th>
                  <th scope="col" className="py-1 font-medium">
                    After
                  </th>
                </tr>
              </thead>
              <tbody>
                {changes.map((c) => (
                  <tr key={c.path} className="border-t border-slate-200 align-top dark:border-slate-800">
                    <td className="py-1 pr-4 font-mono text-xs">{c.path}</td>
                    <td className="py-1 pr-4">
                      <span className="bg-red-50 px-1 font-mono text-xs break-all text-red-800 dark:bg-red-950 dark:text-red-300">{c.before ?? "—"}</span>
                    </td>
                    <td className="py-1">
                      <span className="bg-emerald-50 px-1 font-mono text-xs break-all text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300">
                        {c.after ?? "—"}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      )}
      <Card title="Details as recorded">
        <pre className="relative overflow-x-auto text-xs">{typeof details === "string" ? details : JSON.stringify(details, null, 2)}</pre>
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">Secrets are removed before an event is written; they never reach the history.</p>
      </Card>
    </div>
  );
}
