import { GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { graphError } from "./graph-errors";
import { readDeltaPages } from "./graph-delta";
import { parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// Every group's direct members through a groups delta query with members: the first round from
// the query itself lists every group and all its members; a round from its delta link lists the
// groups changed since, with the members added and removed. Graph pages a large group's members
// across several copies of the group, anywhere in the round, so copies are merged by id.

/** The query whose first round lists every group with its members, and whose delta link follows them. */
export const GROUPS_WITH_MEMBERS = "/groups/delta?$select=displayName,members";

const GRAPH_USER = "#microsoft.graph.user";
const GRAPH_GROUP = "#microsoft.graph.group";

/** A group as one round reports it: deleted, or its name and the members added (all of them, in a first round) and removed. */
export type GroupChange = {
  id: string;
  deleted: boolean;
  displayName: string | null;
  addedUsers: string[];
  addedGroups: string[];
  removedUsers: string[];
  removedGroups: string[];
};

export type GroupRound = { groups: Map<string, GroupChange>; deltaLink: string };

export type RoundProgress = { beforeRequest: () => Promise<void>; onGroups?: (count: number) => void };

const member = z.object({ "@odata.type": z.string().optional(), id: z.string(), "@removed": z.unknown().optional() }).loose();
const changedGroup = z
  .object({ id: z.string(), displayName: z.string().nullish(), "members@delta": z.array(member).optional(), "@removed": z.unknown().optional() })
  .loose();

/**
 * One round: `from` is GROUPS_WITH_MEMBERS for everything, or the delta link a round ended with.
 * "expired" when Graph no longer keeps the link, and everything has to be read again.
 */
export async function readGroupRound(session: GraphSession, from: string, progress: RoundProgress): Promise<GroupRound | "expired"> {
  const groups = new Map<string, GroupChange>();
  // One string per id, however many groups list it.
  const ids = new Map<string, string>();
  const intern = (id: string) => {
    const known = ids.get(id);
    if (known !== undefined) return known;
    ids.set(id, id);
    return id;
  };
  try {
    const end = await readDeltaPages(session, from, "groups and their members", progress.beforeRequest, (items) => {
      for (const raw of items) {
        const item = changedGroup.safeParse(raw);
        if (!item.success) continue;
        const { id } = item.data;
        let group = groups.get(id);
        if (!group) {
          group = { id, deleted: false, displayName: null, addedUsers: [], addedGroups: [], removedUsers: [], removedGroups: [] };
          groups.set(id, group);
        }
        if (item.data["@removed"] !== undefined) {
          group.deleted = true;
          continue;
        }
        if (typeof item.data.displayName === "string") group.displayName = item.data.displayName;
        for (const m of item.data["members@delta"] ?? []) {
          // Devices, service principals and contacts are members too, but never people to provision.
          const type = m["@odata.type"];
          if (type !== GRAPH_USER && type !== GRAPH_GROUP) continue;
          const removed = m["@removed"] !== undefined;
          const list = type === GRAPH_USER ? (removed ? group.removedUsers : group.addedUsers) : removed ? group.removedGroups : group.addedGroups;
          list.push(intern(m.id));
        }
      }
      progress.onGroups?.(items.length);
    });
    return end === "expired" ? "expired" : { groups, deltaLink: end.deltaLink };
  } catch (e) {
    throw graphError(e, "read Entra's groups and their members");
  }
}

const namedGroup = z.object({ id: z.string(), displayName: z.string().nullish() });

/** One group's id and name; null when Entra has no group with that id. */
export async function readGroup(session: GraphSession, id: string): Promise<{ id: string; displayName: string } | null> {
  try {
    const body: unknown = await session.client.api(`/groups/${encodeURIComponent(id)}?$select=id,displayName`).get();
    const group = parseGraph(namedGroup, body, "a group");
    return { id: group.id, displayName: group.displayName ?? "" };
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return null;
    throw graphError(e, "read a group from Entra");
  }
}
