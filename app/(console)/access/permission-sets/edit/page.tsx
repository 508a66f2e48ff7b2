import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { accessConfigured } from "@/lib/access/configured-identity-center";
import { recentOperations } from "@/lib/access/aws-operations";
import { formOf } from "@/lib/access/permission-set-input";
import { permissionSetView } from "@/lib/access/permission-sets-view";
import { auditHref } from "@/lib/audit/audit-query";
import { pageUser } from "@/lib/auth/session";
import { jsonOrUndefined } from "@/lib/http/json-text";
import { canOperate } from "@/lib/security/permissions";
import { CheckNow } from "@/components/access/check-now";
import { DeletePermissionSet } from "@/components/access/delete-permission-set";
import { PermissionSetForm } from "@/components/access/permission-set-form";
import { FirstRead, ReadingLine } from "@/components/access/reading-line";
import { RecentOperations } from "@/components/access/recent-operations";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Problem } from "@/components/ui/problem";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";

export const metadata = { title: "Permission set" };

export default async function EditPermissionSetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await pageUser();
  if (!(await accessConfigured())) redirect("/access");
  const arn = (await searchParams).arn;
  if (typeof arn !== "string" || !arn || arn.length > 1224) notFound();
  const [loaded, operations] = await Promise.all([permissionSetView(arn), recentOperations({ permissionSetArn: arn })]);
  if (!loaded.ok) {
    return (
      <div className="space-y-4">
        <PageHeader title="Permission set" description={arn} />
        <Problem problem={loaded.problem} />
      </div>
    );
  }
  const reading = loaded.data;
  if (reading.value && !reading.value.permissionSet) notFound();
  const ps = reading.value?.permissionSet ?? null;
  const accounts = reading.value?.accounts ?? [];
  const canEdit = canOperate(user);
  return (
    <div className="space-y-4">
      {/* As last read from AWS: the page never waits for AWS, and redraws as the readers store newer reads,
          often while a read or a request to AWS is under way, since what it shows changes when that ends. */}
      <RefreshWhileOpen everyMs={reading.refreshing || !reading.value || operations.some((o) => o.status === "IN_PROGRESS") ? 2_000 : 10_000} />
      <PageHeader title={ps?.name ?? "Permission set"} description={ps ? (ps.description ?? "Permission set") : arn} />
      <Card title="Where it is in use">
        <ReadingLine reading={reading} check={<CheckNow reading={{ family: "permission-set", id: arn }} what="this permission set" />} />
        <FirstRead reading={reading} what="the permission set" />
        {ps && (
          <p className="text-sm" data-testid="permission-set-accounts">
            {accounts.length === 0
              ? "Not assigned in any account: changes take effect when it is first assigned."
              : `Provisioned to ${accounts.length === 1 ? "account" : `${accounts.length} accounts`} ${accounts.join(", ")}. Saving a change updates the role in each of them.`}
          </p>
        )}
        <p className="mt-2 text-sm">
          <Link href={auditHref({ targetType: "permission-set", targetId: arn })} className="text-sky-700 underline dark:text-sky-400">
            History of this permission set
          </Link>
        </p>
      </Card>
      <Card title="Recent AWS requests for this set">
        <RecentOperations operations={operations} canRefresh={canEdit} scope={{ permissionSetArn: arn }} />
      </Card>
      {ps === null ? null : canEdit ? (
        <>
          <Card title="Settings and policies">
            <PermissionSetForm arn={ps.arn} initial={formOf(ps)} />
          </Card>
          <Card title="Delete">
            <DeletePermissionSet arn={ps.arn} name={ps.name} accounts={accounts.length} />
          </Card>
        </>
      ) : (
        <Card title="Policies">
          <pre className="relative overflow-x-auto text-xs">
            {JSON.stringify(
              {
                managedPolicies: ps.managedPolicyArns,
                customerManagedPolicies: ps.customerManagedPolicies,
                permissionsBoundary: ps.permissionsBoundary,
                inlinePolicy: ps.inlinePolicy ? (jsonOrUndefined(ps.inlinePolicy) ?? ps.inlinePolicy) : null,
              },
              null,
              2,
            )}
          </pre>
        </Card>
      )}
    </div>
  );
}
