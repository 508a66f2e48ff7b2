import { redirect } from "next/navigation";
import Link from "next/link";
import { accessConfigured, identityCenter } from "@/lib/access/configured-identity-center";
import { formOf } from "@/lib/access/permission-set-input";
import { permissionSetTemplates } from "@/lib/access/permission-set-templates";
import { pageUser } from "@/lib/auth/session";
import { canOperate } from "@/lib/security/permissions";
import { PermissionSetForm } from "@/components/access/permission-set-form";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";

export const metadata = { title: "New permission set" };

const EMPTY = {
  name: "",
  description: "",
  sessionHours: "1",
  relayState: "",
  managedPolicies: "",
  customerPolicies: "",
  inlinePolicy: "",
  boundary: "none",
  boundaryPolicy: "",
};

export default async function NewPermissionSetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await pageUser(canOperate);
  if (!(await accessConfigured())) redirect("/access");
  const templates = permissionSetTemplates((await identityCenter()).instanceArn);
  const { template } = await searchParams;
  const chosen = templates.find((t) => t.id === template) ?? null;
  return (
    <div className="space-y-4">
      <PageHeader title="New permission set" description="What people may do in the AWS accounts where you assign them with this set." />
      <Card title="Start from">
        <ul className="grid gap-2 sm:grid-cols-2 lg:grid-cols-4" aria-label="Templates">
          {templates.map((t) => (
            <li key={t.id}>
              <Link
                href={`/access/permission-sets/new?template=${t.id}`}
                aria-current={chosen?.id === t.id ? "true" : undefined}
                className={`block h-full rounded-md border p-3 text-sm hover:border-sky-500 ${chosen?.id === t.id ? "border-sky-600 ring-1 ring-sky-600" : "border-slate-200 dark:border-slate-800"}`}
              >
                <span className="font-medium">{t.label}</span>
                <span className="mt-1 block text-slate-600 dark:text-slate-400">{t.summary}</span>
              </Link>
            </li>
          ))}
        </ul>
        <p className="mt-2 text-xs text-slate-500 dark:text-slate-400">
          Or{" "}
          <Link href="/access/permission-sets/new" className="text-sky-700 underline dark:text-sky-400">
            start empty
          </Link>
          . Everything stays editable below.
        </p>
      </Card>
      <Card title={chosen ? `${chosen.label} permission set` : "Permission set"}>
        <PermissionSetForm key={chosen?.id ?? "empty"} initial={chosen ? formOf(chosen.definition) : EMPTY} />
      </Card>
    </div>
  );
}
