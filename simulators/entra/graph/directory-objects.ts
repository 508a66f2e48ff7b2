import type { EntraDirectory, GraphGroup, GraphUser } from "../directory";
import { GraphError, type GraphRequest } from "./routes";
import { select, type Entity } from "./odata";

// Users and groups as Graph v1.0 renders them: the full object for $select, the type's default
// property set otherwise, and @odata.type on members of mixed collections.

export const USER_DEFAULTS = [
  "businessPhones",
  "displayName",
  "givenName",
  "jobTitle",
  "mail",
  "mobilePhone",
  "officeLocation",
  "preferredLanguage",
  "surname",
  "userPrincipalName",
  "id",
] as const;

export const USER_FILTERABLE = new Set([
  "id",
  "displayName",
  "userPrincipalName",
  "mail",
  "givenName",
  "surname",
  "accountEnabled",
  "userType",
  "mailNickname",
  "jobTitle",
  "department",
]);
export const GROUP_FILTERABLE = new Set(["id", "displayName", "mailNickname", "mail", "securityEnabled", "mailEnabled"]);

export function userEntity(user: GraphUser): Entity {
  const { version: _version, ...rest } = user;
  return { businessPhones: [], mobilePhone: null, officeLocation: null, preferredLanguage: null, ...rest };
}

export function groupEntity(group: GraphGroup, directory: EntraDirectory): Entity {
  const { version: _version, members: _members, ...rest } = group;
  return {
    ...rest,
    mail: group.mailEnabled ? `${group.mailNickname}@${directory.domain}` : null,
    visibility: null,
    deletedDateTime: null,
  };
}

export function renderUser(user: GraphUser, req: Pick<GraphRequest, "query">, strict = true): Entity {
  return select(userEntity(user), req, USER_DEFAULTS, "microsoft.graph.user", strict);
}

export function renderGroup(group: GraphGroup, directory: EntraDirectory, req: Pick<GraphRequest, "query">, strict = true): Entity {
  return select(groupEntity(group, directory), req, null, "microsoft.graph.group", strict);
}

/** A member of a group: a user or a nested group, tagged with its type. */
export function renderMember(id: string, directory: EntraDirectory, req: Pick<GraphRequest, "query">): Entity | null {
  const user = directory.users.get(id);
  if (user) return { "@odata.type": "#microsoft.graph.user", ...renderUser(user, req, false) };
  const group = directory.groups.get(id);
  if (group) return { "@odata.type": "#microsoft.graph.group", ...renderGroup(group, directory, req, false) };
  return null;
}

export function findUser(directory: EntraDirectory, idOrUpn: string): GraphUser {
  const user = directory.users.get(idOrUpn) ?? [...directory.users.values()].find((u) => u.userPrincipalName.toLowerCase() === idOrUpn.toLowerCase());
  if (!user) throw notFound(idOrUpn);
  return user;
}

export function findGroup(directory: EntraDirectory, id: string): GraphGroup {
  const group = directory.groups.get(id);
  if (!group) throw notFound(id);
  return group;
}

export function notFound(id: string): GraphError {
  return new GraphError(404, "Request_ResourceNotFound", `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
}
