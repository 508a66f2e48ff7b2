import { pageUser } from "@/lib/auth/session";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Provisioning" };

export default async function ProvisioningPage() {
  await pageUser();
  return (
    <>
      <PageHeader title="Provisioning" description="Entra ID provisioning cycles, logs and failures." />
      <EmptyState title="Provisioning is not configured" action={{ href: "/setup", label: "Go to setup" }}>
        Once provisioning is set up, this page shows the job&apos;s state, each cycle&apos;s outcome and the provisioning
        log with an explanation of every failure.
      </EmptyState>
    </>
  );
}
