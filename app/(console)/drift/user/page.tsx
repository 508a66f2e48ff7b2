import Link from "next/link";
import { pageUser } from "@/lib/auth/session";
import { principalView } from "@/lib/drift/principal-view";
import { loaded } from "@/lib/loaded";
import { PrincipalSideBySide } from "@/components/drift/principal-side-by-side";
import { Problem } from "@/components/ui/problem";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "User in both directories" };

const ID = /^[\w-]{1,64}$/;
const param = (v: string | string[] | undefined) => {
  const s = Array.isArray(v) ? v[0] : v;
  return s && ID.test(s) ? s : null;
};

export default async function DriftUserPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageUser();
  const params = await searchParams;
  const ids = { entraId: param(params.entra), awsId: param(params.aws) };
  const view = await loaded("Could not read the user", () => principalView(ids));
  const name = view.ok ? (view.data.entra?.userPrincipalName ?? view.data.aws?.userName ?? "Unknown user") : "User";
  return (
    <div className="space-y-4">
      <PageHeader
        title={name}
        description="Side by side in Entra ID and the AWS identity store, read just now, with Entra's provisioning history for the user."
      />
      <p className="text-sm">
        <Link href="/drift" className="font-medium text-sky-700 underline dark:text-sky-400">
          Back to Drift
        </Link>
      </p>
      {view.ok ? <PrincipalSideBySide view={view.data} /> : <Problem problem={view.problem} />}
    </div>
  );
}
