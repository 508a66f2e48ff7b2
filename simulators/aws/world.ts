import crypto from "node:crypto";
import { IdentityStore } from "./directory-store";

// Everything the simulated AWS account holds. One world per simulator process; the sso-admin,
// identitystore, organizations and SCIM front ends all read and write it.

export type ScimToken = { id: string; token: string; createdAt: Date; expiresAt: Date };

export type SsoInstance = {
  InstanceArn: string;
  IdentityStoreId: string;
  OwnerAccountId: string;
  Name: string;
  Status: "ACTIVE";
  CreatedDate: Date;
};

/** Temporary credentials issued by sts:AssumeRole, found again by their access key id. */
export type StsSession = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
  roleArn: string;
  assumedRoleArn: string;
  assumedRoleId: string;
  accountId: string;
};

/** Where IAM Identity Center's users sign in; changed only in the console. */
export type IdentitySource =
  | { type: "identity-center-directory" }
  | {
      type: "external-idp";
      idpEntityId: string;
      ssoUrl: string;
      /** the IdP's current signing certificate from the uploaded metadata, base64 DER: the only key a SAMLResponse may be signed with */
      certificate: string;
      certificateThumbprint: string;
      certificateNotAfter: Date;
      changedAt: Date;
    };

/** One SAML sign-in at the assertion consumer service, as CloudTrail's ExternalIdPDirectoryLogin event records it. */
export type PortalSignIn = { eventTime: Date; outcome: "Success" | "Failure"; userName: string | null; errorMessage: string | null };

export type AwsAccount = {
  Id: string;
  Arn: string;
  Email: string;
  Name: string;
  Status: "ACTIVE" | "SUSPENDED";
  JoinedMethod: "CREATED" | "INVITED";
  JoinedTimestamp: Date;
  parentId: string;
};
export type OrganizationalUnit = { Id: string; Arn: string; Name: string; parentId: string };

export type AwsWorld = {
  region: string;
  instance: SsoInstance;
  identityStore: IdentityStore;
  organization: {
    Id: string;
    Arn: string;
    MasterAccountId: string;
    MasterAccountEmail: string;
    root: { Id: string; Arn: string; Name: "Root" };
    organizationalUnits: Map<string, OrganizationalUnit>;
    accounts: Map<string, AwsAccount>;
  };
  /** The instance's SCIM endpoint: https://scim.<region>.amazonaws.com/<tenantId>/scim/v2/ in AWS. */
  scim: { tenantId: string; tokens: ScimToken[]; /** set once the SCIM server listens */ baseUrl?: string };
  /** Owned by the sso-admin front end (permission sets, assignments, provisioning status). */
  ssoAdmin: Record<string, unknown>;
  /** ARNs of the IAM roles sts:AssumeRole may assume (arn:aws:iam::<account>:role/<name>). */
  iamRoles: Set<string>;
  sts: { sessions: Map<string, StsSession> };
  identitySource: IdentitySource;
  /** IAM Identity Center's SAML service provider metadata, made on first download and then kept. */
  spMetadata?: { xml: string; fileName: string; acsUrl: string };
  /** AuthnRequests the access portal sent and no response has answered yet, by ID, with when they were sent */
  pendingAuthnRequests: Map<string, number>;
  /** SAML sign-ins at the assertion consumer service, oldest first */
  portalSignIns: PortalSignIn[];
};

/** The role SSO Bridge is set up to assume in the management account. */
export const SSO_BRIDGE_ROLE_NAME = "SSOBridgeAdmin";

function hex(bytes: number): string {
  return crypto.randomBytes(bytes).toString("hex");
}

/** An empty account with one IAM Identity Center instance and an organization with only its management account. */
export function createAwsWorld(opts: { region?: string; managementAccountId?: string } = {}): AwsWorld {
  const region = opts.region ?? "eu-west-1";
  const account = opts.managementAccountId ?? "111122223333";
  const orgId = `o-${hex(5)}`;
  const rootId = `r-${hex(2)}`;
  const identityStoreId = `d-${hex(5)}`;
  const world: AwsWorld = {
    region,
    instance: {
      InstanceArn: `arn:aws:sso:::instance/ssoins-${hex(8)}`,
      IdentityStoreId: identityStoreId,
      OwnerAccountId: account,
      Name: "SSO Bridge simulator",
      Status: "ACTIVE",
      CreatedDate: new Date(),
    },
    identityStore: new IdentityStore(identityStoreId),
    organization: {
      Id: orgId,
      Arn: `arn:aws:organizations::${account}:organization/${orgId}`,
      MasterAccountId: account,
      MasterAccountEmail: "aws-management@contoso.example",
      root: { Id: rootId, Arn: `arn:aws:organizations::${account}:root/${orgId}/${rootId}`, Name: "Root" },
      organizationalUnits: new Map(),
      accounts: new Map(),
    },
    scim: { tenantId: `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`, tokens: [] },
    ssoAdmin: {},
    iamRoles: new Set([`arn:aws:iam::${account}:role/${SSO_BRIDGE_ROLE_NAME}`]),
    sts: { sessions: new Map() },
    identitySource: { type: "identity-center-directory" },
    pendingAuthnRequests: new Map(),
    portalSignIns: [],
  };
  world.organization.accounts.set(account, {
    Id: account,
    Arn: `arn:aws:organizations::${account}:account/${orgId}/${account}`,
    Email: world.organization.MasterAccountEmail,
    Name: "Management",
    Status: "ACTIVE",
    JoinedMethod: "CREATED",
    JoinedTimestamp: new Date(),
    parentId: rootId,
  });
  return world;
}
