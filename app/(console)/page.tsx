import { activeAlerts } from "@/lib/alerts/evaluate-alerts";
import { pageUser } from "@/lib/auth/session";
import { driftScans, worstFinding } from "@/lib/drift/drift-view";
import { provisioningCardView } from "@/lib/provisioning/provisioning-card-view";
import { federationStatus } from "@/lib/setup/federation-status";
import { AlertsList } from "@/components/overview/alerts-list";
import { DriftCard } from "@/components/overview/drift-card";
import { FederationCard } from "@/components/overview/federation-card";
import { ProvisioningCard } from "@/components/overview/provisioning-card";
import { PageHeader } from "@/components/ui/page-header";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  await pageUser();
  // The job as the readers last stored it: rendering asks no cloud, so the page can refresh itself.
  const [federation, alerts, provisioning, { complete: drift }] = await Promise.all([federationStatus(), activeAlerts(), provisioningCardView(), driftScans()]);
  const worst = drift ? await worstFinding(drift) : null;
  return (
    <>
      <PageHeader title="Overview" description="Sign-in federation and provisioning between Microsoft Entra ID and AWS IAM Identity Center." />
      <RefreshWhileOpen />
      <AlertsList alerts={alerts} />
      <div className="grid gap-4 md:grid-cols-2">
        <FederationCard status={federation} />
        <ProvisioningCard loaded={provisioning} />
        <DriftCard scan={drift} worst={worst} />
      </div>
    </>
  );
}
