import { EntraDirectory, type GraphGroup } from "../directory";
import { findGroup, notFound, renderGroup } from "./directory-objects";
import { contextUrl } from "./odata";
import type { Replication } from "./replication";
import { GraphError, type GraphCaller, type GraphRequest, type GraphRoute } from "./routes";

// Writes to groups as Graph v1.0 documents them for application callers: create a security group
// (POST /groups), update it or bind up to 20 members in one PATCH, add one member through
// members/$ref, remove one through members/{id}/$ref, delete the group. A group just created can
// still refuse members for a short while, as a replica that has not seen it yet does; callers
// have to retry, as against Entra.

// Least privileged first, as the permissions tables of each operation list them.
const CREATE = ["Group.Create", "Group.ReadWrite.All", "Directory.ReadWrite.All"];
const MEMBER_WRITE = ["GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All"];
const GROUP_WRITE = ["Group.ReadWrite.All", "Directory.ReadWrite.All"];
const MAX_BIND = 20;
const LIMITS = { displayName: 256, description: 1024, mailNickname: 64 };
// Characters Entra refuses in a mailNickname (besides anything outside ASCII).
const NICKNAME_FORBIDDEN = /[@()\\[\]";:<>,\s]/;
const UPDATABLE = new Set(["displayName", "description", "mailNickname", "members@odata.bind"]);

export function groupWriteRoutes(ctx: { directory: EntraDirectory; replication: Replication; now?: () => number }): GraphRoute[] {
  const { directory, replication } = ctx;
  const now = ctx.now ?? Date.now;

  /** Member ids from `@odata.id` URLs, checked all at once: Graph adds none when one is wrong. */
  const memberIdsFrom = (group: GraphGroup, urls: unknown[]): string[] => {
    const ids = urls.map(referencedId);
    for (const id of ids) {
      if (!directory.users.has(id) && !directory.groups.has(id)) throw notFound(id);
      if (id === group.id) throw new GraphError(400, "Request_BadRequest", "A group cannot be a member of itself.");
    }
    const current = new Set(group.members);
    if (ids.some((id) => current.has(id)) || new Set(ids).size !== ids.length)
      throw new GraphError(400, "Request_BadRequest", "One or more added object references already exist for the following modified properties: 'members'.");
    return ids;
  };

  const writableGroup = (id: string): GraphGroup => {
    const group = findGroup(directory, id);
    if (!replication.visible(group.id))
      throw new GraphError(400, "Request_BadRequest", "The source resource object or one of the objects being referenced do not exist.");
    if (group.groupTypes.includes("DynamicMembership"))
      throw new GraphError(
        400,
        "Request_BadRequest",
        "Insufficient privileges to complete the operation: the members of a group with dynamic membership cannot be changed.",
      );
    return group;
  };

  return [
    {
      method: "POST",
      pattern: "/groups",
      permissions: CREATE,
      handler: (req) => {
        const body = objectBody(req);
        const displayName = requiredString(body, "displayName", LIMITS.displayName);
        const mailNickname = nickname(requiredString(body, "mailNickname", LIMITS.mailNickname));
        const mailEnabled = requiredBoolean(body, "mailEnabled");
        const securityEnabled = requiredBoolean(body, "securityEnabled");
        const groupTypes = stringArray(body.groupTypes, "groupTypes");
        const unified = groupTypes.includes("Unified");
        if (mailEnabled && !unified)
          throw new GraphError(
            400,
            "Request_BadRequest",
            "Only security groups or Microsoft 365 groups can be created: mail-enabled security groups and distribution lists cannot.",
          );
        if (!securityEnabled && !unified)
          throw new GraphError(400, "Request_BadRequest", "A group that is not a Microsoft 365 group must be security enabled.");
        const description = optionalString(body, "description", LIMITS.description);
        const binds = bindList(body);
        const group: GraphGroup = directory.touch({
          id: EntraDirectory.newId(),
          displayName,
          description,
          mailNickname,
          mailEnabled,
          securityEnabled,
          groupTypes,
          createdDateTime: new Date(now()).toISOString().replace(/\.\d+Z$/, "Z"),
          members: [],
          version: 0,
        });
        group.members = binds.length > 0 ? memberIdsFrom(group, binds) : [];
        directory.groups.set(group.id, group);
        replication.created(group.id);
        return {
          status: 201,
          body: { "@odata.context": `${contextUrl(req, "groups")}/$entity`, ...renderGroup(group, directory, { query: new URLSearchParams() }) },
        };
      },
    },
    {
      method: "PATCH",
      pattern: "/groups/{id}",
      permissions: MEMBER_WRITE,
      handler: (req) => {
        const body = objectBody(req);
        const unknown = Object.keys(body).filter((k) => !UPDATABLE.has(k));
        if (unknown.length > 0)
          throw new GraphError(400, "Request_BadRequest", `Property '${unknown[0]}' is read-only or does not exist on microsoft.graph.group.`);
        const properties = Object.keys(body).filter((k) => k !== "members@odata.bind");
        // Members alone need only GroupMember.ReadWrite.All; the group's own properties need more.
        if (properties.length > 0) requireOneOf(req.caller, GROUP_WRITE);
        const group = "members@odata.bind" in body ? writableGroup(req.params.id ?? "") : findGroup(directory, req.params.id ?? "");
        const added = "members@odata.bind" in body ? memberIdsFrom(group, bindList(body)) : [];
        const displayName = "displayName" in body ? requiredString(body, "displayName", LIMITS.displayName) : group.displayName;
        const description = "description" in body ? optionalString(body, "description", LIMITS.description) : group.description;
        const mailNickname = "mailNickname" in body ? nickname(requiredString(body, "mailNickname", LIMITS.mailNickname)) : group.mailNickname;
        directory.touch(Object.assign(group, { displayName, description, mailNickname, members: [...group.members, ...added] }));
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: "/groups/{id}/members/$ref",
      permissions: MEMBER_WRITE,
      handler: (req) => {
        const group = writableGroup(req.params.id ?? "");
        const body = objectBody(req);
        const added = memberIdsFrom(group, [body["@odata.id"]]);
        directory.touch(Object.assign(group, { members: [...group.members, ...added] }));
        return { status: 204 };
      },
    },
    {
      method: "DELETE",
      pattern: "/groups/{id}/members/{memberId}/$ref",
      permissions: MEMBER_WRITE,
      handler: (req) => {
        const group = writableGroup(req.params.id ?? "");
        const memberId = req.params.memberId ?? "";
        if (!group.members.includes(memberId)) throw notFound(memberId);
        directory.touch(Object.assign(group, { members: group.members.filter((m) => m !== memberId) }));
        return { status: 204 };
      },
    },
    {
      method: "DELETE",
      pattern: "/groups/{id}",
      permissions: GROUP_WRITE,
      handler: (req) => {
        directory.remove("group", findGroup(directory, req.params.id ?? "").id);
        return { status: 204 };
      },
    },
  ];
}

function requireOneOf(caller: GraphCaller, permissions: string[]): void {
  if (!permissions.some((p) => caller.roles.includes(p)))
    throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
}

function objectBody(req: GraphRequest): Record<string, unknown> {
  if (!req.body || typeof req.body !== "object" || Array.isArray(req.body)) throw new GraphError(400, "BadRequest", "Empty Payload. JSON content expected.");
  return req.body as Record<string, unknown>;
}

function requiredString(body: Record<string, unknown>, name: string, max: number): string {
  const value = body[name];
  if (typeof value !== "string" || value.trim() === "")
    throw new GraphError(400, "Request_BadRequest", `Invalid value specified for property '${name}' of resource 'Group'.`);
  if (value.length > max)
    throw new GraphError(400, "Request_BadRequest", `Invalid value specified for property '${name}' of resource 'Group': longer than ${max} characters.`);
  return value;
}

function optionalString(body: Record<string, unknown>, name: string, max: number): string | null {
  const value = body[name];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string" || value.length > max)
    throw new GraphError(400, "Request_BadRequest", `Invalid value specified for property '${name}' of resource 'Group'.`);
  return value;
}

function requiredBoolean(body: Record<string, unknown>, name: string): boolean {
  const value = body[name];
  if (typeof value !== "boolean") throw new GraphError(400, "Request_BadRequest", `Invalid value specified for property '${name}' of resource 'Group'.`);
  return value;
}

function stringArray(value: unknown, name: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw new GraphError(400, "Request_BadRequest", `Invalid value specified for property '${name}' of resource 'Group'.`);
  return value as string[];
}

function nickname(value: string): string {
  // Entra takes ASCII only.
  if (NICKNAME_FORBIDDEN.test(value) || [...value].some((c) => c.charCodeAt(0) > 127))
    throw new GraphError(400, "Request_BadRequest", "Invalid value specified for property 'mailNickname' of resource 'Group'.");
  return value;
}

function bindList(body: Record<string, unknown>): unknown[] {
  const binds = body["members@odata.bind"];
  if (binds === undefined) return [];
  if (!Array.isArray(binds)) throw new GraphError(400, "BadRequest", "The value of 'members@odata.bind' must be an array of directory object URLs.");
  if (binds.length > MAX_BIND)
    throw new GraphError(400, "Request_BadRequest", `A maximum of ${MAX_BIND} members can be added in a single request; ${binds.length} were given.`);
  return binds;
}

/** The id at the end of a directoryObjects (or users, groups) URL. */
function referencedId(url: unknown): string {
  const match = typeof url === "string" ? /\/(?:directoryObjects|users|groups)\/([^/?#]+)$/.exec(url) : null;
  if (!match) throw new GraphError(400, "BadRequest", `Invalid URL format specified in @odata.bind for members: ${String(url)}`);
  return decodeURIComponent(match[1] as string);
}
