// Run as its own process with nothing but the environment of .data/sim.env: configures the
// unmodified MSAL, Microsoft Graph and AWS SDK clients the standard way, sets up SAML for the AWS
// gallery app through Graph and makes Entra AWS's identity source in the (simulated) console, as
// AWS requires before it accepts SCIM tokens, then sets up Entra provisioning through Graph and
// reports what arrived in AWS as JSON.
import { ConfidentialClientApplication } from "@azure/msal-node";
import { Client } from "@microsoft/microsoft-graph-client";
import { IdentitystoreClient, ListGroupMembershipsCommand, ListGroupsCommand, ListUsersCommand } from "@aws-sdk/client-identitystore";
import { ListInstancesCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";

/** What the script prints as its last line. */
export type ProvisionReport = {
  instanceArn: string | undefined;
  group: string | undefined;
  memberCount: number;
  userNames: (string | undefined)[];
  jobState: string;
  lastExecution: string | undefined;
  logEntries: number;
};

// The parts of Graph's answers the script reads.
type Collection<T> = { value: T[] };
type Identified = { id: string };
type ServicePrincipal = { appRoles: { id: string; value: string | null; displayName: string }[] };
type SynchronizationJob = { status: { code: string; lastExecution?: { state: string } } };

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

async function main() {
  const authority = `${env("ENTRA_AUTHORITY_HOST")}/${env("ENTRA_TENANT_ID")}`;
  const msal = new ConfidentialClientApplication({
    auth: { clientId: env("ENTRA_CLIENT_ID"), clientSecret: env("ENTRA_CLIENT_SECRET"), authority, knownAuthorities: [new URL(authority).host] },
  });
  const graph = Client.init({
    baseUrl: `${env("GRAPH_BASE_URL")}/`,
    customHosts: new Set([new URL(env("GRAPH_BASE_URL")).hostname]),
    authProvider: (done) => {
      msal
        .acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] })
        .then((r) => done(null, r?.accessToken ?? null))
        .catch((e: Error) => done(e, null));
    },
  });

  const galleryName = "AWS IAM Identity Center (successor to AWS Single Sign-On)";
  const templates = (await graph.api("/applicationTemplates").filter(`displayName eq '${galleryName}'`).get()) as Collection<Identified>;
  const templateId = templates.value[0]!.id;
  const created = (await graph.api(`/applicationTemplates/${templateId}/instantiate`).post({ displayName: "AWS IAM Identity Center" })) as {
    application: { appId: string };
    servicePrincipal: Identified;
  };
  const spId = created.servicePrincipal.id;
  // New objects replicate for a moment before they can be read back, as in Entra.
  let sp: ServicePrincipal | undefined;
  for (let i = 0; i < 40 && !sp; i++) {
    sp = await (graph.api(`/servicePrincipals/${spId}`).get() as Promise<ServicePrincipal>).catch(() => undefined);
    if (!sp) await new Promise((r) => setTimeout(r, 250));
  }
  if (!sp) throw new Error("the service principal never became readable");
  await makeIdentitySource(graph, spId, created.application.appId);
  const userRole = sp.appRoles.find((r) => r.displayName === "User")!;
  const groups = (await graph.api("/groups").filter("displayName eq 'AWS Administrators'").get()) as Collection<Identified>;
  const groupId = groups.value[0]!.id;
  await graph.api(`/servicePrincipals/${spId}/appRoleAssignedTo`).post({ principalId: groupId, resourceId: spId, appRoleId: userRole.id });

  const syncTemplates = (await graph.api(`/servicePrincipals/${spId}/synchronization/templates`).get()) as Collection<Identified>;
  const job = (await graph.api(`/servicePrincipals/${spId}/synchronization/jobs`).post({ templateId: syncTemplates.value[0]!.id })) as Identified;
  await graph.api(`/servicePrincipals/${spId}/synchronization/secrets`).put({
    value: [
      { key: "BaseAddress", value: env("SCIM_ENDPOINT") },
      { key: "SecretToken", value: env("SCIM_TOKEN") },
    ],
  });
  await graph.api(`/servicePrincipals/${spId}/synchronization/jobs/${job.id}/start`).post({});

  const sso = new SSOAdminClient({});
  const instance = (await sso.send(new ListInstancesCommand({}))).Instances![0]!;
  const ids = new IdentitystoreClient({});
  const IdentityStoreId = instance.IdentityStoreId!;
  let group: { GroupId?: string; DisplayName?: string } | undefined;
  for (let i = 0; i < 40 && !group; i++) {
    group = (await ids.send(new ListGroupsCommand({ IdentityStoreId }))).Groups?.find((g) => g.DisplayName === "AWS Administrators");
    if (!group) await new Promise((r) => setTimeout(r, 250));
  }
  if (!group) throw new Error("the group never arrived in the identity store");
  const members = (await ids.send(new ListGroupMembershipsCommand({ IdentityStoreId, GroupId: group.GroupId! }))).GroupMemberships ?? [];
  const users = (await ids.send(new ListUsersCommand({ IdentityStoreId }))).Users ?? [];
  const status = (await graph.api(`/servicePrincipals/${spId}/synchronization/jobs/${job.id}`).get()) as SynchronizationJob;
  const logs = (await graph.api("/auditLogs/provisioning").filter(`jobId eq '${job.id}'`).get()) as Collection<unknown>;
  const report: ProvisionReport = {
    instanceArn: instance.InstanceArn,
    group: group.DisplayName,
    memberCount: members.length,
    userNames: users.map((u) => u.UserName).sort(),
    jobState: status.status.code,
    lastExecution: status.status.lastExecution?.state,
    logEntries: logs.value.length,
  };
  console.log(JSON.stringify(report));
}

/** A signing certificate and SAML mode on the app, then its federation metadata uploaded in the AWS console with the change accepted. */
async function makeIdentitySource(graph: Client, spId: string, appId: string): Promise<void> {
  const certificate = (await graph.api(`/servicePrincipals/${spId}/addTokenSigningCertificate`).post({ displayName: "CN=AWS IAM Identity Center" })) as {
    thumbprint: string;
  };
  await graph.api(`/servicePrincipals/${spId}`).patch({ preferredSingleSignOnMode: "saml", preferredTokenSigningKeyThumbprint: certificate.thumbprint });
  const metadataUrl = `${env("ENTRA_AUTHORITY_HOST")}/${env("ENTRA_TENANT_ID")}/federationmetadata/2007-06/federationmetadata.xml?appid=${appId}`;
  const metadata = await fetch(metadataUrl).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`federation metadata: HTTP ${r.status}`))));
  const form = new FormData();
  form.set("idpMetadata", new File([metadata], "federationmetadata.xml", { type: "text/xml" }));
  form.set("accept", "ACCEPT");
  const change = await fetch(`${env("AWS_CONSOLE_URL")}/singlesignon/identity-source`, { method: "POST", body: form });
  if (!change.ok) throw new Error(`the console refused the identity source change: HTTP ${change.status}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
  process.exit(1);
});
