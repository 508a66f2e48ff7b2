import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { accessConfigured } from "@/lib/access/configured-identity-center";
import { userAccessView } from "@/lib/access/user-access-view";
import { pageUser } from "@/lib/auth/session";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Problem } from "@/components/ui/problem";

export const metadata = { title: "A person's access" };

export default async function UserAccessPage({ params }: { params: Promise<{ userId: string }> }) {
  await pageUser();
  if (!(await accessConfigured())) redirect("/access");
  const { userId } = await params;
  const loaded = await userAccessView(decodeURIComponent(userId));
  if (!loaded.ok) {
    return (
      <div className="space-y-4">
        <PageHeader title="A person's access" description="The AWS accounts this person can reach, directly and through groups." />
        <Problem problem={loaded.problem} />
      </div>
    );
  }
  if (!loaded.data) notFound();
  const view = loaded.data;
  return (
    <div className="space-y-4">
      <PageHeader
        title={view.user.name}
        description={`${view.user.detail ?? ""}${view.groups.length > 0 ? ` · member of ${view.groups.map((g) => g.name).join(", ")}` : " · in no group"}`}
      />
      <Card title="AWS accounts this person can reach">
        {view.entries.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400">No AWS account: neither this person nor any of their groups is assigned anywhere.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Accounts {view.user.name} can reach</caption>
            <thead>
              <tr className="text-slate-500 dark:text-slate-400">
                <th scope="col" className="py-2 pr-4 font-medium">
                  Account
                </th>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Permission set
                </th>
                <th scope="col" className="py-2 font-medium">
                  Through
                </th>
              </tr>
            </thead>
            <tbody>
              {view.entries.map((e) => (
                <tr key={`${e.key.accountId} ${e.key.permissionSetArn} ${e.key.principalId}`} className="border-t border-slate-200 dark:border-slate-800">
                  <td className="py-2 pr-4">
                    <Link href={`/access/accounts/${e.key.accountId}`} className="text-sky-700 hover:underline dark:text-sky-400">
                      {e.accountName}
                    </Link>{" "}
                    <span className="text-xs text-slate-500">{e.key.accountId}</span>
                  </td>
                  <td className="py-2 pr-4">{e.permissionSetName}</td>
                  <td className="py-2">{e.via ? `Group ${e.via.name}` : "Direct assignment"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}
