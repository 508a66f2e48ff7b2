import { randomBytes } from "node:crypto";
import { EntraDirectory, type Application, type AppRoleAssignment, type ServicePrincipal } from "../directory";
import { applicationEntity, assignmentEntity, servicePrincipalEntity } from "./application-objects";
import { awsAppRoles, GALLERY } from "./aws-gallery";
import { notFound } from "./directory-objects";
import { collectionPage, contextUrl, parseFilter, select, selectedProperties, type Entity } from "./odata";
import type { Replication } from "./replication";
import { GraphError, type GraphRequest, type GraphRoute } from "./routes";
import { addTokenSigningCertificate } from "./signing-certificate";

// Gallery templates, applications, service principals (SAML settings and signing certificates)
// and app role assignments. Objects created by instantiate are subject to replication delay.

const APP_READ = ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const APP_WRITE = ["Application.ReadWrite.All", "Directory.ReadWrite.All"];
// A user's or group's own assignments, across applications (least privileged first, as Graph lists them).
const PRINCIPAL_ASSIGNMENT_READ = ["Directory.Read.All", "AppRoleAssignment.ReadWrite.All", "Directory.ReadWrite.All"];
const ASSIGNMENT_READ = ["Application.Read.All", "AppRoleAssignment.ReadWrite.All", "Application.ReadWrite.All", "Directory.Read.All"];
const ASSIGNMENT_WRITE = ["AppRoleAssignment.ReadWrite.All"];
const LIMITS = { defaultTop: 100, maxTop: 999 };
const SSO_MODES = new Set(["saml", "password", "oidc", "notSupported"]);

export type ApplicationRoutesContext = { directory: EntraDirectory; replication: Replication; now?: () => number };

