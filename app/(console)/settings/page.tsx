import { pageUser } from "@/lib/auth/session";
import { listPeople } from "@/lib/people";
import { canManageSettings, roleDescriptions, ROLES } from "@/lib/security/permissions";
import { readSettings } from "@/lib/settings";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { AddPersonForm } from "@/components/settings/add-person-form";
import { PersonRow } from "@/components/settings/person-row";
import { SignInSettingsForm } from "@/components/settings/sign-in-settings-form";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await pageUser(canManageSettings);
  const [settings, people] = await Promise.all([readSettings(), listPeople()]);
  return (
    <>
      <PageHeader title="Settings" description="Who can use SSO Bridge, and how." />
      <div className="space-y-6">
        <Card title="Sign-in">
          <SignInSettingsForm selfSignUp={settings.selfSignUp} />
        </Card>
        <Card title="People">
          <ul className="mb-4 space-y-1 text-sm text-slate-600 dark:text-slate-400">
            {ROLES.map((r) => <li key={r}><span className="font-medium text-slate-900 dark:text-slate-100">{r}</span>: {roleDescriptions[r]}</li>)}
          </ul>
          <div className="overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">People who can sign in to SSO Bridge</caption>
              <thead>
                <tr className="text-slate-500 dark:text-slate-400">
                  <th scope="col" className="py-2 pr-4 font-medium">Person</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Role</th>
                  <th scope="col" className="py-2 pr-4 font-medium">Status</th>
                  <th scope="col" className="py-2 font-medium"><span className="sr-only">Access</span></th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => <PersonRow key={p.id} person={p} isSelf={p.id === user.id} />)}
              </tbody>
            </table>
          </div>
          <h3 className="mt-6 mb-2 text-sm font-semibold">Add a person</h3>
          <AddPersonForm />
        </Card>
      </div>
    </>
  );
}
