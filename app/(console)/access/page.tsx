import { pageUser } from "@/lib/auth/session";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "Access" };

export default async function AccessPage() {
  await pageUser();
  return (
    <>
      <PageHeader title="Access" description="Permission sets and AWS account assignments for provisioned users and groups." />
      <EmptyState title="AWS is not connected" action={{ href: "/setup", label: "Go to setup" }}>
        Once SSO Bridge is connected to IAM Identity Center, this page manages permission sets and who can reach which
        AWS account.
      </EmptyState>
    </>
  );
}