export function applicationRoutes(ctx: ApplicationRoutesContext): GraphRoute[] {
  const { directory, replication } = ctx;
  const now = ctx.now ?? Date.now;

  const visibleApps = () => [...directory.applications.values()].filter((a) => replication.visible(a.id));
  const visibleSps = () => [...directory.servicePrincipals.values()].filter((s) => replication.visible(s.id));
  const application = (id: string): Application => {
    const app = directory.applications.get(id);
    if (!app || !replication.visible(app.id)) throw notFound(id);
    return app;
  };
  const servicePrincipal = (id: string): ServicePrincipal => {
    const sp = directory.servicePrincipals.get(id);
    if (!sp || !replication.visible(sp.id)) throw notFound(id);
    return sp;
  };
  const includeKeys = (req: GraphRequest) => selectedProperties(req)?.includes("keyCredentials") ?? false;
  const renderSp = (sp: ServicePrincipal, req: GraphRequest) =>
    select(servicePrincipalEntity(sp, directory, includeKeys(req)), req, null, "microsoft.graph.servicePrincipal");
  const renderApp = (app: Application, req: GraphRequest) => select(applicationEntity(app, directory), req, null, "microsoft.graph.application");
  const filterBy = <T extends Entity>(req: GraphRequest, items: T[], allowed: string[], resource: string): T[] => {
    const expr = req.query.get("$filter");
    return expr ? items.filter(parseFilter(expr, new Set(allowed), resource)) : items;
  };

  return [
    {
      method: "GET",
      pattern: "/applicationTemplates",
      // Graph needs no particular permission here: any valid Graph token will do.
      permissions: [],
      handler: (req) => {
        const templates = filterBy(
          req,
          GALLERY.map((t) => ({ ...t })),
          ["displayName", "id"],
          "ApplicationTemplate",
        );
        return {
          status: 200,
          body: collectionPage(
            req,
            templates.map((t) => select(t, req, null, "microsoft.graph.applicationTemplate")),
            LIMITS,
            "applicationTemplates",
          ),
        };
      },
    },
    {
      method: "GET",
      pattern: "/applicationTemplates/{id}",
      permissions: [],
      handler: (req) => {
        const template = GALLERY.find((t) => t.id === req.params.id);
        if (!template) throw notFound(req.params.id ?? "");
        return {
          status: 200,
          body: {
            "@odata.context": `${req.baseUrl}/$metadata#applicationTemplates/$entity`,
            ...select({ ...template }, req, null, "microsoft.graph.applicationTemplate"),
          },
        };
      },
    },
    {
      method: "POST",
      pattern: "/applicationTemplates/{id}/instantiate",
      permissions: APP_WRITE,
      handler: (req) => {
        const template = GALLERY.find((t) => t.id === req.params.id);
        if (!template) throw notFound(req.params.id ?? "");
        const displayName = (req.body as { displayName?: unknown } | undefined)?.displayName;
        if (typeof displayName !== "string" || displayName.trim() === "") {
          throw new GraphError(400, "Request_BadRequest", "A value is required for property 'displayName' of resource 'Application'.");
        }
        const created = new Date(now()).toISOString();
        const appId = EntraDirectory.newId();
        const app: Application = directory.touch({
          version: 0,
          id: EntraDirectory.newId(),
          appId,
          displayName,
          identifierUris: [],
          web: { redirectUris: [], logoutUrl: null, homePageUrl: null },
          createdDateTime: created,
        });
        const sp: ServicePrincipal = directory.touch({
          version: 0,
          id: EntraDirectory.newId(),
          appId,
          displayName,
          applicationTemplateId: template.id,
          appRoleAssignmentRequired: true,
          preferredSingleSignOnMode: null,
          preferredTokenSigningKeyThumbprint: null,
          samlSingleSignOnSettings: null,
          loginUrl: null,
          appRoles: awsAppRoles(),
          keyCredentials: [],
          tags: ["WindowsAzureActiveDirectoryIntegratedApp"],
          servicePrincipalType: "Application",
        });
        directory.applications.set(app.id, app);
        directory.servicePrincipals.set(sp.id, sp);
        replication.created(app.id);
        replication.created(sp.id);
        return {
          status: 201,
          body: {
            "@odata.context": `${req.baseUrl}/$metadata#microsoft.graph.applicationServicePrincipal`,
            application: applicationEntity(app, directory),
            servicePrincipal: servicePrincipalEntity(sp, directory, false),
          },
        };
      },
    },
    {
      method: "GET",
      pattern: "/applications",
      permissions: APP_READ,
      handler: (req) => {
        const apps = filterBy(req, visibleApps(), ["id", "appId", "displayName"], "Application");
        return {
          status: 200,
          body: collectionPage(
            req,
            apps.map((a) => renderApp(a, req)),
            LIMITS,
            "applications",
          ),
        };
      },
    },
    {
      method: "GET",
      pattern: "/applications/{id}",
      permissions: APP_READ,
      handler: (req) => ({
        status: 200,
        body: { "@odata.context": `${contextUrl(req, "applications")}/$entity`, ...renderApp(application(req.params.id ?? ""), req) },
      }),
    },
    {
      method: "PATCH",
      pattern: "/applications/{id}",
      permissions: APP_WRITE,
      handler: (req) => {
        patchApplication(directory, application(req.params.id ?? ""), req.body);
        return { status: 204 };
      },
    },
    {
      method: "DELETE",
      pattern: "/applications/{id}",
      permissions: APP_WRITE,
      handler: (req) => {
        const app = application(req.params.id ?? "");
        directory.applications.delete(app.id);
        for (const sp of [...directory.servicePrincipals.values()]) if (sp.appId === app.appId) deleteServicePrincipal(directory, sp);
        return { status: 204 };
      },
    },
    {
      method: "GET",
      pattern: "/servicePrincipals",
      permissions: APP_READ,
      handler: (req) => {
        const sps = filterBy(
          req,
          visibleSps(),
          ["id", "appId", "displayName", "servicePrincipalType", "preferredSingleSignOnMode", "applicationTemplateId"],
          "ServicePrincipal",
        );
        return {
          status: 200,
          body: collectionPage(
            req,
            sps.map((s) => renderSp(s, req)),
            LIMITS,
            "servicePrincipals",
          ),
        };
      },
    },
    {
      method: "GET",
      pattern: "/servicePrincipals/{id}",
      permissions: APP_READ,
      handler: (req) => ({
        status: 200,
        body: { "@odata.context": `${contextUrl(req, "servicePrincipals")}/$entity`, ...renderSp(servicePrincipal(req.params.id ?? ""), req) },
      }),
    },
    {
      method: "PATCH",
      pattern: "/servicePrincipals/{id}",
      permissions: APP_WRITE,
      handler: (req) => {
        patchServicePrincipal(directory, servicePrincipal(req.params.id ?? ""), req.body);
        return { status: 204 };
      },
    },
    {
      method: "DELETE",
      pattern: "/servicePrincipals/{id}",
      permissions: APP_WRITE,
      handler: (req) => {
        deleteServicePrincipal(directory, servicePrincipal(req.params.id ?? ""));
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: "/servicePrincipals/{id}/addTokenSigningCertificate",
      permissions: APP_WRITE,
      handler: async (req) => {
        const certificate = await addTokenSigningCertificate(directory, servicePrincipal(req.params.id ?? ""), req.body, now());
        return { status: 200, body: { "@odata.context": `${req.baseUrl}/$metadata#microsoft.graph.selfSignedCertificate`, ...certificate } };
      },
    },
    {
      method: "GET",
      pattern: "/servicePrincipals/{id}/appRoleAssignedTo",
      permissions: ASSIGNMENT_READ,
      handler: (req) => {
        const sp = servicePrincipal(req.params.id ?? "");
        const assignments = [...directory.appRoleAssignments.values()].filter((a) => a.resourceId === sp.id).map(assignmentEntity);
        const value = filterBy(req, assignments, ["principalId", "appRoleId", "principalType"], "AppRoleAssignment").map((a) =>
          select(a, req, null, "microsoft.graph.appRoleAssignment"),
        );
        return { status: 200, body: collectionPage(req, value, LIMITS, `servicePrincipals('${sp.id}')/appRoleAssignedTo`) };
      },
    },
    // The app roles granted to one user or group, across every application.
    ...(["users", "groups"] as const).map((kind): GraphRoute => ({
      method: "GET",
      pattern: `/${kind}/{id}/appRoleAssignments`,
      permissions: PRINCIPAL_ASSIGNMENT_READ,
      handler: (req) => {
        const id = req.params.id ?? "";
        if (!(kind === "users" ? directory.users : directory.groups).has(id)) throw notFound(id);
        const assignments = [...directory.appRoleAssignments.values()].filter((a) => a.principalId === id).map(assignmentEntity);
        const value = filterBy(req, assignments, ["resourceId"], "AppRoleAssignment").map((a) => select(a, req, null, "microsoft.graph.appRoleAssignment"));
        return { status: 200, body: collectionPage(req, value, LIMITS, `${kind}('${id}')/appRoleAssignments`) };
      },
    })),
    {
      method: "POST",
      pattern: "/servicePrincipals/{id}/appRoleAssignedTo",
      permissions: ASSIGNMENT_WRITE,
      handler: (req) => {
        const sp = servicePrincipal(req.params.id ?? "");
        const assignment = assign(directory, sp, req.body, new Date(now()).toISOString());
        return {
          status: 201,
          body: { "@odata.context": `${req.baseUrl}/$metadata#servicePrincipals('${sp.id}')/appRoleAssignedTo/$entity`, ...assignmentEntity(assignment) },
        };
      },
    },
    {
      method: "DELETE",
      pattern: "/servicePrincipals/{id}/appRoleAssignedTo/{assignmentId}",
      permissions: ASSIGNMENT_WRITE,
      handler: (req) => {
        const sp = servicePrincipal(req.params.id ?? "");
        const assignment = directory.appRoleAssignments.get(req.params.assignmentId ?? "");
        if (!assignment || assignment.resourceId !== sp.id) throw notFound(req.params.assignmentId ?? "");
        directory.appRoleAssignments.delete(assignment.id);
        return { status: 204 };
      },
    },
  ];
}

function objectBody(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== "object" || Array.isArray(body)) throw new GraphError(400, "Request_BadRequest", "The request body must be a JSON object.");
  return body as Record<string, unknown>;
}

