import { Suspense } from "react";
import { activeAlerts } from "@/lib/alerts/evaluate-alerts";
import { pageUser } from "@/lib/auth/session";
import { provisioningCardView } from "@/lib/provisioning/provisioning-card-view";
import { federationStatus } from "@/lib/setup/federation-status";
import { AlertsList } from "@/components/overview/alerts-list";
import { FederationCard } from "@/components/overview/federation-card";
import { ProvisioningCard } from "@/components/overview/provisioning-card";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Overview" };

export default async function OverviewPage() {
  await pageUser();
  const [federation, alerts] = await Promise.all([federationStatus(), activeAlerts()]);
  // Read live from Graph: the card shows it when Graph answers; the rest of the page does not wait.
  const provisioning = provisioningCardView();
  return (
    <>
      <PageHeader title="Overview" description="Sign-in federation and provisioning between Microsoft Entra ID and AWS IAM Identity Center." />
      <AlertsList alerts={alerts} />
      <div className="grid gap-4 md:grid-cols-2">
        <FederationCard status={federation} />
        <Suspense
          fallback={
            <Card title="Provisioning">
              <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
                Reading the provisioning job…
              </p>
            </Card>
          }
        >
          <ProvisioningCard reading={provisioning} />
        </Suspense>
      </div>
    </>
  );
}
