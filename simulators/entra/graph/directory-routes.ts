import type { EntraDirectory } from "../directory";
import { DeltaTracker } from "./delta";
import { findGroup, findUser, GROUP_FILTERABLE, renderGroup, renderMember, renderUser, USER_FILTERABLE } from "./directory-objects";
import { collectionPage, contextUrl, parseFilter, type Entity } from "./odata";
import { GraphError, type GraphRequest, type GraphRoute } from "./routes";
import { searchPredicate } from "./search";

// GET routes for users, groups and group membership, including delta queries. Permissions follow
// the Graph reference for application callers (least privileged first).

const USER_READ = ["User.Read.All", "User.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const GROUP_READ = ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"];
const LIMITS = { defaultTop: 100, maxTop: 999 };
const SEARCHABLE = new Set(["displayName", "description", "mail", "userPrincipalName", "mailNickname", "givenName", "surname"]);

export function directoryRoutes(ctx: { directory: EntraDirectory }): GraphRoute[] {
  const { directory } = ctx;
  const delta = new DeltaTracker(directory);

  const filtered = <T extends Entity>(req: GraphRequest, items: T[], allowed: Set<string>, resource: string): T[] => {
    const expr = req.query.get("$filter");
    const search = searchPredicate(req, SEARCHABLE);
    const keep = expr ? parseFilter(expr, allowed, resource) : null;
    return items.filter((i) => (!keep || keep(i)) && (!search || search(i)));
  };

  const members = (req: GraphRequest, ids: string[]) => {
    if (req.query.get("$filter"))
      throw new GraphError(400, "Request_UnsupportedQuery", "Filtering group members needs advanced query parameters, which this simulator does not offer.");
    const value = ids.map((id) => renderMember(id, directory, req)).filter((m): m is Entity => m !== null);
    return { status: 200, body: collectionPage(req, value, LIMITS, "directoryObjects") };
  };

  return [
    {
      method: "GET",
      pattern: "/users",
      permissions: USER_READ,
      handler: (req) => {
        // Filter on the full objects so properties outside the default set can be filtered on too.
        const users = filtered(req, [...directory.users.values()], USER_FILTERABLE, "User");
        const value = users.map((u) => renderUser(u, req));
        return { status: 200, body: collectionPage(req, value, LIMITS, "users") };
      },
    },
    {
      method: "GET",
      pattern: "/users/delta",
      permissions: USER_READ,
      handler: (req) => ({ status: 200, body: delta.page(req, "users") }),
    },
    {
      method: "GET",
      pattern: "/users/{id}",
      permissions: USER_READ,
      handler: (req) => ({
        status: 200,
        body: { "@odata.context": `${contextUrl(req, "users")}/$entity`, ...renderUser(findUser(directory, req.params.id ?? ""), req) },
      }),
    },
    {
      method: "GET",
      pattern: "/groups",
      permissions: GROUP_READ,
      handler: (req) => {
        const groups = filtered(req, [...directory.groups.values()], GROUP_FILTERABLE, "Group");
        const value = groups.map((g) => renderGroup(g, directory, req));
        return { status: 200, body: collectionPage(req, value, LIMITS, "groups") };
      },
    },
    {
      method: "GET",
      pattern: "/groups/delta",
      permissions: GROUP_READ,
      handler: (req) => ({ status: 200, body: delta.page(req, "groups") }),
    },
    {
      method: "GET",
      pattern: "/groups/{id}",
      permissions: GROUP_READ,
      handler: (req) => ({
        status: 200,
        body: { "@odata.context": `${contextUrl(req, "groups")}/$entity`, ...renderGroup(findGroup(directory, req.params.id ?? ""), directory, req) },
      }),
    },
    {
      method: "GET",
      pattern: "/groups/{id}/members",
      permissions: GROUP_READ,
      handler: (req) => members(req, findGroup(directory, req.params.id ?? "").members),
    },
    {
      method: "GET",
      pattern: "/groups/{id}/transitiveMembers",
      permissions: GROUP_READ,
      handler: (req) => members(req, directory.transitiveMembers(findGroup(directory, req.params.id ?? "").id)),
    },
  ];
}