function invalidValue(property: string): GraphError {
  return new GraphError(400, "Request_BadRequest", `Invalid value specified for property '${property}' of resource 'Application'.`);
}

function isUri(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

function patchApplication(directory: EntraDirectory, app: Application, body: unknown): void {
  const patch = objectBody(body);
  const next = structuredClone({ displayName: app.displayName, identifierUris: app.identifierUris, web: app.web });
  for (const [key, value] of Object.entries(patch)) {
    if (key === "displayName") {
      if (typeof value !== "string" || !value.trim()) throw invalidValue(key);
      next.displayName = value;
    } else if (key === "identifierUris") {
      if (!Array.isArray(value) || !value.every(isUri)) throw invalidValue(key);
      const taken = [...directory.applications.values()].some((a) => a.id !== app.id && a.identifierUris.some((u) => value.includes(u)));
      if (taken) throw new GraphError(400, "Request_BadRequest", "Another object with the same value for property identifierUris already exists.");
      next.identifierUris = [...value];
    } else if (key === "web") {
      if (!value || typeof value !== "object") throw invalidValue(key);
      const web = value as Record<string, unknown>;
      if ("redirectUris" in web) {
        const uris = web.redirectUris;
        if (!Array.isArray(uris) || !uris.every(isUri)) throw invalidValue("web.redirectUris");
        next.web.redirectUris = [...uris];
      }
      for (const field of ["logoutUrl", "homePageUrl"] as const) {
        if (!(field in web)) continue;
        const v = web[field];
        if (v !== null && !isUri(v)) throw invalidValue(`web.${field}`);
        next.web[field] = v;
      }
    } else {
      throw new GraphError(400, "Request_BadRequest", `Property '${key}' is not supported for update by this simulator.`);
    }
  }
  Object.assign(app, next);
  directory.touch(app);
}

function patchServicePrincipal(directory: EntraDirectory, sp: ServicePrincipal, body: unknown): void {
  const patch = objectBody(body);
  const next: Partial<ServicePrincipal> = {};
  const invalid = (p: string) => new GraphError(400, "Request_BadRequest", `Invalid value specified for property '${p}' of resource 'ServicePrincipal'.`);
  for (const [key, value] of Object.entries(patch)) {
    switch (key) {
      case "preferredSingleSignOnMode":
        if (value !== null && (typeof value !== "string" || !SSO_MODES.has(value))) throw invalid(key);
        next.preferredSingleSignOnMode = value;
        break;
      case "preferredTokenSigningKeyThumbprint": {
        if (value !== null && typeof value !== "string") throw invalid(key);
        const known = value === null || [...directory.signingKeys.values()].some((k) => k.servicePrincipalId === sp.id && k.thumbprint === value.toUpperCase());
        if (!known)
          throw new GraphError(400, "Request_BadRequest", `No token signing certificate with thumbprint '${String(value)}' exists on this service principal.`);
        next.preferredTokenSigningKeyThumbprint = value === null ? null : value.toUpperCase();
        break;
      }
      case "samlSingleSignOnSettings": {
        const relayState = (value as { relayState?: unknown } | null)?.relayState;
        if (value !== null && (typeof value !== "object" || (relayState !== undefined && relayState !== null && typeof relayState !== "string")))
          throw invalid(key);
        next.samlSingleSignOnSettings = value === null ? null : { relayState: (relayState as string | null | undefined) ?? null };
        break;
      }
      case "loginUrl":
        if (value !== null && !isUri(value)) throw invalid(key);
        next.loginUrl = value;
        break;
      case "appRoleAssignmentRequired":
        if (typeof value !== "boolean") throw invalid(key);
        next.appRoleAssignmentRequired = value;
        break;
      case "displayName":
        if (typeof value !== "string" || !value.trim()) throw invalid(key);
        next.displayName = value;
        break;
      case "tags":
        if (!Array.isArray(value) || !value.every((t) => typeof t === "string")) throw invalid(key);
        next.tags = [...value];
        break;
      default:
        throw new GraphError(400, "Request_BadRequest", `Property '${key}' is not supported for update by this simulator.`);
    }
  }
  Object.assign(sp, next);
  directory.touch(sp);
}

function deleteServicePrincipal(directory: EntraDirectory, sp: ServicePrincipal): void {
  directory.servicePrincipals.delete(sp.id);
  for (const [id, a] of directory.appRoleAssignments) if (a.resourceId === sp.id) directory.appRoleAssignments.delete(id);
  for (const [id, k] of directory.signingKeys) if (k.servicePrincipalId === sp.id) directory.signingKeys.delete(id);
}

const DEFAULT_ACCESS_ROLE = "00000000-0000-0000-0000-000000000000";

function assign(directory: EntraDirectory, sp: ServicePrincipal, body: unknown, created: string): AppRoleAssignment {
  const input = objectBody(body);
  // Graph's ids are strings; any other value names nothing.
  const id = (v: unknown) => (typeof v === "string" ? v : "");
  const principalId = id(input.principalId);
  const resourceId = input.resourceId === undefined || input.resourceId === null ? sp.id : id(input.resourceId);
  const appRoleId = id(input.appRoleId);
  if (resourceId !== sp.id) throw new GraphError(400, "Request_BadRequest", "The resourceId must be the service principal the assignment is created on.");
  const user = directory.users.get(principalId);
  const group = directory.groups.get(principalId);
  const principalSp = directory.servicePrincipals.get(principalId);
  const principal = user ?? group ?? principalSp;
  if (!principal) throw notFound(principalId);
  const roleExists = sp.appRoles.some((r) => r.id === appRoleId && r.isEnabled) || (appRoleId === DEFAULT_ACCESS_ROLE && sp.appRoles.length === 0);
  if (!roleExists) throw new GraphError(400, "Request_BadRequest", `Permission being assigned was not found on application '${sp.appId}'.`);
  const duplicate = [...directory.appRoleAssignments.values()].some(
    (a) => a.resourceId === sp.id && a.principalId === principalId && a.appRoleId === appRoleId,
  );
  if (duplicate) throw new GraphError(400, "Request_BadRequest", "Permission being assigned already exists on the object.");
  const assignment: AppRoleAssignment = directory.touch({
    version: 0,
    // Graph's assignment ids are URL-safe base64 strings rather than GUIDs.
    id: randomBytes(32).toString("base64url").slice(0, 43),
    appRoleId,
    principalId,
    principalType: user ? "User" : group ? "Group" : "ServicePrincipal",
    principalDisplayName: principal.displayName,
    resourceId: sp.id,
    resourceDisplayName: sp.displayName,
    createdDateTime: created,
  });
  directory.appRoleAssignments.set(assignment.id, assignment);
  return assignment;
}
