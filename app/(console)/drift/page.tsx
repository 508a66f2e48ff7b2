import { pageUser } from "@/lib/auth/session";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Drift" };

export default async function DriftPage() {
  await pageUser();
  return (
    <>
      <PageHeader title="Drift" description="Differences between Entra ID and the AWS identity store." />
      <EmptyState title="No drift scan has run" action={{ href: "/setup", label: "Go to setup" }}>
        Drift scans compare the users and groups in scope in Entra ID with those in the AWS identity store, once both sides are connected.
      </EmptyState>
    </>
  );
}
