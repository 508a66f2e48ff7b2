import { Suspense } from "react";
import { configureSsoAction, fetchFederationMetadataAction } from "@/actions/setup";
import type { Loaded } from "@/lib/loaded";
import type { FederationStatus } from "@/lib/setup/federation-status";
import type { EnterpriseAppChoices, InstanceChoice } from "@/lib/setup/setup-view";
import type { StepId } from "@/lib/setup/step-definitions";
import type { StepView } from "@/lib/setup/wizard";
import { utcMinutes } from "@/lib/utc-time";
import { Problem } from "@/components/ui/problem";
import { StatusBadge } from "@/components/ui/status-badge";
import { ActionButton } from "@/components/ui/action-button";
import { EnterpriseAppForm } from "./enterprise-app-form";
import { IdentitySourceConfirm } from "./identity-source-confirm";
import { InstancePicker } from "./instance-picker";
import { SpMetadataUpload } from "./sp-metadata-upload";
import { StepCard } from "./step-card";

type Props = {
  steps: Record<StepId, StepView>;
  /** what shows that the identity source change was made; null before it is confirmed */
  proof: FederationStatus["proof"];
  canRun: boolean;
  /** null when no console link can be made (an unusable AWS_CONSOLE_URL or region) */
  consoleUrl: string | null;
  /** the clouds' answers for steps 1 and 3, which the page started reading; null where the step offers no choice (the person cannot run steps, or step 3 cannot start yet) */
  instanceChoices: Promise<Loaded<InstanceChoice[]>> | null;
  enterpriseAppChoices: Promise<Loaded<EnterpriseAppChoices>> | null;
};

const str = (v: unknown) => (typeof v === "string" ? v : "");
const day = (v: unknown) => (typeof v === "string" ? v.slice(0, 10) : "");

function Facts({ rows }: { rows: [string, React.ReactNode][] }) {
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-500 dark:text-slate-400">{k}</dt>
          <dd className="font-mono break-all">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function ConsoleLink({ href, children }: { href: string | null; children: React.ReactNode }) {
  if (!href) return <span title="AWS_CONSOLE_URL or the saved region is not usable, so no link can be made">{children}</span>;
  return (
    <a href={href} target="_blank" rel="noreferrer" className="font-medium text-sky-700 underline dark:text-sky-400">
      {children}
    </a>
  );
}

/** A finished step's controls, folded away until someone wants to redo it. */
function Redo({ done, label, children }: { done: boolean; label: string; children: React.ReactNode }) {
  if (!done) return <>{children}</>;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer font-medium text-sky-700 dark:text-sky-400">{label}</summary>
      <div className="mt-3">{children}</div>
    </details>
  );
}

function Looking({ what }: { what: string }) {
  return (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
      Looking for {what}…
    </p>
  );
}

