import { z } from "zod";
import { graphError } from "./graph-errors";
import { GraphError } from "@microsoft/microsoft-graph-client";
import { readListingsInBatches } from "./graph-batch";
import { graphPages, odataString, parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// The enterprise app's provisioning scope as Entra's provisioning sees it, read page by page: the
// users and groups assigned to the app, the direct members of assigned groups (in scope), and the
// members only nesting reaches (never provisioned), each user with the attributes the AWS mapping
// reads. The largest pages Graph allows, and a group's transitive members only when it nests groups.

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

const USER_FIELDS = ["id", "userPrincipalName", "displayName", "givenName", "surname", "mail", "jobTitle", "department", "accountEnabled", "userType"];
// Graph's largest page for directory objects and app role assignments, and its limit on values in one `in` filter.
const PAGE = 999;
const IDS_PER_FILTER = 15;

const assignment = z.object({ principalId: z.string(), principalType: z.string().nullish() });
const group = z.object({ id: z.string(), displayName: z.string().nullish() });
const user = z.object({
  id: z.string(),
  userPrincipalName: z.string(),
  displayName: z.string().nullish(),
  givenName: z.string().nullish(),
  surname: z.string().nullish(),
  mail: z.string().nullish(),
  jobTitle: z.string().nullish(),
  department: z.string().nullish(),
  accountEnabled: z.boolean().nullish(),
  userType: z.string().nullish(),
});
const member = z.union([user.extend({ "@odata.type": z.literal("#microsoft.graph.user") }), z.object({ "@odata.type": z.string(), id: z.string() }).loose()]);

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

function entraUser(u: z.output<typeof user>): Omit<EntraUser, "reach"> {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName ?? null,
    givenName: u.givenName ?? null,
    surname: u.surname ?? null,
    mail: u.mail ?? null,
    jobTitle: u.jobTitle ?? null,
    department: u.department ?? null,
    accountEnabled: u.accountEnabled ?? true,
    guest: u.userType === "Guest",
  };
}

/** One Entra user with the attributes the AWS mapping reads; null when Entra has no user with that id. */
export async function readEntraUser(session: GraphSession, id: string): Promise<Omit<EntraUser, "reach"> | null> {
  try {
    const body: unknown = await session.client.api(`/users/${encodeURIComponent(id)}?$select=${USER_FIELDS.join(",")}`).get();
    return entraUser(parseGraph(user, body, "a user"));
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return null;
    throw graphError(e, "read a user from Entra");
  }
}

export type ScopeProgress = {
  /** awaited before each round trip with the number of requests it makes (a $batch makes several) */
  beforeRequest: (requests: number) => Promise<void>;
  onObjects: (count: number) => void;
};

export async function readProvisioningScope(session: GraphSession, servicePrincipalId: string, progress: ScopeProgress): Promise<EntraScope> {
  const users = new Map<string, EntraUser>();
  let groups: EntraGroup[] = [];
  const memberships: EntraMembership[] = [];
  const assignedUsers: string[] = [];
  const page = <S extends z.ZodType>(path: string, item: S, what: string) => graphPages(session, path, item, what, () => progress.beforeRequest(1));
  // A user keeps the closest way it reaches the app.
  const rank: Record<Reach, number> = { assigned: 0, member: 1, nested: 2 };
  const keep = (u: z.output<typeof user>, reach: Reach) => {
    const known = users.get(u.id);
    if (known && rank[known.reach] <= rank[reach]) return;
    users.set(u.id, { ...entraUser(u), reach });
  };

  try {
    const assignments = `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo?$select=principalId,principalType&$top=${PAGE}`;
    const assignedGroups: string[] = [];
    for await (const items of page(assignments, assignment, "the app's assignments")) {
      for (const a of items) {
        if (a.principalType === "User") assignedUsers.push(a.principalId);
        else if (a.principalType === "Group") assignedGroups.push(a.principalId);
      }
      progress.onObjects(items.length);
    }
    // Groups' names as they are now (an assignment keeps the name the group had when it was made).
    for (const ids of inFilters(assignedGroups)) {
      for await (const items of page(`/groups?$filter=${ids}&$select=id,displayName&$top=${PAGE}`, group, "assigned groups")) {
        for (const g of items) groups.push({ id: g.id, displayName: g.displayName ?? "" });
        progress.onObjects(items.length);
      }
    }
    const select = `$select=${USER_FIELDS.join(",")}&$top=${PAGE}`;
    // A group's members count once all of them are read: a group deleted meanwhile is no longer in scope, and nor is anyone only it brought.
    type Reading = { found: { user: z.output<typeof user>; nested: boolean }[]; direct: Set<string>; nestsGroups: boolean };
    const reading = new Map<string, Reading>();
    const deleted = new Set<string>();
    const finish = (groupId: string) => {
      for (const f of reading.get(groupId)?.found ?? []) {
        keep(f.user, f.nested ? "nested" : "member");
        memberships.push({ groupId, userId: f.user.id, nested: f.nested });
      }
      reading.delete(groupId);
    };
    const listings = function* () {
      for (const g of groups) {
        reading.set(g.id, { found: [], direct: new Set(), nestsGroups: false });
        yield { key: `members:${g.id}`, path: `/groups/${encodeURIComponent(g.id)}/members?${select}` };
      }
    };
    await readListingsInBatches(session, listings(), member, "groups' members", {
      beforeRequest: progress.beforeRequest,
      onGone: (key) => {
        const groupId = key.slice(key.indexOf(":") + 1);
        deleted.add(groupId);
        reading.delete(groupId);
      },
      onPage: (key, items, last) => {
        const [listing, groupId] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
        const group = reading.get(groupId);
        if (!group) return;
        for (const m of items) {
          if (listing === "members" && m["@odata.type"] === "#microsoft.graph.group") group.nestsGroups = true;
          const u = user.safeParse(m);
          if (m["@odata.type"] !== "#microsoft.graph.user" || !u.success) continue;
          if (listing === "members") {
            group.direct.add(u.data.id);
            group.found.push({ user: u.data, nested: false });
          } else if (!group.direct.has(u.data.id)) group.found.push({ user: u.data, nested: true });
        }
        progress.onObjects(items.length);
        if (!last) return;
        // Members only nesting brings are read when the group nests groups at all.
        if (listing === "members" && group.nestsGroups)
          return [{ key: `transitive:${groupId}`, path: `/groups/${encodeURIComponent(groupId)}/transitiveMembers?${select}` }];
        finish(groupId);
      },
    });
    if (deleted.size > 0) groups = groups.filter((g) => !deleted.has(g.id));
    // Assigned users the groups did not bring, read in batches by id.
    for (const u of assignedUsers) {
      const known = users.get(u);
      if (known) known.reach = "assigned";
    }
    for (const ids of inFilters(assignedUsers.filter((id) => !users.has(id)))) {
      for await (const items of page(`/users?$filter=${ids}&${select}`, user, "assigned users")) {
        for (const u of items) keep(u, "assigned");
        progress.onObjects(items.length);
      }
    }
  } catch (e) {
    throw graphError(e, "read the enterprise app's provisioning scope");
  }
  return { users: [...users.values()], groups, memberships };
}
