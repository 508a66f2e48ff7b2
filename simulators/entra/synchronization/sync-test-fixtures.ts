import { EntraDirectory, type GraphGroup, type GraphUser, type ServicePrincipal } from "../directory";
import { AWS_GALLERY_TEMPLATE_ID } from "./aws-template";
import { startScimServer } from "../../aws/scim/scim-server";
import { issueScimToken, revokeScimToken } from "../../aws/scim/tokens";
import type { AwsWorld, ScimToken } from "../../aws/world";
import { switchToExternalIdp } from "../../test-support/external-idp";

// A small directory for the synchronization tests: the AWS app's service principal, a few users
// and groups, and helpers to assign them. Kept apart from the seeded demo tenant so each test
// states exactly who is in scope.

export const USER_ROLE_ID = "8774f594-1d59-4279-b9d9-59ef09a23530";

export function testDirectory(): { directory: EntraDirectory; sp: ServicePrincipal } {
  const directory = new EntraDirectory("6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f", "contoso.example");
  const sp: ServicePrincipal = directory.touch({
    version: 0,
    id: EntraDirectory.newId(),
    appId: EntraDirectory.newId(),
    displayName: "AWS IAM Identity Center (successor to AWS Single Sign-On)",
    applicationTemplateId: AWS_GALLERY_TEMPLATE_ID,
    appRoleAssignmentRequired: true,
    preferredSingleSignOnMode: null,
    preferredTokenSigningKeyThumbprint: null,
    samlSingleSignOnSettings: null,
    loginUrl: null,
    appRoles: [],
    keyCredentials: [],
    tags: [],
    servicePrincipalType: "Application",
  });
  directory.servicePrincipals.set(sp.id, sp);
  return { directory, sp };
}

export function addUser(directory: EntraDirectory, localPart: string, given: string | null, surname: string | null, extra: Partial<GraphUser> = {}): GraphUser {
  const upn = `${localPart}@${directory.domain}`;
  const user: GraphUser = directory.touch({
    version: 0,
    id: EntraDirectory.newId(),
    userPrincipalName: upn,
    displayName: [given, surname].filter(Boolean).join(" ") || localPart,
    givenName: given,
    surname,
    mail: upn,
    mailNickname: localPart,
    otherMails: [],
    accountEnabled: true,
    userType: "Member",
    jobTitle: null,
    department: null,
    createdDateTime: new Date().toISOString(),
    ...extra,
  });
  directory.users.set(user.id, user);
  return user;
}

export function addGroup(directory: EntraDirectory, displayName: string, members: string[]): GraphGroup {
  const group: GraphGroup = directory.touch({
    version: 0,
    id: EntraDirectory.newId(),
    displayName,
    description: null,
    mailNickname: displayName.replace(/\W/g, ""),
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    createdDateTime: new Date().toISOString(),
    members,
  });
  directory.groups.set(group.id, group);
  return group;
}

export function assign(directory: EntraDirectory, sp: ServicePrincipal, principal: GraphUser | GraphGroup): void {
  const isUser = "userPrincipalName" in principal;
  const id = EntraDirectory.newId();
  directory.appRoleAssignments.set(
    id,
    directory.touch({
      version: 0,
      id,
      appRoleId: USER_ROLE_ID,
      principalId: principal.id,
      principalType: isUser ? "User" : "Group",
      principalDisplayName: principal.displayName,
      resourceId: sp.id,
      resourceDisplayName: sp.displayName,
      createdDateTime: new Date().toISOString(),
    }),
  );
}

export function unassign(directory: EntraDirectory, sp: ServicePrincipal, principalId: string): void {
  for (const [id, a] of directory.appRoleAssignments) if (a.resourceId === sp.id && a.principalId === principalId) directory.appRoleAssignments.delete(id);
}

export type ScimEndpoint = { baseUrl: string; issueToken(): ScimToken; revokeToken(id: string): void; close(): Promise<void> };

/** The AWS simulator's SCIM endpoint for a world whose identity source is an external identity provider, with its token controls at hand. */
export async function startScimEndpoint(world: AwsWorld): Promise<ScimEndpoint> {
  await switchToExternalIdp(world);
  const server = await startScimServer({ world });
  return {
    baseUrl: server.baseUrl,
    issueToken: () => issueScimToken(world),
    revokeToken: (id) => revokeScimToken(world, id),
    close: () => server.close(),
  };
}
