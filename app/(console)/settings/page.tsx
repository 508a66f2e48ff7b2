import { pageUser } from "@/lib/auth/session";
import { connectionsView } from "@/lib/connections/connections-view";
import { listWebhooks } from "@/lib/alerts/webhooks";
import { listPeople } from "@/lib/people";
import { canManageSettings } from "@/lib/security/permissions";
import { readSettings } from "@/lib/settings";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { SettingsSummary } from "@/components/settings/settings-summary";
import { AddPersonForm } from "@/components/settings/add-person-form";
import { PersonRow } from "@/components/settings/person-row";
import { AuditRetentionForm } from "@/components/settings/audit-retention-form";
import { LabScimEndpointsForm, LabWebhooksForm } from "@/components/settings/lab-settings-forms";
import { SignInSettingsForm } from "@/components/settings/sign-in-settings-form";
import { AddWebhookForm } from "@/components/settings/webhook-form";
import { WebhookRow } from "@/components/settings/webhook-row";
import { AwsConnectionForm } from "@/components/connections/aws-connection-form";
import { AwsTestOutcome, EntraTestOutcome } from "@/components/connections/connection-test-result";
import { EntraConnectionForm } from "@/components/connections/entra-connection-form";
import { TestConnectionButton } from "@/components/connections/test-connection-button";
import { testAwsConnectionAction, testEntraConnectionAction } from "@/actions/connections";
import { RoleDescriptions } from "@/components/settings/role-descriptions";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await pageUser();
  const [settings, people, { aws, entra, enableIdentityCenterHelpUrl, clouds }, webhooks] = await Promise.all([
    readSettings(),
    listPeople(),
    connectionsView(),
    listWebhooks(),
  ]);
  if (!canManageSettings(user)) {
    return (
      <>
        <PageHeader title="Settings" description="How SSO Bridge reaches AWS and Entra ID, and who can use it." />
        <SettingsSummary
          aws={aws}
          entra={{
            saved: entra.saved,
            settings: entra.settings,
            cloudLabel: clouds.find((c) => c.value === entra.settings.cloud)?.label ?? entra.settings.cloud,
            secretFingerprint: entra.secret?.fingerprint ?? null,
          }}
          settings={settings}
          webhooks={webhooks}
          people={people}
        />
      </>
    );
  }
  return (
    <>
      <PageHeader title="Settings" description="How SSO Bridge reaches AWS and Entra ID, and who can use it." />
      <div className="space-y-6">
        <h2 id="connections" className="text-lg font-semibold">
          Connections
        </h2>
        <Card title="AWS" id="aws-connection">
          <AwsConnectionForm region={aws.settings.region} roleArn={aws.settings.roleArn} />
          <div className="mt-4 space-y-2 border-t border-slate-200 pt-4 dark:border-slate-800">
            <TestConnectionButton action={testAwsConnectionAction} label="Test AWS connection" disabled={!aws.saved} />
            {aws.saved ? (
              <AwsTestOutcome test={aws.lastTest} enableHelpUrl={enableIdentityCenterHelpUrl} />
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">Save the connection first.</p>
            )}
          </div>
        </Card>
        <Card title="Microsoft Entra ID" id="entra-connection">
          <EntraConnectionForm
            tenantId={entra.settings.tenantId}
            clientId={entra.settings.clientId}
            cloud={entra.settings.cloud}
            clouds={clouds}
            authentication={entra.settings.authentication}
            signInApp={entra.signInApp}
            secretFingerprint={entra.secret?.fingerprint ?? null}
          />
          <div className="mt-4 space-y-2 border-t border-slate-200 pt-4 dark:border-slate-800">
            <TestConnectionButton action={testEntraConnectionAction} label="Test Entra connection" disabled={!entra.saved} />
            {entra.saved ? (
              <EntraTestOutcome test={entra.lastTest} />
            ) : (
              <p className="text-sm text-slate-600 dark:text-slate-400">Save the connection first.</p>
            )}
          </div>
        </Card>
        <Card title="Endpoints" id="endpoints">
          <div className="space-y-6">
            <LabScimEndpointsForm allowed={settings.allowLabScimEndpoints} />
            <LabWebhooksForm allowed={settings.allowLabWebhooks} />
          </div>
        </Card>
        <Card title="Audit retention">
          <AuditRetentionForm days={settings.auditRetentionDays} />
        </Card>
        <Card title="Webhooks" id="webhooks">
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            Alerts about provisioning and the signing certificate are sent here once when they start and once when they end. A webhook can also be sent every
            audit anchor (the audit history&apos;s signed head, written every hour): a copy kept outside this server, which{" "}
            <code>npm run cli -- audit verify --anchor</code> checks the history against. Only the host is shown: the URL is stored encrypted.
          </p>
          {webhooks.length > 0 ? (
            <div className="relative mb-4 overflow-x-auto">
              <table className="w-full text-left text-sm">
                <caption className="sr-only">Webhooks that receive alerts</caption>
                <thead>
                  <tr className="text-slate-500 dark:text-slate-400">
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Name
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Host
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Format
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Sends
                    </th>
                    <th scope="col" className="py-2 pr-4 font-medium">
                      Last delivery
                    </th>
                    <th scope="col" className="py-2 font-medium">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {webhooks.map((w) => (
                    <WebhookRow key={w.id} webhook={w} />
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">No webhooks yet: alerts appear only on the overview.</p>
          )}
          <AddWebhookForm />
        </Card>
        <h2 className="text-lg font-semibold">Team</h2>
        <Card title="Sign-in">
          <SignInSettingsForm selfSignUp={settings.selfSignUp} />
        </Card>
        <Card title="People" id="people">
          <RoleDescriptions />
          <div className="relative overflow-x-auto">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">People who can sign in to SSO Bridge</caption>
              <thead>
                <tr className="text-slate-500 dark:text-slate-400">
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Person
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Role
                  </th>
                  <th scope="col" className="py-2 pr-4 font-medium">
                    Status
                  </th>
                  <th scope="col" className="py-2 font-medium">
                    <span className="sr-only">Access</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => (
                  <PersonRow key={p.id} person={p} isSelf={p.id === user.id} />
                ))}
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
