import { redirect } from "next/navigation";
import { recentAssignmentBatches } from "@/lib/access/assignment-batches";
import { accessConfigured } from "@/lib/access/configured-identity-center";
import { organizationView } from "@/lib/access/organization-view";
import { permissionSetsView } from "@/lib/access/permission-sets-view";
import { searchCoverage } from "@/lib/access/principal-search";
import { pageUser } from "@/lib/auth/session";
import { canOperate } from "@/lib/security/permissions";
import { AssignForm } from "@/components/access/assign-form";
import { AssignmentBatches } from "@/components/access/assignment-batches";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Problem } from "@/components/ui/problem";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";

export const metadata = { title: "Assign access" };

export default async function AssignPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageUser(canOperate);
  if (!(await accessConfigured())) redirect("/access");
  const [organization, sets, batches, coverage] = await Promise.all([organizationView(), permissionSetsView(), recentAssignmentBatches(), searchCoverage()]);
  const { account, permissionSet } = await searchParams;
  return (
    <div className="space-y-4">
      <PageHeader
        title="Assign access"
        description="Give a provisioned user or group a permission set in one or more AWS accounts. SSO Bridge sends the accounts one by one in the background, even hundreds of them and across a restart, and AWS creates each assignment; this page follows them."
      />
      <Card>
        {organization.ok && sets.ok && organization.data.value && sets.data.value ? (
          <AssignForm
            root={organization.data.value.root}
            permissionSets={sets.data.value.sets.map((s) => ({ arn: s.arn, name: s.name }))}
            initialAccounts={typeof account === "string" ? [account] : []}
            initialPermissionSet={typeof permissionSet === "string" ? permissionSet : null}
            coverage={coverage}
          />
        ) : (
          <>
            {/* Until both are read: what is under way or why it failed, redrawn as the readers store them. */}
            <RefreshWhileOpen everyMs={2_000} />
            {[organization, sets].map((l, i) =>
              !l.ok ? (
                <Problem key={i} problem={l.problem} />
              ) : l.data.value ? null : l.data.problem ? (
                <Problem key={i} problem={`Could not read ${l.data.label} from AWS: ${l.data.problem}`} />
              ) : (
                <p key={i} role="status" className="text-sm text-slate-600 dark:text-slate-400">
                  Reading {l.data.label} from AWS…
                </p>
              ),
            )}
          </>
        )}
      </Card>
      {batches.length > 0 && (
        <Card title="Recent assignments">
          <AssignmentBatches batches={batches} />
        </Card>
      )}
    </div>
  );
}
