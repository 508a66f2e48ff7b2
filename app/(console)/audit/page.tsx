import { utcSeconds } from "@/lib/utc-time";
import Link from "next/link";
import { auditHref, parseAuditQuery, shownAuditPage } from "@/lib/audit/audit-query";
import { targetHref } from "@/lib/audit/target-links";
import { pageUser } from "@/lib/auth/session";
import { listPeople } from "@/lib/people";
import { canManageSettings } from "@/lib/security/permissions";
import { AuditFilters } from "@/components/audit/audit-filters";
import { VerifyChainButton } from "@/components/audit/verify-chain-button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { secondaryButtonClass } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge, type Tone } from "@/components/ui/status-badge";

export const metadata = { title: "Audit" };

const outcomeTone: Record<string, Tone> = { success: "good", failure: "bad", denied: "warning" };
const withoutTarget = ({ targetType: _type, targetId: _id, ...rest }: Record<string, string>) => rest;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser();
  const query = parseAuditQuery(await searchParams);
  const [{ events, olderThan }, people] = await Promise.all([shownAuditPage(query.filter, query.before), listPeople()]);
  const isAdmin = canManageSettings(user);
  const filtered = Object.keys(query.form).length > 0;
  return (
    <div className="space-y-4">
      <PageHeader
        title="Audit"
        description="Every change made in SSO Bridge, by people and by SSO Bridge itself, newest first. Events are chained with a key only SSO Bridge holds, and the chain's head is anchored outside the database: an edit, deletion, reordering or truncation shows when the chain is verified."
      />
      <Card>
        <AuditFilters values={query.form} actors={["SSO Bridge", ...people.map((p) => p.name)]} />
        {query.form.targetType && (
          <p className="mt-3 text-sm">
            History of one {query.form.targetType.replace(/-/g, " ")}
            {query.form.targetId ? ` (${query.form.targetId.length > 60 ? `…${query.form.targetId.slice(-40)}` : query.form.targetId})` : ""}.{" "}
            <Link href={auditHref(withoutTarget(query.form))} className="text-sky-700 underline dark:text-sky-400">
              Show all targets
            </Link>
          </p>
        )}
        {query.problems.map((p) => (
          <p key={p} role="alert" className="mt-2 text-sm text-amber-800 dark:text-amber-300">
            {p}
          </p>
        ))}
      </Card>
      {isAdmin && (
        <Card title="Export and verification">
          <div className="flex flex-wrap items-center gap-3">
            <a href={auditHref(query.form, "/audit/export") + `${filtered ? "&" : "?"}format=csv`} className={secondaryButtonClass} download>
              Export CSV
            </a>
            <a href={auditHref(query.form, "/audit/export") + `${filtered ? "&" : "?"}format=jsonl`} className={secondaryButtonClass} download>
              Export JSON Lines
            </a>
            <span className="text-xs text-slate-500 dark:text-slate-400">
              {filtered ? "Exports the events these filters show, all pages." : "Exports every event."}
            </span>
          </div>
          <div className="mt-3">
            <VerifyChainButton />
          </div>
        </Card>
      )}
      {events.length === 0 ? (
        <EmptyState title={filtered || query.before ? "No events match" : "No events yet"}>
          {filtered ? "Try fewer filters." : "Changes and sign-ins appear here as they happen."}
        </EmptyState>
      ) : (
        <Card title={query.before ? `Events before #${query.before}` : "Newest events"}>
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Audit events</caption>
              <thead>
                <tr className="text-slate-500 dark:text-slate-400">
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Time (UTC)
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Actor
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Action
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Target
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    Outcome
                  </th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => {
                  const href = targetHref(e.targetType, e.targetId);
                  return (
                    <tr key={e.seq} className="border-t border-slate-200 dark:border-slate-800" data-testid="audit-row">
                      <td className="py-2 pr-4 whitespace-nowrap">
                        <Link
                          href={`/audit/${e.id}`}
                          className="text-sky-700 underline dark:text-sky-400"
                          aria-label={`Event #${e.seq} at ${utcSeconds(e.occurredAt)}`}
                        >
                          {utcSeconds(e.occurredAt)}
                        </Link>
                      </td>
                      <td className="py-2 pr-4">
                        {e.actorLabel}
                        {e.actorType === "system" && <span className="text-slate-500"> (system)</span>}
                      </td>
                      <td className="py-2 pr-4 font-mono text-xs">{e.action}</td>
                      <td className="py-2 pr-4">
                        {href ? (
                          <Link href={href} className="hover:underline">
                            {e.targetLabel ?? e.targetType}
                          </Link>
                        ) : (
                          (e.targetLabel ?? e.targetType)
                        )}
                      </td>
                      <td className="py-2">
                        <StatusBadge tone={outcomeTone[e.outcome] ?? "neutral"}>{e.outcome}</StatusBadge>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <nav aria-label="Audit pages" className="mt-3 flex gap-3 text-sm">
            {query.before !== null && (
              <Link href={auditHref(query.form)} className={secondaryButtonClass}>
                Newest
              </Link>
            )}
            {olderThan !== null && (
              <Link href={auditHref({ ...query.form, before: String(olderThan) })} className={secondaryButtonClass}>
                Older events
              </Link>
            )}
          </nav>
        </Card>
      )}
    </div>
  );
}
