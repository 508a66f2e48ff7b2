import type { IdentityStore } from "../directory-store";
import { invalid, notFound } from "./errors";
import { resourceTypes, schemas, serviceProviderConfig } from "./discovery";
import { createGroup, deleteGroup, getGroup, listGroups, patchGroup } from "./groups";
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser, type Result } from "./users";
import type { Json } from "./validate";

// Maps a request under /<tenant>/scim/v2 to its fault-route name and its operation.

export type ScimRequest = { store: IdentityStore; query: URLSearchParams; body: () => Json };
export type Route = { name: string; run: (r: ScimRequest) => Result };

const unsupported = () => {
  throw invalid("The operation is not supported.");
};

export function resolveRoute(method: string, segments: string[]): Route {
  const [collection, id, extra] = segments;
  const template = `/${collection ?? ""}${id !== undefined ? "/{id}" : ""}`;
  const name = `scim:${method} ${extra === undefined ? template : `/${segments.join("/")}`}`;
  const route = (run: Route["run"]): Route => ({ name, run });
  const missing = () =>
    route(() => {
      throw notFound("The requested endpoint does not exist.");
    });
  // `/.search` is SCIM's POST search, which IAM Identity Center does not offer on any collection.
  if (extra !== undefined || id === ".search") return missing();

  switch (collection) {
    case "Users":
      if (id === undefined) {
        if (method === "POST") return route((r) => createUser(r.store, r.body()));
        if (method === "GET") return route((r) => listUsers(r.store, r.query));
        return route(unsupported);
      }
      if (method === "GET") return route((r) => getUser(r.store, id));
      if (method === "PUT") return route((r) => replaceUser(r.store, id, r.body()));
      if (method === "PATCH") return route((r) => patchUser(r.store, id, r.body()));
      if (method === "DELETE") return route((r) => deleteUser(r.store, id));
      return route(unsupported);
    case "Groups":
      if (id === undefined) {
        if (method === "POST") return route((r) => createGroup(r.store, r.body()));
        if (method === "GET") return route((r) => listGroups(r.store, r.query));
        return route(unsupported);
      }
      // There is no PutGroup in IAM Identity Center: groups change only through PATCH.
      if (method === "GET") return route((r) => getGroup(r.store, id));
      if (method === "PATCH") return route((r) => patchGroup(r.store, id, r.body()));
      if (method === "DELETE") return route((r) => deleteGroup(r.store, id));
      return route(unsupported);
    case "ServiceProviderConfig":
      if (id !== undefined) return missing();
      return method === "GET" ? route(() => ({ status: 200, body: serviceProviderConfig() })) : route(unsupported);
    case "Schemas":
      return method === "GET" ? route(() => ({ status: 200, body: schemas(id) })) : route(unsupported);
    case "ResourceTypes":
      return method === "GET" ? route(() => ({ status: 200, body: resourceTypes(id) })) : route(unsupported);
    default:
      // /Me, /Bulk, /Search and anything else are not part of IAM Identity Center's SCIM API.
      return missing();
  }
}
