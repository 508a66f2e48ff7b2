import type { IdentityStore } from "./aws/directory-store";
import { withScimExternalId } from "./aws/scim/external-id";
import { userFromScim } from "./aws/scim/user-mapping";
import { EntraDirectory, type GraphGroup, type GraphUser } from "./entra/directory";
import { toScimUser } from "./entra/synchronization/aws-template";
import { assign } from "./entra/synchronization/sync-test-fixtures";
import { seededRandom } from "./seeded-random";

// A tenant the size of a large customer, built straight into the simulators' state for the drift
// benchmark: users, groups with their direct members, and chains of nested groups in Entra, the
// outermost group of each chain and every flat group assigned to the AWS enterprise app; and the
// AWS identity store as Entra's provisioning leaves it after its cycles (assigned groups, their
// direct members, the same attributes the SCIM endpoint would have stored). People reached only
// through a nested group are in Entra's scope but not in AWS, as in real tenants.

export type ScaleTenantOptions = {
  users: number;
  groups: number;
  /** direct user memberships across all groups */
  memberships: number;
  /** levels of groups nested below an assigned group */
  nestingDepth: number;
  seed: number;
};

/** What the tenant holds, in the numbers a reader's minimum calls are computed from. */
export type ScaleTenantShape = {
  users: number;
  groups: number;
  assignedGroups: number;
  /** per assigned group: how many direct members (users and groups) Graph lists */
  directMembers: number[];
  /** per assigned group that nests groups: how many transitive members (users and groups) Graph lists */
  transitiveMembers: number[];
  /** the assigned groups that nest groups, by id, and how many users each reaches through its nesting */
  nestingGroups: { id: string; users: number }[];
  aws: { users: number; groups: number; membershipsPerGroup: number[] };
};

