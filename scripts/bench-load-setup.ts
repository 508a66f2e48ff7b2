// Part of `npm run bench -- load`: brings a fresh SSO Bridge to the state a team watches, through
// the same lib/ functions the Setup page's and the Access page's actions call, as the admin who
// signed in first: both connections, the six federation steps, SCIM credentials, the provisioning
// job with people assigned, provisioning started, and a few permission sets. Runs in its own
// process with the instances' environment (NODE_EXTRA_CA_CERTS is read only at start); prints one
// JSON line saying what it set up.
import { createPermissionSetFor } from "../lib/access/permission-set-changes";
import { permissionSetForm } from "../lib/access/permission-set-input";
import type { ChangedBy } from "../lib/audit/record-audit-event";
import { saveAwsConnection } from "../lib/connections/aws-connection";
import { saveEntraConnection } from "../lib/connections/entra-connection";
import { db } from "../lib/db";
import { readFederationConfig } from "../lib/federation/federation-config";
import { updateSettings } from "../lib/settings";
import { assignPrincipals, findPrincipals } from "../lib/setup/steps/assignments";
import { uploadAwsSpMetadata } from "../lib/setup/steps/aws-sp-metadata";
import { createOrAdoptEnterpriseApp } from "../lib/setup/steps/enterprise-app";
import { fetchFederationMetadataStep } from "../lib/setup/steps/federation-metadata";
import { chooseIdentityCenterInstance } from "../lib/setup/steps/identity-center-instance";
import { confirmIdentitySourceChange } from "../lib/setup/steps/identity-source";
import { configureProvisioningJob } from "../lib/setup/steps/provisioning-job";
import { configureSingleSignOn } from "../lib/setup/steps/saml-sso";
import { saveScimCredentials } from "../lib/setup/steps/scim-credentials";
import { startProvisioning } from "../lib/setup/steps/start-provisioning";

export type LoadSetupReport = { provisioningJobId: string; assigned: string[]; permissionSets: string[] };

const PERMISSION_SETS = [
  { name: "ReadOnly", sessionHours: "4", managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
  { name: "PowerUser", sessionHours: "2", managedPolicies: "arn:aws:iam::aws:policy/PowerUserAccess" },
  { name: "Billing", sessionHours: "1", managedPolicies: "arn:aws:iam::aws:policy/job-function/Billing" },
];

async function main() {
  const env = (name: string) => process.env[name] ?? fail(`${name} is not set`);
  const admin = await db().user.findFirst({ where: { role: "admin" }, orderBy: { createdAt: "asc" } });
  if (!admin) fail("nobody has signed in as admin yet");
  const by: ChangedBy = { actor: { type: "person", id: admin.id, label: admin.name }, context: { requestId: "bench-load-setup" } };

  await saveAwsConnection({ region: env("AWS_REGION") }, by);
  await saveEntraConnection({ authentication: "sign-in-app", cloud: "global" }, by);
  await chooseIdentityCenterInstance(null, by);
  // What an operator downloads from the (simulated) AWS console and uploads in step 2.
  const metadata = await fetch(`${env("AWS_CONSOLE_URL")}/singlesignon/sp-metadata.xml`).then((r) => r.text());
  await uploadAwsSpMetadata(new File([metadata], "aws-sp-metadata.xml", { type: "text/xml" }), by);
  await createOrAdoptEnterpriseApp({ mode: "create", displayName: "AWS IAM Identity Center" }, by);
  await configureSingleSignOn(by);
  await fetchFederationMetadataStep(by);
  // The console change that step 6 confirms: AWS accepts SCIM tokens only after it.
  const form = new FormData();
  form.set("idpMetadata", new File([(await readFederationConfig()).federationMetadata!.xml], "federationmetadata.xml", { type: "text/xml" }));
  form.set("accept", "ACCEPT");
  const change = await fetch(`${env("AWS_CONSOLE_URL")}/singlesignon/identity-source`, { method: "POST", body: form });
  if (!change.ok) fail(`the simulated console refused the identity source change (HTTP ${change.status})`);
  await confirmIdentitySourceChange(by);

  // The simulated AWS runs on this machine, which only a lab setting lets SSO Bridge reach.
  await updateSettings({ allowLabScimEndpoints: true }, by);
  await saveScimCredentials({ endpoint: env("SCIM_ENDPOINT"), token: env("SCIM_TOKEN"), createdOn: null, expiresOn: null }, by);
  await configureProvisioningJob(by);
  const group = (await findPrincipals("AWS")).find((p) => p.type === "Group") ?? fail("the tenant has no AWS group to assign");
  const person = (await findPrincipals(admin.name)).find((p) => p.type === "User") ?? fail(`${admin.name} is not in the tenant`);
  const assigned = await assignPrincipals(
    [
      { id: group.id, type: "Group" },
      { id: person.id, type: "User" },
    ],
    by,
  );
  const started = await startProvisioning(by);

  const permissionSets: string[] = [];
  for (const set of PERMISSION_SETS) {
    permissionSets.push((await createPermissionSetFor(permissionSetForm.parse(set), by)).permissionSet.name);
  }
  const report: LoadSetupReport = { provisioningJobId: started.jobId, assigned: assigned.assignees.map((a) => a.displayName), permissionSets };
  console.log(JSON.stringify(report));
  await db().$disconnect();
}

function fail(message: string): never {
  throw new Error(message);
}

main().catch((e: unknown) => {
  console.error(`bench load setup: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
