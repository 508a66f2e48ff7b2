import { redirect } from "next/navigation";
import { accessConfigured } from "@/lib/access/configured-identity-center";
import { organizationView } from "@/lib/access/organization-view";
import { permissionSetsView } from "@/lib/access/permission-sets-view";
import { pageUser } from "@/lib/auth/session";
import { canOperate } from "@/lib/security/permissions";
import { AssignForm } from "@/components/access/assign-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Problem } from "@/components/ui/problem";

export const metadata = { title: "Assign access" };

export default async function AssignPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageUser(canOperate);
  if (!(await accessConfigured())) redirect("/access");
  const [organization, sets] = await Promise.all([organizationView(), permissionSetsView()]);
  const { account, permissionSet } = await searchParams;
  return (
    <div className="space-y-4">
      <PageHeader
        title="Assign access"
        description="Give a provisioned user or group a permission set in one or more AWS accounts. AWS creates each assignment in the background; this page follows them."
      />
      <Card>
        {organization.ok && sets.ok ? (
          <AssignForm
            root={organization.data}
            permissionSets={sets.data.map((s) => ({ arn: s.arn, name: s.name }))}
            initialAccounts={typeof account === "string" ? [account] : []}
            initialPermissionSet={typeof permissionSet === "string" ? permissionSet : null}
          />
        ) : (
          [organization, sets].map((l) => !l.ok && <Problem key={l.problem} problem={l.problem} />)
        )}
      </Card>
    </div>
  );
}
