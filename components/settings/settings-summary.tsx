import type { WebhookView } from "@/lib/alerts/webhooks";
import type { AwsConnectionSettings } from "@/lib/connections/aws-connection";
import type { AuthenticationMethod, EntraConnectionSettings } from "@/lib/connections/entra-connection";
import type { Person } from "@/lib/people";
import type { Settings } from "@/lib/settings";
import { utcMinutes } from "@/lib/utc-time";
import { Card } from "@/components/ui/card";
import { RoleDescriptions } from "@/components/settings/role-descriptions";

const AUTHENTICATION: Record<AuthenticationMethod, string> = {
  "sign-in-app": "as the app people sign in with",
  "client-secret": "as another app registration, with a client secret",
  certificate: "as another app registration, with a certificate",
};

type Props = {
  aws: { saved: boolean; settings: Pick<AwsConnectionSettings, "region" | "roleArn"> };
  entra: {
    saved: boolean;
    settings: Pick<EntraConnectionSettings, "tenantId" | "clientId" | "authentication">;
    cloudLabel: string;
    secretFingerprint: string | null;
  };
  settings: Pick<Settings, "allowLabScimEndpoints" | "allowLabWebhooks" | "auditRetentionDays" | "selfSignUp">;
  webhooks: WebhookView[];
  people: Person[];
};

/** Settings as a viewer or operator sees them: everything an admin can change, to read, with no controls. */
export function SettingsSummary({ aws, entra, settings, webhooks, people }: Props) {
  return (
    <div className="space-y-6" data-testid="settings-read-only">
      <p role="note" className="rounded-md border-l-4 border-sky-600 bg-sky-50 p-3 text-sm dark:bg-sky-950/40">
        You can see how SSO Bridge is set up; only an admin can change it.
      </p>
      <h2 id="connections" className="text-lg font-semibold">
        Connections
      </h2>
      <Card title="AWS" id="aws-connection">
        <Facts
          items={[
            ["Saved", aws.saved ? "Yes" : "Not yet"],
            ["Region", aws.settings.region],
            ["Role assumed", aws.settings.roleArn ?? "None: the machine's own credentials"],
          ]}
        />
      </Card>
      <Card title="Microsoft Entra ID" id="entra-connection">
        <Facts
          items={[
            ["Saved", entra.saved ? "Yes" : "Not yet"],
            ["Microsoft cloud", entra.cloudLabel],
            ["Tenant", entra.settings.tenantId],
            ["Graph calls made", AUTHENTICATION[entra.settings.authentication]],
            ["App registration (client id)", entra.settings.clientId],
            ...(entra.secretFingerprint ? ([["Credential fingerprint", entra.secretFingerprint]] as [string, string][]) : []),
          ]}
        />
      </Card>
      <Card title="Endpoints and retention" id="endpoints">
        <Facts
          items={[
            ["SCIM endpoints on private addresses (lab)", settings.allowLabScimEndpoints ? "Allowed" : "Refused"],
            ["Webhooks on private addresses (lab)", settings.allowLabWebhooks ? "Allowed" : "Refused"],
            ["Audit retention", `${settings.auditRetentionDays} days`],
            ["Self sign-up", settings.selfSignUp ? "Anyone in the tenant can sign in, as a viewer" : "Only people an admin added"],
          ]}
        />
      </Card>
      <Card title="Webhooks" id="webhooks">
        {webhooks.length ? (
          <ul className="space-y-1 text-sm">
            {webhooks.map((w) => (
              <li key={w.id}>
                <span className="font-medium">{w.name}</span> · {w.host} · {w.format} · {w.enabled ? "sending" : "paused"}
                {w.receivesAnchors ? " · audit anchors too" : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">No webhooks: alerts appear only on the overview.</p>
        )}
      </Card>
      <Card title="People" id="people">
        <RoleDescriptions />
        <ul className="space-y-1 text-sm">
          {people.map((p) => (
            <li key={p.id}>
              <span className="font-medium">{p.name}</span> ({p.login}) · {p.role}
              {p.disabled ? " · disabled" : p.lastSignInAt ? ` · last sign-in ${utcMinutes(p.lastSignInAt)} UTC` : " · not signed in yet"}
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}

function Facts({ items }: { items: [string, string][] }) {
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
      {items.map(([term, value]) => (
        <div key={term} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{term}</dt>
          <dd className="break-all">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
