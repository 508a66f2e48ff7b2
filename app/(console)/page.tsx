import Link from "next/link";
import { pageUser } from "@/lib/auth/session";
import { federationStatus } from "@/lib/setup/federation-status";
import { FederationCard } from "@/components/overview/federation-card";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  await pageUser();
  const federation = await federationStatus();
  return (
    <>
      <PageHeader title="Overview" description="Sign-in federation and provisioning between Microsoft Entra ID and AWS IAM Identity Center." />
      <div className="grid gap-4 md:grid-cols-2">
        <FederationCard status={federation} />
        <Card title="Provisioning" actions={<StatusBadge tone="neutral">Not configured</StatusBadge>}>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Automatic provisioning of users and groups to AWS (SCIM) has not been set up through SSO Bridge.
          </p>
          <Link href="/setup" className="mt-3 inline-block text-sm font-medium text-sky-700 hover:underline dark:text-sky-400">
            Go to setup
          </Link>
        </Card>
      </div>
    </>
  );
}
