import { GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { readListingsInBatches } from "./graph-batch";
import { latestDeltaLink, readDeltaRound } from "./graph-delta";
import { graphError } from "./graph-errors";
import { graphPages, odataString, parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";
import { changedScopeUser, graphUser, scopeUser, USER_SELECT, type ScopeUserAttributes } from "./scope-user";

// The enterprise app's provisioning scope as Entra's provisioning sees it, read page by page: the
// users and groups assigned to the app, the direct members of assigned groups (in scope), and the
// members only nesting reaches (never provisioned), each user with the attributes the AWS mapping
// reads. The largest pages Graph allows, and a group's transitive members only when it nests groups.
//
// Given the scope a previous read kept, with the delta links taken when it began, only what changed
// is read again: the assignments (Graph offers no delta for them), the users and groups changed
// since (delta queries), and the members of the assigned groups that changed or nest one that did.

/** How a user reaches the app: assigned to it, a direct member of an assigned group, or only through a nested group (which Entra never provisions). */
export type Reach = "assigned" | "member" | "nested";

export type EntraUser = {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  givenName: string | null;
  surname: string | null;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  accountEnabled: boolean;
  /** a guest (userType Guest), whose user name Entra makes from their home address */
  guest: boolean;
  reach: Reach;
};

export type EntraGroup = { id: string; displayName: string };

/** A group's member as the app's scope has it: direct members are provisioned, nested ones never. */
export type EntraMembership = { groupId: string; userId: string; nested: boolean };

export type EntraScope = { users: EntraUser[]; groups: EntraGroup[]; memberships: EntraMembership[] };

export type DeltaLinks = { users: string; groups: string };

/** A scope as a read left it, to read only what changed since its delta links. */
export type StoredScope = {
  users: Map<string, ScopeUserAttributes>;
  groups: Map<string, { displayName: string; nestedGroups: string[] }>;
  members: Map<string, { userId: string; nested: boolean }[]>;
  deltaLinks: DeltaLinks;
};

export type ScopeReading = {
  scope: EntraScope;
  /** per group read, the groups nested in it at any depth */
  nestedGroups: Map<string, string[]>;
  deltaLinks: DeltaLinks;
  /** read from a stored scope and the changes since it, rather than whole */
  changesOnly: boolean;
};

export type ScopeProgress = {
  /** awaited before each round trip with the number of requests it makes (a $batch makes several) */
  beforeRequest: (requests: number) => Promise<void>;
  onObjects: (count: number) => void;
};

// Graph's largest page for directory objects and app role assignments, and its limit on values in one `in` filter.
const PAGE = 999;
const IDS_PER_FILTER = 15;
const USERS_DELTA = `/users/delta?${USER_SELECT}`;
const GROUPS_DELTA = "/groups/delta?$select=displayName,members";
const GRAPH_GROUP = "#microsoft.graph.group";
const GRAPH_USER = "#microsoft.graph.user";

const assignment = z.object({ principalId: z.string(), principalType: z.string().nullish() });
const group = z.object({ id: z.string(), displayName: z.string().nullish() });
const member = z.union([graphUser.extend({ "@odata.type": z.literal(GRAPH_USER) }), z.object({ "@odata.type": z.string(), id: z.string() }).loose()]);

/** `id in (…)` filters, URL-encoded, covering the ids in as few as Graph allows. */
function inFilters(ids: string[]): string[] {
  const filters: string[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_FILTER)
    filters.push(
      encodeURIComponent(
        `id in (${ids
          .slice(i, i + IDS_PER_FILTER)
          .map(odataString)
          .join(",")})`,
      ),
    );
  return filters;
}

/** One Entra user with the attributes the AWS mapping reads; null when Entra has no user with that id. */
export async function readEntraUser(session: GraphSession, id: string): Promise<ScopeUserAttributes | null> {
  try {
    const body: unknown = await session.client.api(`/users/${encodeURIComponent(id)}?${USER_SELECT}`).get();
    return scopeUser(parseGraph(graphUser, body, "a user"));
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return null;
    throw graphError(e, "read a user from Entra");
  }
}

/** How many pages the list of all the tenant's groups takes: one request, counted by Graph (an advanced query). */
async function allGroupsPages(session: GraphSession, progress: ScopeProgress): Promise<number> {
  await progress.beforeRequest(1);
  const body: unknown = await session.client.api("/groups?$count=true&$top=1&$select=id").header("ConsistencyLevel", "eventual").get();
  const count = parseGraph(z.object({ "@odata.count": z.number() }).loose(), body, "the number of groups")["@odata.count"];
  return Math.max(1, Math.ceil(count / PAGE));
}

type Found = { userId: string; nested: boolean };
type GroupRead = { found: Found[]; direct: Set<string>; nestedGroups: Set<string> };
type ScopeChanges = {
  users: Map<string, Record<string, unknown>>;
  removedUsers: Set<string>;
  groups: Set<string>;
  removedGroups: Set<string>;
  groupNames: Map<string, string>;
  deltaLinks: DeltaLinks;
};

export async function readProvisioningScope(
  session: GraphSession,
  servicePrincipalId: string,
  progress: ScopeProgress,
  stored: StoredScope | null = null,
): Promise<ScopeReading> {
  const one = () => progress.beforeRequest(1);
  try {
    // What changed since the stored scope; without one, or when its links expired, links from now for the next read.
    const changes = stored ? await changesSince(session, stored.deltaLinks, progress) : null;
    const base = changes ? stored : null;
    const deltaLinks = changes?.deltaLinks ?? {
      users: await latestDeltaLink(session, USERS_DELTA, one),
      groups: await latestDeltaLink(session, GROUPS_DELTA, one),
    };

    const assignedUsers: string[] = [];
    const assignedGroups: string[] = [];
    const assignments = `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo?$select=principalId,principalType&$top=${PAGE}`;
    for await (const items of graphPages(session, assignments, assignment, "the app's assignments", one)) {
      for (const a of items) {
        if (a.principalType === "User") assignedUsers.push(a.principalId);
        else if (a.principalType === "Group") assignedGroups.push(a.principalId);
      }
      progress.onObjects(items.length);
    }

    // Groups' names as they are now (an assignment keeps the name the group had when it was made).
    const names = new Map<string, string>();
    if (base && changes)
      for (const id of assignedGroups) {
        const name = changes.groupNames.get(id) ?? base.groups.get(id)?.displayName;
        if (name !== undefined) names.set(id, name);
      }
    await readGroupNames(
      session,
      assignedGroups.filter((id) => !names.has(id)),
      names,
      progress,
    );
    // A group no listing names was deleted since it was assigned, as was one the changes say is.
    let groups: EntraGroup[] = assignedGroups.flatMap((id) =>
      names.has(id) && !changes?.removedGroups.has(id) ? [{ id, displayName: names.get(id) as string }] : [],
    );

    // A group is read again unless it, and every group nested in it, is unchanged since the stored scope.
    const unchanged = (id: string) => {
      const known = base?.groups.get(id);
      return !!known && !!changes && !changes.groups.has(id) && !known.nestedGroups.some((n) => changes.groups.has(n));
    };
    const { read, deleted, members } = await readGroupMembers(
      session,
      groups.filter((g) => !unchanged(g.id)).map((g) => g.id),
      progress,
    );

    const users = new Map<string, EntraUser>();
    const memberships: EntraMembership[] = [];
    const nestedGroups = new Map<string, string[]>();
    // A user keeps the closest way it reaches the app.
    const rank: Record<Reach, number> = { assigned: 0, member: 1, nested: 2 };
    const keep = (u: ScopeUserAttributes, reach: Reach) => {
      const known = users.get(u.id);
      if (known && rank[known.reach] <= rank[reach]) return;
      users.set(u.id, { ...u, reach });
    };
    const storedUser = (id: string): ScopeUserAttributes | null => {
      const known = base?.users.get(id);
      if (!known || !changes || changes.removedUsers.has(id)) return null;
      const changed = changes.users.get(id);
      return changed ? changedScopeUser(known, changed) : known;
    };
    for (const g of groups) {
      const fresh = read.get(g.id);
      if (fresh) {
        for (const f of fresh.found) {
          keep(members.get(f.userId) as ScopeUserAttributes, f.nested ? "nested" : "member");
          memberships.push({ groupId: g.id, userId: f.userId, nested: f.nested });
        }
        nestedGroups.set(g.id, [...fresh.nestedGroups]);
      } else if (base && unchanged(g.id)) {
        for (const m of base.members.get(g.id) ?? []) {
          const u = storedUser(m.userId);
          if (!u) continue;
          keep(u, m.nested ? "nested" : "member");
          memberships.push({ groupId: g.id, userId: m.userId, nested: m.nested });
        }
        nestedGroups.set(g.id, base.groups.get(g.id)?.nestedGroups ?? []);
      }
    }
    if (deleted.size > 0) groups = groups.filter((g) => !deleted.has(g.id));

    // Assigned users the groups did not bring: as stored, else read by id, fifteen to a request.
    for (const id of assignedUsers) {
      const known = users.get(id) ?? storedUser(id);
      if (known) keep(known, "assigned");
    }
    for (const ids of inFilters(assignedUsers.filter((id) => !users.has(id)))) {
      for await (const items of graphPages(session, `/users?$filter=${ids}&${USER_SELECT}&$top=${PAGE}`, graphUser, "assigned users", one)) {
        for (const u of items) keep(scopeUser(u), "assigned");
        progress.onObjects(items.length);
      }
    }
    return { scope: { users: [...users.values()], groups, memberships }, nestedGroups, deltaLinks, changesOnly: base !== null };
  } catch (e) {
    throw graphError(e, "read the enterprise app's provisioning scope");
  }
}

/** Every user and group changed since the links, or null when Graph no longer keeps them. */
async function changesSince(session: GraphSession, links: DeltaLinks, progress: ScopeProgress): Promise<ScopeChanges | null> {
  const one = () => progress.beforeRequest(1);
  const users = await readDeltaRound(session, links.users, "users changed since the last scan", one, progress.onObjects);
  if (users === "expired") return null;
  const groups = await readDeltaRound(session, links.groups, "groups changed since the last scan", one, progress.onObjects);
  if (groups === "expired") return null;
  const changes: ScopeChanges = {
    users: new Map(),
    removedUsers: new Set(),
    groups: new Set(),
    removedGroups: new Set(),
    groupNames: new Map(),
    deltaLinks: { users: users.deltaLink, groups: groups.deltaLink },
  };
  for (const u of users.items) {
    const id = u.id as string;
    if (u["@removed"]) changes.removedUsers.add(id);
    else changes.users.set(id, u);
  }
  for (const g of groups.items) {
    const id = g.id as string;
    changes.groups.add(id);
    if (g["@removed"]) changes.removedGroups.add(id);
    else if (typeof g.displayName === "string") changes.groupNames.set(id, g.displayName);
  }
  return changes;
}

/** Groups' current names by id, fifteen to a request, or from the list of all groups when that takes fewer requests. */
async function readGroupNames(session: GraphSession, ids: string[], names: Map<string, string>, progress: ScopeProgress): Promise<void> {
  if (ids.length === 0) return;
  const wanted = new Set(ids);
  const filters = inFilters(ids);
  const listAll = ids.length > IDS_PER_FILTER * 2 && (await allGroupsPages(session, progress)) < filters.length - 1;
  const paths = listAll ? [`/groups?$select=id,displayName&$top=${PAGE}`] : filters.map((f) => `/groups?$filter=${f}&$select=id,displayName&$top=${PAGE}`);
  for (const path of paths) {
    for await (const items of graphPages(session, path, group, "assigned groups", () => progress.beforeRequest(1))) {
      for (const g of items) if (wanted.has(g.id)) names.set(g.id, g.displayName ?? "");
      progress.onObjects(items.length);
    }
  }
}

/**
 * The members of groups through $batch: direct members, and for a group that nests groups its
 * transitive members too. A group's members count once all of them are read; a group deleted
 * meanwhile is reported as deleted, and nobody only it brought is in scope. Each user is kept once
 * (`members`), however many groups list it; the groups hold ids.
 */
async function readGroupMembers(
  session: GraphSession,
  groupIds: string[],
  progress: ScopeProgress,
): Promise<{ read: Map<string, GroupRead>; deleted: Set<string>; members: Map<string, ScopeUserAttributes> }> {
  const select = `${USER_SELECT}&$top=${PAGE}`;
  const reading = new Map<string, GroupRead>();
  const read = new Map<string, GroupRead>();
  const deleted = new Set<string>();
  const members = new Map<string, ScopeUserAttributes>();
  // The id string the user is kept under, so that every group's list shares it.
  const memberId = (u: z.output<typeof graphUser>): string => {
    const known = members.get(u.id);
    if (known) return known.id;
    members.set(u.id, scopeUser(u));
    return u.id;
  };
  const split = (key: string) => [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)] as const;
  const listings = function* () {
    for (const id of groupIds) {
      reading.set(id, { found: [], direct: new Set(), nestedGroups: new Set() });
      yield { key: `members:${id}`, path: `/groups/${encodeURIComponent(id)}/members?${select}` };
    }
  };
  await readListingsInBatches(session, listings(), member, "groups' members", {
    beforeRequest: progress.beforeRequest,
    onGone: (key) => {
      const [, groupId] = split(key);
      deleted.add(groupId);
      reading.delete(groupId);
    },
    onPage: (key, items, last) => {
      const [listing, groupId] = split(key);
      const group = reading.get(groupId);
      if (!group) return;
      for (const m of items) {
        if (m["@odata.type"] === GRAPH_GROUP) group.nestedGroups.add(m.id);
        const u = graphUser.safeParse(m);
        if (m["@odata.type"] !== GRAPH_USER || !u.success) continue;
        const userId = memberId(u.data);
        if (listing === "members") {
          group.direct.add(userId);
          group.found.push({ userId, nested: false });
        } else if (!group.direct.has(userId)) group.found.push({ userId, nested: true });
      }
      progress.onObjects(items.length);
      if (!last) return;
      // Members only nesting brings are read when the group nests groups at all.
      if (listing === "members" && group.nestedGroups.size > 0)
        return [{ key: `transitive:${groupId}`, path: `/groups/${encodeURIComponent(groupId)}/transitiveMembers?${select}` }];
      group.direct.clear();
      read.set(groupId, group);
      reading.delete(groupId);
    },
  });
  return { read, deleted, members };
}
