import type { Application, AppRoleAssignment, EntraDirectory, ServicePrincipal } from "../directory";
import type { Entity } from "./odata";

// Applications, service principals and app role assignments as Graph v1.0 renders them. Key
// values are only included when asked for with $select=keyCredentials, as Graph does.

export function applicationEntity(app: Application, directory: EntraDirectory): Entity {
  const { version: _version, ...rest } = app;
  const sp = [...directory.servicePrincipals.values()].find((s) => s.appId === app.appId);
  return {
    ...rest,
    deletedDateTime: null,
    signInAudience: "AzureADMyOrg",
    publisherDomain: directory.domain,
    appRoles: sp?.appRoles.map((r) => ({ ...r })) ?? [],
    keyCredentials: [],
    passwordCredentials: [],
    requiredResourceAccess: [],
    web: { implicitGrantSettings: { enableAccessTokenIssuance: false, enableIdTokenIssuance: false }, redirectUriSettings: [], ...app.web },
  };
}

export function servicePrincipalEntity(sp: ServicePrincipal, directory: EntraDirectory, includeKeys: boolean): Entity {
  const { version: _version, ...rest } = sp;
  const app = [...directory.applications.values()].find((a) => a.appId === sp.appId);
  const passwords = [...directory.signingKeys.values()]
    .filter((k) => k.servicePrincipalId === sp.id && sp.keyCredentials.some((c) => c.keyId === k.keyId))
    .map((k) => ({
      customKeyIdentifier: k.customKeyIdentifier,
      displayName: k.displayName,
      endDateTime: k.endDateTime,
      hint: null,
      keyId: k.keyId,
      secretText: null,
      startDateTime: k.startDateTime,
    }));
  return {
    ...rest,
    deletedDateTime: null,
    accountEnabled: true,
    appDisplayName: app?.displayName ?? sp.displayName,
    appOwnerOrganizationId: directory.tenantId,
    signInAudience: "AzureADMyOrg",
    servicePrincipalNames: [sp.appId, ...(app?.identifierUris ?? [])],
    replyUrls: [...(app?.web.redirectUris ?? [])],
    notificationEmailAddresses: [],
    appRoles: sp.appRoles.map((r) => ({ ...r })),
    keyCredentials: sp.keyCredentials.map((k) => ({ ...k, key: includeKeys ? k.key : null })),
    passwordCredentials: passwords,
  };
}

export function assignmentEntity(a: AppRoleAssignment): Entity {
  const { version: _version, ...rest } = a;
  return { ...rest, deletedDateTime: null };
}