export function StepPanels({ steps, proof, canRun, consoleUrl, instanceChoices, enterpriseAppChoices }: Props) {
  const {
    "identity-center-instance": instance,
    "aws-sp-metadata": spMetadata,
    "enterprise-app": app,
    "saml-sso": sso,
    "federation-metadata": federation,
    "identity-source": identitySource,
  } = steps;
  const d = (s: StepView) => s.data ?? {};
  return (
    <>
      <StepCard step={instance} number={1}>
        {instance.data && (
          <Facts
            rows={[
              ["Instance", str(d(instance).instanceArn)],
              ["Identity store", str(d(instance).identityStoreId)],
              ["Region", str(d(instance).region)],
              ["Owner account", str(d(instance).ownerAccountId)],
            ]}
          />
        )}
        {instanceChoices && (
          <Suspense fallback={<Looking what="IAM Identity Center instances in AWS" />}>
            <InstanceChooser reading={instanceChoices} chosen={instance.data ? str(d(instance).instanceArn) : null} />
          </Suspense>
        )}
      </StepCard>

      <StepCard step={spMetadata} number={2}>
        <ol className="ml-5 list-decimal space-y-1 text-sm">
          <li>
            Open the <ConsoleLink href={consoleUrl}>IAM Identity Center console</ConsoleLink> (signed in to the instance's account), then Settings → Identity
            source → Actions → Change identity source.
          </li>
          <li>Choose External identity provider, then Next.</li>
          <li>Under Service provider metadata, choose Download metadata file. Keep that console page open: step 6 continues there.</li>
          <li>Upload the downloaded file here.</li>
        </ol>
        {spMetadata.data && (
          <Facts
            rows={[
              ["File", str(d(spMetadata).fileName)],
              ["Entity id", str(d(spMetadata).entityId)],
              ["Reply (ACS) URL", str(d(spMetadata).acsUrl)],
              ["Region", str(d(spMetadata).region)],
            ]}
          />
        )}
        {canRun && (
          <Redo done={spMetadata.status === "done"} label="Upload another metadata file">
            <SpMetadataUpload />
          </Redo>
        )}
      </StepCard>

      <StepCard step={app} number={3}>
        {app.data && (
          <Facts
            rows={[
              ["Application", str(d(app).displayName)],
              ["Application (client) id", str(d(app).appId)],
              ["Service principal", str(d(app).servicePrincipalId)],
              ["How", d(app).adopted ? "Adopted" : "Created by SSO Bridge"],
            ]}
          />
        )}
        {enterpriseAppChoices && (
          <Redo done={app.status === "done"} label="Use another application">
            <Suspense fallback={<Looking what="AWS IAM Identity Center applications in Entra" />}>
              <EnterpriseAppChooser reading={enterpriseAppChoices} />
            </Suspense>
          </Redo>
        )}
      </StepCard>

      <StepCard step={sso} number={4}>
        {spMetadata.data && (
          <Facts
            rows={[
              ["Identifier (entity id)", str(d(spMetadata).entityId)],
              ["Reply URL", str(d(spMetadata).acsUrl)],
            ]}
          />
        )}
        {sso.data && (
          <Facts
            rows={[
              ["Signing certificate", str((d(sso).certificate as Record<string, unknown> | undefined)?.thumbprint)],
              ["Expires", day((d(sso).certificate as Record<string, unknown> | undefined)?.notAfter)],
            ]}
          />
        )}
        {canRun && (
          <ActionButton
            action={configureSsoAction}
            label={sso.status === "done" ? "Configure again" : "Configure SAML single sign-on"}
            pendingLabel="Configuring the application in Entra…"
          />
        )}
      </StepCard>

      <StepCard step={federation} number={5}>
        {federation.data && (
          <>
            <Facts
              rows={[
                ["Issuer (entity id)", str(d(federation).entityId)],
                ["Sign-in URL", str(d(federation).ssoUrl)],
                ["Certificate", str((d(federation).certificate as Record<string, unknown> | undefined)?.thumbprint)],
                ["Certificate expires", day((d(federation).certificate as Record<string, unknown> | undefined)?.notAfter)],
              ]}
            />
            <a href="/setup/federation-metadata" download className="inline-block text-sm font-medium text-sky-700 underline dark:text-sky-400">
              Download the federation metadata (XML)
            </a>
          </>
        )}
        {canRun && (
          <ActionButton
            action={fetchFederationMetadataAction}
            label={federation.status === "done" ? "Fetch again" : "Fetch federation metadata"}
            pendingLabel="Fetching and checking…"
          />
        )}
      </StepCard>

      <StepCard step={identitySource} number={6}>
        <ol className="ml-5 list-decimal space-y-1 text-sm">
          <li>
            <a href="/setup/federation-metadata" download className="font-medium text-sky-700 underline dark:text-sky-400">
              Download the federation metadata
            </a>{" "}
            that step 5 checked.
          </li>
          <li>
            Back in the <ConsoleLink href={consoleUrl}>IAM Identity Center console</ConsoleLink>, on the Change identity source page, under Identity provider
            metadata choose Upload IdP SAML metadata file and pick that file.
          </li>
          <li>Choose Next, review, type ACCEPT, and choose Change identity source.</li>
          <li>Confirm here. SSO Bridge records who confirmed and when, and checks the federation.</li>
        </ol>
        {identitySource.data && (
          <Facts
            rows={[
              ["Confirmed by", str(d(identitySource).confirmedByLabel)],
              ["Confirmed at", str(d(identitySource).confirmedAt).replace("T", " ").slice(0, 16) + " UTC"],
            ]}
          />
        )}
        {identitySource.status === "done" && proof && <ChangeVerification changeVerifiedAt={proof.changeVerifiedAt} />}
        {canRun && (
          <Redo done={identitySource.status === "done"} label="Confirm again (after changing the identity source again)">
            <IdentitySourceConfirm />
          </Redo>
        )}
      </StepCard>
    </>
  );
}

/** Whether AWS has shown that the confirmed change was made: it accepts SCIM tokens only with an external identity provider. */
function ChangeVerification({ changeVerifiedAt }: { changeVerifiedAt: Date | null }) {
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm" data-testid="identity-source-verification">
      {changeVerifiedAt ? (
        <>
          <StatusBadge tone="good">Verified</StatusBadge>
          <span>
            AWS accepted the SCIM token on {utcMinutes(changeVerifiedAt)} UTC, which it does only once an external identity provider is the identity source.
          </span>
        </>
      ) : (
        <>
          <StatusBadge tone="warning">Confirmed, not verified</StatusBadge>
          <span>Only a person&apos;s word says the change was made. Step 7 verifies it: AWS accepts the SCIM token only once the change is made.</span>
        </>
      )}
    </p>
  );
}

async function EnterpriseAppChooser({ reading }: { reading: Promise<Loaded<EnterpriseAppChoices>> }) {
  const loaded = await reading;
  if (!loaded.ok) return <Problem problem={loaded.problem} />;
  return <EnterpriseAppForm existing={loaded.data.existing} defaultName={loaded.data.defaultName} />;
}

async function InstanceChooser({ reading, chosen }: { reading: Promise<Loaded<InstanceChoice[]>>; chosen: string | null }) {
  const loaded = await reading;
  if (!loaded.ok) return <Problem problem={loaded.problem} />;
  return <InstancePicker instances={loaded.data} chosen={chosen} />;
}
