import Link from "next/link";
import { pageUser } from "@/lib/auth/session";
import { preflightView } from "@/lib/drift/drift-view";
import { canConfigureFederation, canManageConnections } from "@/lib/security/permissions";
import { enterpriseAppChoicesView, instanceChoicesView, setupView } from "@/lib/setup/setup-view";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { FederationCheckPanel } from "@/components/setup/federation-check-panel";
import { SignInTestPanel } from "@/components/setup/sign-in-test-panel";
import { ProvisioningPanels } from "@/components/setup/provisioning/provisioning-panels";
import { StepPanels } from "@/components/setup/step-panels";
import { Stepper } from "@/components/setup/stepper";

export const metadata = { title: "Setup" };

export default async function SetupPage() {
  const user = await pageUser();
  const [{ wizard, awsSaved, entraSaved, consoleUrl, accessPortalUrl, proof }, preflight] = await Promise.all([setupView(), preflightView()]);
  const canRun = canConfigureFederation(user);
  // Read live from the clouds for those who can run the steps: each choice shows when its cloud answers.
  const instanceChoices = canRun ? instanceChoicesView() : null;
  const enterpriseAppChoices = canRun && wizard.byId["enterprise-app"].available ? enterpriseAppChoicesView() : null;
  return (
    <>
      <PageHeader
        title="Setup"
        description="Federate Entra ID with IAM Identity Center, step by step. Each step is saved as it finishes; you can leave and come back."
      />
      {(!awsSaved || !entraSaved) && (
        <div className="mb-6">
          <Card title="First, connect SSO Bridge to both clouds">
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {!awsSaved && !entraSaved
                ? "Neither the AWS nor the Entra connection is saved yet."
                : !awsSaved
                  ? "The AWS connection is not saved yet."
                  : "The Entra connection is not saved yet."}{" "}
              {canManageConnections(user) ? (
                <Link href="/settings#connections" className="font-medium text-sky-700 underline dark:text-sky-400">
                  Open Settings → Connections
                </Link>
              ) : (
                "Ask an admin to set them up under Settings → Connections."
              )}
            </p>
          </Card>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-[18rem_1fr]">
        <div className="lg:sticky lg:top-4 lg:self-start">
          <Stepper steps={wizard.steps} current={wizard.current} />
        </div>
        <div className="space-y-4">
          <h2 className="text-lg font-semibold">Federation</h2>
          <StepPanels
            steps={wizard.byId}
            proof={proof}
            canRun={canRun}
            consoleUrl={consoleUrl}
            instanceChoices={instanceChoices}
            enterpriseAppChoices={enterpriseAppChoices}
          />
          <FederationCheckPanel lastCheck={wizard.lastCheck} canRun={canRun} allDone={wizard.byId["identity-source"].status === "done"} />
          <SignInTestPanel proof={proof} portalUrl={accessPortalUrl} canRun={canRun} />
          <h2 className="pt-4 text-lg font-semibold">Provisioning</h2>
          <ProvisioningPanels steps={wizard.byId} canRun={canRun} consoleUrl={consoleUrl} preflight={preflight} />
        </div>
      </div>
    </>
  );
}
