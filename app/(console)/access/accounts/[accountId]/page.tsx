import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { accessConfigured } from "@/lib/access/configured-identity-center";
import { accountAccessView } from "@/lib/access/access-detail-view";
import { recentOperations } from "@/lib/access/aws-operations";
import { auditHref } from "@/lib/audit/audit-query";
import { pageUser } from "@/lib/auth/session";
import { canOperate } from "@/lib/security/permissions";
import { CheckNow } from "@/components/access/check-now";
import { FirstRead, ReadingLine } from "@/components/access/reading-line";
import { snapshotAge } from "@/lib/drift/directory-snapshot";
import { utcMinutes } from "@/lib/utc-time";
import { RemoveAssignment } from "@/components/access/remove-assignment";
import { RecentOperations } from "@/components/access/recent-operations";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Problem } from "@/components/ui/problem";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";
import { buttonClass } from "@/components/ui/form-status";

export const metadata = { title: "Account access" };

export default async function AccountAccessPage({ params }: { params: Promise<{ accountId: string }> }) {
  const user = await pageUser();
  if (!(await accessConfigured())) redirect("/access");
  const { accountId } = await params;
  if (!/^\d{12}$/.test(accountId)) notFound();
  const [loaded, operations, snapshot] = await Promise.all([accountAccessView(accountId), recentOperations({ accountId }), snapshotAge()]);
  if (!loaded.ok) {
    return (
      <div className="space-y-4">
        <PageHeader title={accountId} description="Who can reach this account, and with which permission set." />
        <Problem problem={loaded.problem} />
      </div>
    );
  }
  const view = loaded.data;
  const { reading } = view;
  const canEdit = canOperate(user);
  const title = view.accountName ? `${view.accountName} (${accountId})` : accountId;
  return (
    <div className="space-y-4">
      {/* As last read from AWS: the page never waits for AWS, and redraws as the readers store newer reads,
          often while a read or a request to AWS is under way, since what it shows changes when that ends. */}
      <RefreshWhileOpen everyMs={reading.refreshing || !reading.value || operations.some((o) => o.status === "IN_PROGRESS") ? 2_000 : 10_000} />
      <PageHeader
        title={title}
        description={
          view.path.length > 0
            ? `In ${view.path.join(" › ")}. Who can reach this account, and with which permission set.`
            : "Who can reach this account, and with which permission set."
        }
      />
      <Card
        title="Who has access"
        actions={
          canEdit && (
            <Link href={`/access/assign?account=${accountId}`} className={buttonClass}>
              Assign access
            </Link>
          )
        }
      >
        <ReadingLine reading={reading} check={<CheckNow reading={{ family: "account", id: accountId }} what="who can reach this account" />} />
        <FirstRead reading={reading} what="who can reach this account" />
        {snapshot && (
          <p className="text-xs text-slate-600 dark:text-slate-400">
            Groups&apos; people as the last drift scan read the identity store ({utcMinutes(snapshot.takenAt)} UTC).
          </p>
        )}
        {reading.value === null ? null : view.entries.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">Nobody is assigned to this account through IAM Identity Center.</p>
        ) : (
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Who has access to {title}</caption>
              <thead>
                <tr className="text-slate-500 dark:text-slate-400">
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Permission set
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Assigned to
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    People
                  </th>
                  {canEdit && (
                    <th scope="col" className="py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {view.entries.map((e) => (
                  <tr key={`${e.key.permissionSetArn} ${e.key.principalId}`} className="border-t border-slate-200 align-top dark:border-slate-800">
                    <td className="py-2 pr-4 font-medium">{e.permissionSetName}</td>
                    <td className="py-2 pr-4">
                      {e.principal.type === "GROUP" ? "Group" : "User"} {e.principal.name}
                    </td>
                    <td className="py-2 pr-4 text-slate-600 dark:text-slate-400">
                      {e.members === null ? (
                        <Link href={`/access/users/${e.principal.id}`} className="text-sky-700 underline dark:text-sky-400">
                          {e.principal.name}
                        </Link>
                      ) : e.members.total === 0 ? (
                        "No members"
                      ) : (
                        <>
                          {e.members.shown.map((m, i) => (
                            <span key={m.id}>
                              {i > 0 && ", "}
                              <Link href={`/access/users/${m.id}`} className="text-sky-700 underline dark:text-sky-400">
                                {m.name}
                              </Link>
                            </span>
                          ))}
                          {e.members.total > e.members.shown.length && ` and ${e.members.total - e.members.shown.length} more`}
                        </>
                      )}
                    </td>
                    {canEdit && (
                      <td className="py-2">
                        <RemoveAssignment
                          assignment={e.key}
                          what={`${e.principal.type === "GROUP" ? `The group ${e.principal.name}${e.members ? ` (${e.members.total} ${e.members.total === 1 ? "person" : "people"})` : ""}` : e.principal.name} will lose ${e.permissionSetName} in ${title}.`}
                        />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      <p className="text-sm">
        <Link href={auditHref({ targetType: "aws-account", targetId: accountId })} className="text-sky-700 underline dark:text-sky-400">
          History of assignments in this account
        </Link>
      </p>
      <Card title="Recent AWS requests for this account">
        <RecentOperations operations={operations} canRefresh={canEdit} scope={{ accountId }} />
      </Card>
    </div>
  );
}
