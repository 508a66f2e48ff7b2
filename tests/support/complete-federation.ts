import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { saveAwsConnection } from "@/lib/connections/aws-connection";
import { saveEntraConnection } from "@/lib/connections/entra-connection";
import { uploadAwsSpMetadata } from "@/lib/setup/steps/aws-sp-metadata";
import { createOrAdoptEnterpriseApp } from "@/lib/setup/steps/enterprise-app";
import { fetchFederationMetadataStep } from "@/lib/setup/steps/federation-metadata";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import { confirmIdentitySourceChange } from "@/lib/setup/steps/identity-source";
import { configureSingleSignOn } from "@/lib/setup/steps/saml-sso";
import { spMetadata } from "@/simulators/aws/console/sp-metadata";
import type { AwsWorld } from "@/simulators/aws/world";

/**
 * Connects both clouds and runs the six federation steps, for tests of what comes after them.
 * Entra is reached as the sign-in app, so ENTRA_CLIENT_SECRET must hold the simulated app's secret.
 */
export async function completeFederation(world: AwsWorld, by: ChangedBy): Promise<void> {
  await saveAwsConnection({ region: world.region }, by);
  await saveEntraConnection({ authentication: "sign-in-app", cloud: "global" }, by);
  await chooseIdentityCenterInstance(null, by);
  const metadata = await spMetadata(world);
  await uploadAwsSpMetadata(new File([metadata.xml], metadata.fileName, { type: "text/xml" }), by);
  await createOrAdoptEnterpriseApp({ mode: "create", displayName: "AWS IAM Identity Center" }, by);
  await configureSingleSignOn(by);
  await fetchFederationMetadataStep(by);
  await confirmIdentitySourceChange(by);
}
