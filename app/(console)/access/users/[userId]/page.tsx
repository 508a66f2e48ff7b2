import Link from "next/link";
import { notFound, redirect } from "next/navigation";
import { accessConfigured } from "@/lib/access/configured-identity-center";
import { userAccessView } from "@/lib/access/access-detail-view";
import { pageUser } from "@/lib/auth/session";
import { CheckNow } from "@/components/access/check-now";
import { FirstRead, ReadingLine } from "@/components/access/reading-line";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Problem } from "@/components/ui/problem";
import { RefreshWhileOpen } from "@/components/ui/refresh-while-open";

export const metadata = { title: "A person's access" };

/** A path segment as typed; null when its percent-encoding is broken, which no identity store id needs. */
function decodedSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export default async function UserAccessPage({ params }: { params: Promise<{ userId: string }> }) {
  await pageUser();
  if (!(await accessConfigured())) redirect("/access");
  const userId = decodedSegment((await params).userId);
  // Identity store ids are at most 47 characters.
  if (userId === null || userId.length > 47) notFound();
  const loaded = await userAccessView(userId);
  if (!loaded.ok) {
    return (
      <div className="space-y-4">
        <PageHeader title="A person's access" description="The AWS accounts this person can reach, directly and through groups." />
        <Problem problem={loaded.problem} />
      </div>
    );
  }
  const view = loaded.data;
  const { reading } = view;
  if (reading.value && !view.user) notFound();
  return (
    <div className="space-y-4">
      {/* As last read from AWS: the page never waits for AWS, and redraws as the readers store newer reads. */}
      <RefreshWhileOpen everyMs={reading.refreshing || !reading.value ? 2_000 : 10_000} />
      <PageHeader
        title={view.user?.name ?? "A person's access"}
        description={
          view.user
            ? `${view.user.detail ?? ""}${view.groups.length > 0 ? ` · member of ${view.groups.map((g) => g.name).join(", ")}` : " · in no group"}`
            : "The AWS accounts this person can reach, directly and through groups."
        }
      />
      <Card title="AWS accounts this person can reach">
        <ReadingLine reading={reading} check={<CheckNow reading={{ family: "user", id: userId }} what="what this person can reach" />} />
        <FirstRead reading={reading} what="what this person can reach" />
        {!view.user ? null : view.entries.length === 0 ? (
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
                    <Link href={`/access/accounts/${e.key.accountId}`} className="text-sky-700 underline dark:text-sky-400">
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
