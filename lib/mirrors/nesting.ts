import type { GroupChange } from "../entra/group-nesting";

// Entra's groups and their direct members, as the groups delta reports them, and the people each
// group reaches through every group nested in it. The rules for awkward nesting:
// - each group is followed once, so a group reached twice (a diamond) adds its people once and a
//   cycle ends where it closes;
// - groups more than MAX_NESTING_DEPTH levels below the source are not followed, and are listed
//   so the page can say who is left out;
// - only users are people: devices, service principals and contacts in a group are skipped, as
//   Entra's provisioning to AWS skips them;
// - guests and disabled accounts are included as Entra would include them as direct members: its
//   provisioning then applies its own rules to them (a disabled account arrives deactivated).

/** Levels of nesting followed below a source; direct members of the source are level 0. */
export const MAX_NESTING_DEPTH = 10;

export type GroupMembers = { displayName: string; users: string[]; groups: string[] };
/** Every known group's direct members, by group id. */
export type Nesting = Map<string, GroupMembers>;

export type Expansion = {
  /** the users the source reaches at any depth it follows */
  users: Set<string>;
  /** the groups followed, the source among them */
  groups: Set<string>;
  /** groups nested deeper than the limit, not followed */
  tooDeep: string[];
};

/** The people a group reaches through nesting, by the rules above. */
export function expand(nesting: Nesting, sourceId: string, maxDepth = MAX_NESTING_DEPTH): Expansion {
  const users = new Set<string>();
  const groups = new Set<string>([sourceId]);
  const tooDeep = new Set<string>();
  let level = [sourceId];
  for (let depth = 0; level.length > 0; depth++) {
    const next: string[] = [];
    for (const id of level) {
      const group = nesting.get(id);
      if (!group) continue;
      for (const user of group.users) users.add(user);
      for (const nested of group.groups) {
        if (groups.has(nested)) continue;
        if (depth + 1 > maxDepth) {
          tooDeep.add(nested);
          continue;
        }
        groups.add(nested);
        next.push(nested);
      }
    }
    level = next;
  }
  return { users, groups, tooDeep: [...tooDeep] };
}

/**
 * Applies one delta round to the nesting: a first round (`whole`) replaces it, a later one changes
 * the groups it names. Returns the ids of the groups that changed.
 */
export function applyRound(nesting: Nesting, changes: Map<string, GroupChange>, whole: boolean): Set<string> {
  if (whole) nesting.clear();
  const changed = new Set<string>();
  for (const change of changes.values()) {
    changed.add(change.id);
    if (change.deleted) {
      nesting.delete(change.id);
      continue;
    }
    const known = nesting.get(change.id) ?? { displayName: "", users: [], groups: [] };
    const removedUsers = new Set(change.removedUsers);
    const removedGroups = new Set(change.removedGroups);
    const users = new Set(known.users.filter((u) => !removedUsers.has(u)));
    const groups = new Set(known.groups.filter((g) => !removedGroups.has(g)));
    for (const u of change.addedUsers) users.add(u);
    for (const g of change.addedGroups) groups.add(g);
    nesting.set(change.id, { displayName: change.displayName ?? known.displayName, users: [...users], groups: [...groups] });
  }
  return changed;
}
