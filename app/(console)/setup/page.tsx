import { pageUser } from "@/lib/auth/session";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Setup" };

export default async function SetupPage() {
  await pageUser();
  return (
    <>
      <PageHeader title="Setup" description="Connect Entra ID to IAM Identity Center, step by step." />
      <EmptyState title="The setup wizard is not available in this version">
        It will guide the whole procedure: find your IAM Identity Center instance, exchange SAML metadata with the Entra
        enterprise application, and configure SCIM provisioning, doing through the APIs what has an API and checking
        the steps that happen in the AWS console.
      </EmptyState>
    </>
  );
}