// One chain of nested groups starts every this many groups.
const CHAIN_EVERY = 10;
const GIVEN = ["Ada", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hiro", "Ines", "Jonas", "Kai", "Lena", "Milo", "Nora", "Omar", "Priya"];
const SURNAMES = ["Andersen", "Brown", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hughes", "Ivanova", "Jensen", "Kowalski", "Lopez"];

export function buildScaleTenant(directory: EntraDirectory, store: IdentityStore, servicePrincipalId: string, o: ScaleTenantOptions): ScaleTenantShape {
  const sp = directory.servicePrincipals.get(servicePrincipalId);
  if (!sp) throw new Error(`the tenant has no service principal ${servicePrincipalId}`);
  const random = seededRandom(o.seed);
  const created = new Date(Date.UTC(2026, 0, 1)).toISOString();

  const users: GraphUser[] = [];
  for (let i = 0; i < o.users; i++) {
    const given = GIVEN[i % GIVEN.length] as string;
    const surname = SURNAMES[Math.floor(i / GIVEN.length) % SURNAMES.length] as string;
    const local = `${given}.${surname}.${i + 1}`.toLowerCase();
    const user: GraphUser = directory.touch({
      version: 0,
      id: EntraDirectory.newId(),
      userPrincipalName: `${local}@${directory.domain}`,
      displayName: `${given} ${surname} ${i + 1}`,
      givenName: given,
      surname,
      mail: `${local}@${directory.domain}`,
      mailNickname: local.replace(/\./g, ""),
      otherMails: [],
      accountEnabled: true,
      userType: "Member",
      jobTitle: i % 3 === 0 ? "Engineer" : null,
      department: null,
      createdDateTime: created,
    });
    directory.users.set(user.id, user);
    users.push(user);
  }

  // Direct user memberships spread evenly over the groups, members drawn at random.
  const groups: GraphGroup[] = [];
  for (let g = 0; g < o.groups; g++) {
    const size = Math.floor(((g + 1) * o.memberships) / o.groups) - Math.floor((g * o.memberships) / o.groups);
    const members = drawDistinct(random, users, size).map((u) => u.id);
    const group: GraphGroup = directory.touch({
      version: 0,
      id: EntraDirectory.newId(),
      displayName: `Scale Team ${g + 1}`,
      description: null,
      mailNickname: `scaleteam${g + 1}`,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      createdDateTime: created,
      members,
    });
    directory.groups.set(group.id, group);
    groups.push(group);
  }
  // Every CHAIN_EVERY groups, a chain: the group nests the next, which nests the next, nestingDepth deep.
  const nested = new Set<string>();
  for (let head = 0; head + o.nestingDepth < groups.length && o.nestingDepth > 0; head += CHAIN_EVERY) {
    for (let level = 0; level < o.nestingDepth; level++) {
      const child = groups[head + level + 1] as GraphGroup;
      (groups[head + level] as GraphGroup).members.push(child.id);
      nested.add(child.id);
    }
  }
  const assigned = groups.filter((g) => !nested.has(g.id));
  for (const group of assigned) assign(directory, sp, group);

  // AWS as provisioning leaves it: each assigned group with its direct user members.
  const byId = new Map(users.map((u) => [u.id, u]));
  const awsUserIds = new Map<string, string>();
  const awsUser = (entraId: string): string => {
    const known = awsUserIds.get(entraId);
    if (known) return known;
    const fields = userFromScim(toScimUser(byId.get(entraId) as GraphUser, true));
    const id = store.createUser(fields).UserId;
    awsUserIds.set(entraId, id);
    return id;
  };
  const membershipsPerGroup: number[] = [];
  for (const group of assigned) {
    const awsGroup = store.createGroup({ DisplayName: group.displayName, ExternalIds: withScimExternalId(undefined, group.id) });
    const userMembers = group.members.filter((m) => byId.has(m));
    for (const m of userMembers) store.addMember(awsGroup.GroupId, awsUser(m));
    membershipsPerGroup.push(userMembers.length);
  }

  const groupById = new Map(groups.map((g) => [g.id, g]));
  const reached = (group: GraphGroup): Set<string> => {
    const seen = new Set<string>();
    const walk = (g: GraphGroup) => {
      for (const m of g.members) {
        if (seen.has(m)) continue;
        seen.add(m);
        const inner = groupById.get(m);
        if (inner) walk(inner);
      }
    };
    walk(group);
    return seen;
  };
  const nesting = assigned.filter((g) => g.members.some((m) => groupById.has(m)));
  return {
    users: users.length,
    groups: groups.length,
    assignedGroups: assigned.length,
    directMembers: assigned.map((g) => g.members.length),
    transitiveMembers: nesting.map((g) => reached(g).size),
    nestingGroups: nesting.map((g) => ({ id: g.id, users: [...reached(g)].filter((m) => byId.has(m)).length })),
    aws: { users: awsUserIds.size, groups: assigned.length, membershipsPerGroup },
  };
}

/** Changes a share of the tenant's users (a job title) and groups (one more member), as a day of ordinary work in Entra would. */
export function changeScaleTenant(directory: EntraDirectory, share: number, seed: number): { users: number; groups: number } {
  const random = seededRandom(seed * 31 + 7);
  const users = [...directory.users.values()];
  const groups = tenantGroups(directory);
  const changedUsers = drawDistinct(random, users, Math.round(users.length * share));
  for (const user of changedUsers) directory.touch(Object.assign(user, { jobTitle: "Changed today" }));
  const changedGroups = drawDistinct(random, groups, Math.round(groups.length * share));
  for (const group of changedGroups) {
    const newcomer = (users[Math.floor(random() * users.length)] as GraphUser).id;
    if (!group.members.includes(newcomer)) directory.touch(Object.assign(group, { members: [...group.members, newcomer] }));
  }
  return { users: changedUsers.length, groups: changedGroups.length };
}

/**
 * Changes a share of the direct user memberships of the tenant's own groups (not the mirrors SSO
 * Bridge made), half removed and half added, each in a group drawn at random: a day of people
 * joining and leaving teams.
 */
export function changeScaleMemberships(directory: EntraDirectory, share: number, seed: number): { removed: number; added: number; groups: number } {
  const random = seededRandom(seed * 17 + 3);
  const users = [...directory.users.values()];
  const groups = tenantGroups(directory);
  const total = groups.reduce((n, g) => n + g.members.filter((m) => directory.users.has(m)).length, 0);
  const wanted = Math.round(total * share);
  const touched = new Set<GraphGroup>();
  let removed = 0;
  let added = 0;
  while (removed + added < wanted) {
    const group = groups[Math.floor(random() * groups.length)] as GraphGroup;
    if ((removed + added) % 2 === 0) {
      const userMembers = group.members.filter((m) => directory.users.has(m));
      if (userMembers.length === 0) continue;
      const gone = userMembers[Math.floor(random() * userMembers.length)] as string;
      group.members = group.members.filter((m) => m !== gone);
      removed += 1;
    } else {
      const newcomer = (users[Math.floor(random() * users.length)] as GraphUser).id;
      if (group.members.includes(newcomer)) continue;
      group.members = [...group.members, newcomer];
      added += 1;
    }
    touched.add(group);
  }
  for (const group of touched) directory.touch(group);
  return { removed, added, groups: touched.size };
}

/** The groups the tenant was built with: not those made later, such as SSO Bridge's mirrors. */
function tenantGroups(directory: EntraDirectory): GraphGroup[] {
  return [...directory.groups.values()].filter((g) => /^Scale Team \d+$/.test(g.displayName));
}

/** `n` different items drawn at random: cheap when n is far below the count, as at this size a shuffle per group would not be. */
function drawDistinct<T>(random: () => number, items: readonly T[], n: number): T[] {
  const chosen = new Set<T>();
  while (chosen.size < Math.min(n, items.length)) chosen.add(items[Math.floor(random() * items.length)] as T);
  return [...chosen];
}
