import { redirect } from "next/navigation";
import { accessConfigured, identityCenter } from "@/lib/access/configured-identity-center";
import { organizationTree } from "@/lib/access/organization";
import { pageUser } from "@/lib/auth/session";
import { listPermissionSets } from "@/lib/aws/permission-sets";
import { canOperate } from "@/lib/security/permissions";
import { AssignForm } from "@/components/access/assign-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Assign access" };

export default async function AssignPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageUser(canOperate);
  if (!(await accessConfigured())) redirect("/access");
  const t = await identityCenter();
  const [root, sets] = await Promise.all([organizationTree(t), listPermissionSets(t)]);
  const { account, permissionSet } = await searchParams;
  return (
    <div className="space-y-4">
      <PageHeader title="Assign access" description="Give a provisioned user or group a permission set in one or more AWS accounts. AWS creates each assignment in the background; this page follows them." />
      <Card>
        <AssignForm
          root={root}
          permissionSets={sets.map((s) => ({ arn: s.arn, name: s.name }))}
          initialAccounts={typeof account === "string" ? [account] : []}
          initialPermissionSet={typeof permissionSet === "string" ? permissionSet : null}
        />
      </Card>
    </div>
  );
}
