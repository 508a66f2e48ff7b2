import crypto from "node:crypto";

// The simulated Entra tenant's directory: the objects Microsoft Graph serves and the provisioning
// engine reads. Shapes follow Graph v1.0 (camelCase) so handlers can return them after $select.
// Every change bumps a tenant-wide counter, which delta queries use as their watermark.

export type Versioned = { version: number };

export type GraphUser = Versioned & {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  mailNickname: string;
  otherMails: string[];
  accountEnabled: boolean;
  userType: "Member" | "Guest";
  jobTitle: string | null;
  department: string | null;
  createdDateTime: string;
};

export type GraphGroup = Versioned & {
  id: string;
  displayName: string;
  description: string | null;
  mailNickname: string;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  createdDateTime: string;
  /** direct members: user or group ids (nested groups are members too) */
  members: string[];
};

export type AppRole = {
  id: string;
  displayName: string;
  value: string | null;
  description: string;
  allowedMemberTypes: string[];
  isEnabled: boolean;
  origin: "Application" | "ServicePrincipal";
};

export type KeyCredential = {
  customKeyIdentifier: string | null;
  displayName: string | null;
  endDateTime: string;
  startDateTime: string;
  keyId: string;
  /** the private half of a token signing certificate is "X509CertAndPassword" */
  type: "AsymmetricX509Cert" | "X509CertAndPassword";
  usage: "Sign" | "Verify";
  /** base64 DER certificate (returned only where Graph returns it) */
  key: string | null;
};

export type Application = Versioned & {
  id: string;
  appId: string;
  displayName: string;
  identifierUris: string[];
  web: { redirectUris: string[]; logoutUrl: string | null; homePageUrl: string | null };
  createdDateTime: string;
};

export type ServicePrincipal = Versioned & {
  id: string;
  appId: string;
  displayName: string;
  applicationTemplateId: string | null;
  appRoleAssignmentRequired: boolean;
  preferredSingleSignOnMode: string | null;
  preferredTokenSigningKeyThumbprint: string | null;
  samlSingleSignOnSettings: { relayState: string | null } | null;
  loginUrl: string | null;
  appRoles: AppRole[];
  keyCredentials: KeyCredential[];
  tags: string[];
  servicePrincipalType: "Application";
};

export type AppRoleAssignment = Versioned & {
  id: string;
  appRoleId: string;
  principalId: string;
  principalType: "User" | "Group" | "ServicePrincipal";
  principalDisplayName: string;
  resourceId: string;
  resourceDisplayName: string;
  createdDateTime: string;
};

/**
 * The private side of a SAML token signing certificate made by addTokenSigningCertificate, kept
 * so the login host can sign federation metadata (and assertions) with it. Keyed by the keyId of
 * the service principal's "Sign" key credential, which Graph also gives the passwordCredential.
 */
export type SigningKeyMaterial = {
  servicePrincipalId: string;
  keyId: string;
  /** upper-case hex SHA-1 of the DER certificate, as Graph reports it */
  thumbprint: string;
  certificatePem: string;
  privateKeyPem: string;
  displayName: string;
  startDateTime: string;
  endDateTime: string;
  customKeyIdentifier: string;
};

/** One entry of the sign-in logs, as Graph's signIn resource has it (the properties this tenant fills). */
export type SignInEvent = {
  id: string;
  createdDateTime: string;
  userDisplayName: string;
  userPrincipalName: string;
  userId: string;
  appId: string;
  appDisplayName: string;
  ipAddress: string;
  clientAppUsed: "Browser";
  correlationId: string;
  conditionalAccessStatus: "notApplied";
  isInteractive: boolean;
  resourceDisplayName: string;
  resourceId: string;
  status: { errorCode: number; failureReason: string | null; additionalDetails: string | null };
};

export type Tombstone = { id: string; kind: "user" | "group"; version: number };

export class EntraDirectory {
  readonly users = new Map<string, GraphUser>();
  readonly groups = new Map<string, GraphGroup>();
  readonly applications = new Map<string, Application>();
  readonly servicePrincipals = new Map<string, ServicePrincipal>();
  readonly appRoleAssignments = new Map<string, AppRoleAssignment>();
  /** deleted users and groups, for delta queries */
  readonly tombstones: Tombstone[] = [];
  /** application permissions granted to each client id: its client-credentials token's `roles` claim */
  readonly appPermissions = new Map<string, Set<string>>();
  /** token signing certificates' private keys, by the keyId of their "Sign" key credential */
  readonly signingKeys = new Map<string, SigningKeyMaterial>();
  /** certificates uploaded to each app registration (public parts only), by client id: client assertions are checked against them */
  readonly appCertificates = new Map<string, KeyCredential[]>();
  /** the sign-in logs, oldest first; Graph serves them newest first */
  readonly signIns: SignInEvent[] = [];
  /** sign-in logs are a Microsoft Entra ID P1 or P2 feature; a tenant without either gets a 403 */
  premium = true;
  private counter = 0;

  constructor(
    readonly tenantId: string,
    readonly domain: string,
  ) {}

  /** Marks an object changed now; returns it for chaining. */
  touch<T extends Versioned>(obj: T): T {
    obj.version = ++this.counter;
    return obj;
  }

  get currentVersion(): number {
    return this.counter;
  }

  remove(kind: "user" | "group", id: string): void {
    const existed = kind === "user" ? this.users.delete(id) : this.groups.delete(id);
    if (!existed) return;
    for (const g of this.groups.values()) {
      if (g.members.includes(id)) this.touch(Object.assign(g, { members: g.members.filter((m) => m !== id) }));
    }
    for (const [aid, a] of this.appRoleAssignments) if (a.principalId === id) this.appRoleAssignments.delete(aid);
    this.tombstones.push({ id, kind, version: ++this.counter });
  }

  /** Every user and group below a group, following nested groups once each. */
  transitiveMembers(groupId: string): string[] {
    const seen = new Set<string>();
    const walk = (id: string) => {
      for (const m of this.groups.get(id)?.members ?? []) {
        if (seen.has(m)) continue;
        seen.add(m);
        if (this.groups.has(m)) walk(m);
      }
    };
    walk(groupId);
    return [...seen];
  }

  static newId(): string {
    return crypto.randomUUID();
  }
}
