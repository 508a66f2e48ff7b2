import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { saveAwsConnection } from "@/lib/connections/aws-connection";
import { saveEntraConnection } from "@/lib/connections/entra-connection";
import { readFederationConfig } from "@/lib/federation/federation-config";
import { uploadAwsSpMetadata } from "@/lib/setup/steps/aws-sp-metadata";
import { createOrAdoptEnterpriseApp } from "@/lib/setup/steps/enterprise-app";
import { fetchFederationMetadataStep } from "@/lib/setup/steps/federation-metadata";
import { chooseIdentityCenterInstance } from "@/lib/setup/steps/identity-center-instance";
import { confirmIdentitySourceChange } from "@/lib/setup/steps/identity-source";
import { configureSingleSignOn } from "@/lib/setup/steps/saml-sso";
import { spMetadata } from "@/simulators/aws/console/sp-metadata";
import type { AwsCloud } from "@/simulators/aws/aws-cloud";

/**
 * Connects both clouds and runs the six federation steps, for tests of what comes after them, with
 * the console change of step 6 made in the simulated AWS unless `changeInAws` is false (a person
 * who ticked the step without making it). Entra is reached as the sign-in app, so
 * ENTRA_CLIENT_SECRET must hold the simulated app's secret.
 */
export async function completeFederation(aws: AwsCloud, by: ChangedBy, opts: { changeInAws?: boolean } = {}): Promise<void> {
  const { world } = aws;
  await saveAwsConnection({ region: world.region }, by);
  await saveEntraConnection({ authentication: "sign-in-app", cloud: "global" }, by);
  await chooseIdentityCenterInstance(null, by);
  const metadata = await spMetadata(world);
  await uploadAwsSpMetadata(new File([metadata.xml], metadata.fileName, { type: "text/xml" }), by);
  await createOrAdoptEnterpriseApp({ mode: "create", displayName: "AWS IAM Identity Center" }, by);
  await configureSingleSignOn(by);
  await fetchFederationMetadataStep(by);
  if (opts.changeInAws ?? true) await changeIdentitySourceInConsole(aws);
  await confirmIdentitySourceChange(by);
}

/** What an operator does in the AWS console after step 5: upload Entra's metadata and accept the change. */
export async function changeIdentitySourceInConsole(aws: AwsCloud): Promise<void> {
  const form = new FormData();
  form.set("idpMetadata", new File([(await readFederationConfig()).federationMetadata!.xml], "federationmetadata.xml", { type: "text/xml" }));
  form.set("accept", "ACCEPT");
  const response = await fetch(`${new URL(aws.apiEndpoint).origin}/singlesignon/identity-source`, { method: "POST", body: form });
  if (response.status !== 200) throw new Error(`the simulated console refused the identity source change (HTTP ${response.status})`);
}
