import Link from "next/link";
import { accessConfigured } from "@/lib/access/configured-identity-center";
import { recentOperations } from "@/lib/access/aws-operations";
import { organizationView } from "@/lib/access/organization-view";
import { permissionSetsView } from "@/lib/access/permission-sets-view";
import { searchCoverage } from "@/lib/access/principal-search";
import { pageUser } from "@/lib/auth/session";
import { canOperate } from "@/lib/security/permissions";
import { AccountList } from "@/components/access/account-list";
import { CheckNow } from "@/components/access/check-now";
import { PermissionSetList } from "@/components/access/permission-set-list";
import { ReadingLine } from "@/components/access/reading-line";
import { UserLookup } from "@/components/access/user-lookup";
import { RecentOperations } from "@/components/access/recent-operations";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Problem } from "@/components/ui/problem";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";
import { buttonClass } from "@/components/ui/form-status";

export const metadata = { title: "Access" };

export default async function AccessPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser();
  const header = <PageHeader title="Access" description="Permission sets and AWS account assignments for provisioned users and groups." />;
  if (!(await accessConfigured())) {
    return (
      <>
        {header}
        <EmptyState title="AWS is not connected" action={{ href: "/setup", label: "Go to setup" }}>
          Once SSO Bridge is connected to IAM Identity Center and an instance is chosen, this page manages permission sets and who can reach which AWS account.
        </EmptyState>
      </>
    );
  }
  const { created, deleted } = await searchParams;
  const canEdit = canOperate(user);
  // As last read from AWS: the page never waits for AWS, and redraws as the readers store newer reads.
  const [operations, permissionSets, organization] = await Promise.all([recentOperations(), permissionSetsView(), organizationView()]);
  const waiting = [permissionSets, organization].some((l) => l.ok && (l.data.refreshing || !l.data.value));
  return (
    <div className="space-y-4">
      <RefreshWhileOpen everyMs={waiting ? 2_000 : 10_000} />
      {header}
      {typeof created === "string" && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Created the permission set {created}.
        </p>
      )}
      {typeof deleted === "string" && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Deleted the permission set {deleted}.
        </p>
      )}
      <Card
        title="Permission sets"
        actions={
          canEdit && (
            <Link href="/access/permission-sets/new" className={buttonClass}>
              New permission set
            </Link>
          )
        }
      >
        {permissionSets.ok ? (
          <>
            <ReadingLine reading={permissionSets.data} check={<CheckNow reading="permission-sets" what="the permission sets" />} />
            <PermissionSetList reading={permissionSets.data} canEdit={canEdit} />
          </>
        ) : (
          <Problem problem={permissionSets.problem} />
        )}
      </Card>
      <Card
        title="Accounts"
        actions={
          canEdit && (
            <Link href="/access/assign" className={buttonClass}>
              Assign access
            </Link>
          )
        }
      >
        <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">Open an account to see who can reach it, through which group and permission set.</p>
        {organization.ok ? (
          <>
            <ReadingLine reading={organization.data} check={<CheckNow reading="organization" what="the organization" />} />
            <AccountList reading={organization.data} />
          </>
        ) : (
          <Problem problem={organization.problem} />
        )}
      </Card>
      <Card title="People">
        <UserLookup coverage={await searchCoverage()} />
      </Card>
      <Card title="Recent AWS requests">
        <RecentOperations operations={operations} canRefresh={canEdit} scope={{}} />
      </Card>
    </div>
  );
}
