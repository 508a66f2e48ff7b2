import type { IdentityStore, IdsGroup } from "../directory-store";
import { conflict, invalid, notFound } from "./errors";
import { externalIdOf, withScimExternalId } from "./external-id";
import { parseFilter, requireCombination } from "./filter";
import { groupToScim } from "./group-mapping";
import { pageOf } from "./paging";
import { parsePatch, parseValueFilter, type PatchOperation } from "./patch-op";
import { viaStore } from "./store-errors";
import type { Result } from "./users";
import { isObject, optionalString, requiredString, type Json } from "./validate";

// The /Groups operations. Membership changes are limited to 100 per request; PatchGroup refuses to
// replace the member list or remove every member at once, so clients must send explicit adds and
// removes.

export const MAX_MEMBER_CHANGES = 100;
const GROUP_FILTERS = [["displayName"], ["externalId"], ["id"], ["members"], ["members.value"], ["id", "members"], ["id", "members.value"]];

export function createGroup(store: IdentityStore, body: Json): Result {
  const displayName = requiredString(body, "displayName");
  const externalId = optionalString(body, "externalId");
  const members = memberIds(body.members);
  if (members.length > MAX_MEMBER_CHANGES) throw invalid(`A maximum of ${MAX_MEMBER_CHANGES} members can be added in a single request.`);
  requireUsers(store, members);
  if (store.findGroupByDisplayName(displayName)) throw conflict();
  const group = viaStore(() => store.createGroup({ DisplayName: displayName, ExternalIds: withScimExternalId(undefined, externalId) }));
  for (const userId of new Set(members)) store.addMember(group.GroupId, userId);
  return { status: 201, body: groupToScim(group) };
}

export function getGroup(store: IdentityStore, id: string): Result {
  return { status: 200, body: groupToScim(findGroup(store, id)) };
}

export function listGroups(store: IdentityStore, query: URLSearchParams): Result {
  const filterText = query.get("filter");
  let groups = [...store.groups.values()];
  if (filterText !== null) {
    const wanted = requireCombination(parseFilter(filterText), GROUP_FILTERS);
    const member = wanted.get("members") ?? wanted.get("members.value");
    if (member !== undefined && !store.users.has(member)) throw notFound(`User ${member} not found.`);
    groups = groups.filter((g) => {
      if (wanted.has("displayname") && g.DisplayName !== wanted.get("displayname")) return false;
      if (wanted.has("externalid") && externalIdOf(g.ExternalIds) !== wanted.get("externalid")) return false;
      if (wanted.has("id") && g.GroupId !== wanted.get("id")) return false;
      return member === undefined || store.findMembership(g.GroupId, member) !== undefined;
    });
  }
  return { status: 200, body: pageOf(groups, query, groupToScim) };
}

export function deleteGroup(store: IdentityStore, id: string): Result {
  findGroup(store, id);
  viaStore(() => store.deleteGroup(id));
  return { status: 204 };
}

type GroupPlan = { displayName?: string; externalId?: string | null; add: string[]; remove: string[] };

export function patchGroup(store: IdentityStore, id: string, body: Json): Result {
  const group = findGroup(store, id);
  const plan: GroupPlan = { add: [], remove: [] };
  for (const op of parsePatch(body)) planOperation(plan, op);
  if (plan.add.length + plan.remove.length > MAX_MEMBER_CHANGES) {
    throw invalid(`A maximum of ${MAX_MEMBER_CHANGES} membership changes are allowed in a single request.`);
  }
  requireUsers(store, plan.add);
  // Validated in full before anything changes, so a refused request leaves the group as it was.
  if (plan.displayName !== undefined || plan.externalId !== undefined) {
    const change: Partial<Pick<IdsGroup, "DisplayName" | "ExternalIds">> = {};
    if (plan.displayName !== undefined) change.DisplayName = plan.displayName;
    if (plan.externalId !== undefined) change.ExternalIds = withScimExternalId(group.ExternalIds, plan.externalId ?? undefined);
    viaStore(() => store.updateGroup(id, change));
  }
  for (const userId of new Set(plan.add)) if (!store.findMembership(id, userId)) store.addMember(id, userId);
  for (const userId of new Set(plan.remove)) store.removeMember(id, userId);
  return { status: 204 };
}

function planOperation(plan: GroupPlan, op: PatchOperation): void {
  if (op.path === undefined) {
    if (!isObject(op.value)) throw invalid();
    for (const [key, value] of Object.entries(op.value)) planOperation(plan, { op: op.op, path: key, value });
    return;
  }
  const path = op.path.trim();
  const lower = path.toLowerCase();
  if (lower === "displayname") {
    if (op.op === "remove") throw invalid("displayName is required.");
    plan.displayName = requiredString({ displayName: op.value }, "displayName");
  } else if (lower === "externalid") {
    plan.externalId = op.op === "remove" ? null : (optionalString({ externalId: op.value }, "externalId") ?? null);
  } else if (lower === "members") {
    if (op.op === "replace") throw invalid("Replacing group members is not supported.");
    if (op.op === "remove" && op.value === undefined) throw invalid("Removing all group members is not supported.");
    (op.op === "add" ? plan.add : plan.remove).push(...memberIds(op.value));
  } else if (lower.startsWith("members[")) {
    const m = /^members\[(.+)\]$/i.exec(path);
    if (!m || op.op !== "remove") throw invalid(`Invalid path: ${path}`);
    const filter = parseValueFilter(m[1] as string);
    if (filter.attribute !== "value" || typeof filter.value !== "string") throw invalid(`Invalid path: ${path}`);
    plan.remove.push(filter.value);
  } else {
    throw invalid("Only displayName, members, and externalId attributes are allowed in the request.");
  }
}

function memberIds(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.map((m: unknown) => {
    if (!isObject(m) || typeof m.value !== "string" || m.value === "") throw invalid("Each member needs a value.");
    return m.value;
  });
}

function requireUsers(store: IdentityStore, ids: string[]): void {
  for (const id of ids) if (!store.users.has(id)) throw invalid(`Member ${id} does not exist.`);
}

function findGroup(store: IdentityStore, id: string): IdsGroup {
  const group = store.groups.get(id);
  if (!group) throw notFound(`Group ${id} not found.`);
  return group;
}
