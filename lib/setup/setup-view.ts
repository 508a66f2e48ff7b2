import { accessPortalUrl, identityCenterConsoleUrl } from "../aws/console-links";
import { readAwsConnection } from "../connections/aws-connection";
import { readEntraConnection } from "../connections/entra-connection";
import { isAppError } from "../errors";
import { loaded, type Loaded } from "../loaded";
import { adoptableEnterpriseApps, DEFAULT_APP_NAME } from "./steps/enterprise-app";
import { discoverIdentityCenterInstances } from "./steps/identity-center-instance";
import { federationProof, type FederationStatus } from "./federation-status";
import { readWizard, type WizardView } from "./wizard";

// The Setup page: the wizard as stored, and the two lookups in the clouds that steps 1 and 3 offer
// choices from, each as data or the problem to show.

export type SetupView = {
  wizard: WizardView;
  awsSaved: boolean;
  entraSaved: boolean;
  /** null when no console link can be made (an unusable AWS_CONSOLE_URL or region) */
  consoleUrl: string | null;
  /** null until an instance is chosen, or when no address can be made for its access portal */
  accessPortalUrl: string | null;
  proof: FederationStatus["proof"];
};

export type InstanceChoice = { instanceArn: string; identityStoreId: string; ownerAccountId: string; name: string | null };
export type EnterpriseAppChoices = { existing: { servicePrincipalId: string; appId: string; displayName: string }[]; defaultName: string };

export async function setupView(): Promise<SetupView> {
  const [wizard, aws, entra, proof] = await Promise.all([readWizard(), readAwsConnection(), readEntraConnection(), federationProof()]);
  const instance = wizard.byId["identity-center-instance"].data as { region?: string; identityStoreId?: string } | undefined;
  const region = instance?.region ?? aws.settings.region;
  return {
    wizard,
    awsSaved: aws.saved,
    entraSaved: entra.saved,
    consoleUrl: linkOrNull(() => identityCenterConsoleUrl(region)),
    accessPortalUrl: instance?.identityStoreId ? linkOrNull(() => accessPortalUrl(instance.identityStoreId!)) : null,
    proof,
  };
}

function linkOrNull(make: () => string): string | null {
  try {
    return make();
  } catch (e) {
    if (isAppError(e)) return null;
    throw e;
  }
}

/** Step 1's choices: the IAM Identity Center instances the AWS connection finds. */
export function instanceChoicesView(): Promise<Loaded<InstanceChoice[]>> {
  return loaded("Could not list the IAM Identity Center instances", async () =>
    (await discoverIdentityCenterInstances()).map(({ instanceArn, identityStoreId, ownerAccountId, name }) => ({
      instanceArn,
      identityStoreId,
      ownerAccountId,
      name,
    })),
  );
}

/** Step 3's choices: AWS IAM Identity Center applications already in Entra to adopt, or a name for a new one. */
export function enterpriseAppChoicesView(): Promise<Loaded<EnterpriseAppChoices>> {
  return loaded("Could not list the AWS applications in Entra", async () => ({
    existing: (await adoptableEnterpriseApps()).map(({ servicePrincipalId, appId, displayName }) => ({ servicePrincipalId, appId, displayName })),
    defaultName: DEFAULT_APP_NAME,
  }));
}
