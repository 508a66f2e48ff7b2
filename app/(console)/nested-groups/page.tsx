import { previewMirrorAction, runMirrorsAction } from "@/actions/mirrors";
import { pageUser } from "@/lib/auth/session";
import { isConfigured } from "@/lib/federation/configured-parts";
import { mirrorsView, type RunView } from "@/lib/mirrors/mirrors-view";
import { canConfigureFederation, canOperate } from "@/lib/security/permissions";
import { MirrorList } from "@/components/mirrors/mirror-list";
import { MirrorThisGroup } from "@/components/mirrors/mirror-this-group";
import { ActionButton } from "@/components/ui/action-button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";

export const metadata = { title: "Nested groups" };

export default async function NestedGroupsPage() {
  const user = await pageUser();
  const header = (
    <PageHeader
      title="Nested groups"
      description="Entra provisions only the direct members of assigned groups: people who belong through a nested group never reach AWS. A mirror is a flat copy of such a group that SSO Bridge keeps current and Entra provisions."
    />
  );
  if (!(await isConfigured("enterpriseApp")))
    return (
      <>
        {header}
        <EmptyState title="No enterprise application yet" action={{ href: "/setup", label: "Go to setup" }}>
          Mirrors are assigned to the enterprise application. Create or adopt it in setup first.
        </EmptyState>
      </>
    );
  const view = await mirrorsView();
  const canChange = canConfigureFederation(user);
  const writable = (view.missingPermissions?.length ?? 0) === 0;
  const mirroredSources = new Map(view.mirrors.map((m) => [m.sourceGroupId, m]));
  return (
    <div className="space-y-4">
      {header}
      {view.running && <RefreshWhileOpen />}
      {!writable && (
        <p role="alert" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          The last Entra connection test found these permissions missing: {view.missingPermissions?.join(", ")}. Without them SSO Bridge can show who nesting
          keeps out of AWS but cannot create or change mirrors. Grant Group.ReadWrite.All, or GroupMember.ReadWrite.All and Group.Create, with admin consent,
          then test the connection again under Settings → Connections.
        </p>
      )}
      <Card
        title="Maintenance"
        actions={
          canOperate(user) &&
          view.mirrors.some((m) => m.state === "active") && (
            <div className="flex flex-wrap gap-2">
              <ActionButton action={runMirrorsAction} fields={{ full: "false" }} label="Sync now" pendingLabel="Starting…" disabled={!!view.running} />
              <ActionButton
                action={runMirrorsAction}
                fields={{ full: "true" }}
                label="Full reconcile"
                pendingLabel="Starting…"
                disabled={!!view.running}
                secondary
              />
            </div>
          )
        }
      >
        <RunSummary running={view.running} latest={view.latest} />
      </Card>
      <Card title="Assigned groups with nesting">
        {view.nested.takenAt === null ? (
          <EmptyState title="No drift scan yet" action={{ href: "/drift", label: "Go to Drift" }}>
            The groups assigned to the application, and who only nesting reaches in each, come from the latest drift scan. Run one first.
          </EmptyState>
        ) : view.nested.groups.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No assigned group nests another: everyone in scope is a direct member.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Assigned groups that nest other groups</caption>
            <thead>
              <tr className="border-b border-slate-200 dark:border-slate-800">
                <th scope="col" className="py-2 pr-4 font-medium">
                  Group
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Nested groups
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  People only nesting reaches (missing in AWS)
                </th>
                <th scope="col" className="py-2 font-medium">
                  Mirror
                </th>
              </tr>
            </thead>
            <tbody>
              {view.nested.groups.map((g) => {
                const mirror = mirroredSources.get(g.id);
                return (
                  <tr key={g.id} className="border-b border-slate-100 align-top dark:border-slate-800">
                    <td className="py-2 pr-4">{g.displayName}</td>
                    <td className="py-2 pr-4">{g.nestedGroups}</td>
                    <td className="py-2 pr-4">{g.nestedOnly}</td>
                    <td className="space-y-2 py-2">
                      {mirror && mirror.state === "active" ? (
                        <span>Mirrored as {mirror.mirrorName}</span>
                      ) : (
                        <>
                          {canOperate(user) && (
                            <ActionButton
                              action={previewMirrorAction}
                              fields={{ sourceGroupId: g.id }}
                              label="Dry run"
                              pendingLabel="Reading Entra…"
                              name={`Dry run for ${g.displayName}`}
                              secondary
                            />
                          )}
                          {canChange && <MirrorThisGroup groupId={g.id} groupName={g.displayName} assigned disabled={!writable} />}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">
          As of the drift scan of {view.nested.takenAt?.toISOString().slice(0, 16).replace("T", " ") ?? "—"} UTC.
        </p>
      </Card>
      <Card title="Mirrors">
        {view.mirrors.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No mirrors yet. Mirror a group above, or from the assignments step of setup.</p>
        ) : (
          <MirrorList mirrors={view.mirrors} canChange={canChange && writable} canOperate={canOperate(user)} />
        )}
      </Card>
    </div>
  );
}

function RunSummary({ running, latest }: { running: RunView | null; latest: RunView | null }) {
  if (running) {
    const p = running.progress;
    return (
      <p role="status" className="text-sm">
        {running.mode === "full" ? "Full reconcile" : "Sync"} running:{" "}
        {p.phase === "reading" ? `${p.groupsRead} groups read` : `${p.membersWritten} of ${p.membersToWrite} member changes written`}, {p.requests} Graph
        requests.
      </p>
    );
  }
  if (!latest)
    return <p className="text-sm text-slate-600 dark:text-slate-400">No run yet. A run starts when a group is mirrored, and every few minutes after.</p>;
  const when = (latest.finishedAt ?? latest.startedAt).toISOString().slice(0, 16).replace("T", " ");
  return latest.status === "complete" ? (
    <p className="text-sm">
      Last {latest.mode === "full" ? "full reconcile" : "sync"} finished {when} UTC: {latest.progress.added} added, {latest.progress.removed} removed
      {latest.progress.held > 0 ? `, ${latest.progress.held} removals held` : ""}, {latest.progress.requests} Graph requests.
    </p>
  ) : (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      The last run ({when} UTC) failed: {latest.problem}
    </p>
  );
}
