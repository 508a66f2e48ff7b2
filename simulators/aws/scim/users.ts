import type { IdentityStore, IdsUser } from "../directory-store";
import { conflict, notFound } from "./errors";
import { externalIdOf } from "./external-id";
import { parseFilter, requireCombination } from "./filter";
import { pageOf } from "./paging";
import { parsePatch } from "./patch-op";
import { viaStore } from "./store-errors";
import { applyUserPatch } from "./user-patch";
import { userFromScim, userToScim } from "./user-mapping";
import type { Json } from "./validate";

// The /Users operations over the shared identity store.

export type Result = { status: number; body?: unknown };

// ListUsers filter combinations documented for IAM Identity Center; `id` alone is allowed too.
const USER_FILTERS = [["userName"], ["externalId"], ["groups.value"], ["id"], ["id", "manager"]];

export function createUser(store: IdentityStore, body: Json): Result {
  const fields = userFromScim(body);
  if (store.findUserByUserName(fields.UserName)) throw conflict();
  const user = viaStore(() => store.createUser(fields));
  return { status: 201, body: userToScim(user) };
}

export function getUser(store: IdentityStore, id: string): Result {
  return { status: 200, body: userToScim(findUser(store, id)) };
}

export function listUsers(store: IdentityStore, query: URLSearchParams): Result {
  const filterText = query.get("filter");
  let users = [...store.users.values()];
  if (filterText !== null) {
    const wanted = requireCombination(parseFilter(filterText), USER_FILTERS);
    users = users.filter((u) => matches(store, u, wanted));
  }
  return { status: 200, body: pageOf(users, query, userToScim) };
}

export function replaceUser(store: IdentityStore, id: string, body: Json): Result {
  const existing = findUser(store, id);
  const fields = userFromScim(body, existing);
  return { status: 200, body: userToScim(writeUser(store, existing, fields)) };
}

export function patchUser(store: IdentityStore, id: string, body: Json): Result {
  const existing = findUser(store, id);
  const patched = applyUserPatch(userToScim(existing), parsePatch(body));
  const fields = userFromScim(patched, existing);
  return { status: 200, body: userToScim(writeUser(store, existing, fields)) };
}

export function deleteUser(store: IdentityStore, id: string): Result {
  findUser(store, id);
  viaStore(() => store.deleteUser(id));
  return { status: 204 };
}

function writeUser(store: IdentityStore, existing: IdsUser, fields: ReturnType<typeof userFromScim>): IdsUser {
  // Attributes absent from the new representation are cleared, as a SCIM replace requires.
  const cleared: Partial<IdsUser> = {};
  for (const key of Object.keys(existing) as (keyof IdsUser)[]) {
    if (!["UserId", "IdentityStoreId", "CreatedAt", "UpdatedAt"].includes(key) && !(key in fields)) cleared[key] = undefined;
  }
  return viaStore(() => store.updateUser(existing.UserId, { ...cleared, ...fields }));
}

function findUser(store: IdentityStore, id: string): IdsUser {
  const user = store.users.get(id);
  if (!user) throw notFound(`User ${id} not found.`);
  return user;
}

function matches(store: IdentityStore, u: IdsUser, wanted: Map<string, string>): boolean {
  for (const [attribute, value] of wanted) {
    const ok =
      attribute === "username"
        ? u.UserName.toLowerCase() === value.toLowerCase()
        : attribute === "externalid"
          ? externalIdOf(u.ExternalIds) === value
          : attribute === "id"
            ? u.UserId === value
            : attribute === "groups.value"
              ? store.findMembership(value, u.UserId) !== undefined
              : attribute === "manager"
                ? managerOf(u) === value
                : false;
    if (!ok) return false;
  }
  return true;
}

function managerOf(u: IdsUser): string | undefined {
  const manager = u.Enterprise?.manager;
  if (typeof manager === "string") return manager;
  if (manager && typeof manager === "object" && "value" in manager) return String(manager.value);
  return undefined;
}
