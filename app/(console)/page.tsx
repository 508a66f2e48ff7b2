import { activeAlerts } from "@/lib/alerts/evaluate-alerts";
import { pageUser } from "@/lib/auth/session";
import { provisioningCardView } from "@/lib/provisioning/provisioning-card-view";
import { federationStatus } from "@/lib/setup/federation-status";
import { AlertsList } from "@/components/overview/alerts-list";
import { FederationCard } from "@/components/overview/federation-card";
import { ProvisioningCard } from "@/components/overview/provisioning-card";
import { PageHeader } from "@/components/ui/page-header";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  await pageUser();
  // The job as the readers last stored it: rendering asks no cloud, so the page can refresh itself.
  const [federation, alerts, provisioning] = await Promise.all([federationStatus(), activeAlerts(), provisioningCardView()]);
  return (
    <>
      <PageHeader title="Overview" description="Sign-in federation and provisioning between Microsoft Entra ID and AWS IAM Identity Center." />
      <RefreshWhileOpen />
      <AlertsList alerts={alerts} />
      <div className="grid gap-4 md:grid-cols-2">
        <FederationCard status={federation} />
        <ProvisioningCard loaded={provisioning} />
      </div>
    </>
  );
}
