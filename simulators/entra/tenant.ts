/**
 * The deterministic demo directory behind the Entra simulators. Identifiers are constants so
 * tests, demo data and anything persisted by SSO Bridge line up across restarts.
 */

export interface DemoTenant {
  tenantId: string;
  displayName: string;
  domain: string;
}

export interface AppRegistration {
  displayName: string;
  clientId: string;
  clientSecret: string;
}

export interface DemoPerson {
  /** Entra object id (`oid` claim); stable across applications. */
  objectId: string;
  /** Tenant the account lives in (`tid` claim). */
  homeTenantId: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  mail: string;
  jobTitle?: string;
  /** Entra's userType: a guest here is one the tenant authenticates itself, so its tokens carry no `idp` claim */
  userType: "Member" | "Guest";
}

export const CONTOSO: DemoTenant = {
  tenantId: "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f",
  displayName: "Contoso (simulated)",
  domain: "contoso.example",
};

/** A second tenant, only so a sign-in from outside Contoso can be demonstrated. */
export const FABRIKAM: DemoTenant = {
  tenantId: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d",
  displayName: "Fabrikam (simulated)",
  domain: "fabrikam.example",
};

export const SSO_BRIDGE_APP: AppRegistration = {
  displayName: "SSO Bridge",
  clientId: "3c5e7a9b-1d2f-4e6a-8b0c-2d4f6a8c0e1b",
  clientSecret: "entra-simulator-client-secret-not-for-production",
};

function person(objectId: string, tenant: DemoTenant, givenName: string, surname: string, localPart: string, jobTitle?: string): DemoPerson {
  const upn = `${localPart}@${tenant.domain}`;
  return {
    objectId,
    homeTenantId: tenant.tenantId,
    displayName: `${givenName} ${surname}`,
    givenName,
    surname,
    userPrincipalName: upn,
    mail: upn,
    jobTitle,
    userType: "Member",
  };
}

export const ADA_ADMIN = person("a0d1a0d1-0001-4a00-8a00-000000000001", CONTOSO, "Ada", "Admin", "ada.admin", "Identity administrator");
export const OSCAR_OPERATOR = person("0c0a0c0a-0002-4a00-8a00-000000000002", CONTOSO, "Oscar", "Operator", "oscar.operator", "Cloud operations engineer");
export const VERA_VIEWER = person("7e7a7e7a-0003-4a00-8a00-000000000003", CONTOSO, "Vera", "Viewer", "vera.viewer", "Auditor");
export const NINA_NEWCOMER = person("9191a9a9-0004-4a00-8a00-000000000004", CONTOSO, "Nina", "Newcomer", "nina.newcomer", "Graduate engineer");
export const FRANK_FOREIGN = person("f4a9f4a9-0005-4a00-8a00-000000000005", FABRIKAM, "Frank", "Foreign", "frank");
/** A guest account of Contoso itself (made in the tenant, not invited from another organization). */
export const GRETA_GUEST: DemoPerson = {
  ...person("6e5e6e5e-0006-4a00-8a00-000000000006", CONTOSO, "Greta", "Guest", "greta.guest", "Contractor"),
  userType: "Guest",
};

/** Everyone who can sign in through the simulator, in the order the sign-in page lists them. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [ADA_ADMIN, OSCAR_OPERATOR, VERA_VIEWER, NINA_NEWCOMER, FRANK_FOREIGN, GRETA_GUEST];

export function findPersonByUsername(username: string): DemoPerson | undefined {
  const wanted = username.trim().toLowerCase();
  return DEMO_PEOPLE.find((p) => p.userPrincipalName.toLowerCase() === wanted);
}

export function findPersonByObjectId(objectId: string): DemoPerson | undefined {
  return DEMO_PEOPLE.find((p) => p.objectId === objectId);
}
