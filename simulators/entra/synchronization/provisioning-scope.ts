import type { EntraDirectory, GraphGroup, GraphUser } from "../directory";

// "Sync only assigned users and groups" (the SyncAll secret false or absent) or "Sync all users and
// groups" (SyncAll true): who the provisioning service sees for one application.
// A user is in scope when assigned directly or as a direct member of an assigned group. Nested
// groups are not expanded for this app: a group inside an assigned group is neither provisioned
// as a member nor a path by which its own members come into scope.

export type ProvisioningScope = {
  users: Map<string, GraphUser>;
  groups: Map<string, GraphGroup>;
  /** for each assigned group, its direct members that are users */
  groupMembers: Map<string, string[]>;
};

export function assignedScope(directory: EntraDirectory, servicePrincipalId: string): ProvisioningScope {
  const users = new Map<string, GraphUser>();
  const groups = new Map<string, GraphGroup>();
  for (const assignment of directory.appRoleAssignments.values()) {
    if (assignment.resourceId !== servicePrincipalId) continue;
    const user = directory.users.get(assignment.principalId);
    if (user) users.set(user.id, user);
    const group = directory.groups.get(assignment.principalId);
    if (group) groups.set(group.id, group);
  }
  return withDirectMembers(directory, users, groups);
}

export function allScope(directory: EntraDirectory): ProvisioningScope {
  return withDirectMembers(directory, new Map(directory.users), new Map(directory.groups));
}

function withDirectMembers(directory: EntraDirectory, users: Map<string, GraphUser>, groups: Map<string, GraphGroup>): ProvisioningScope {
  const groupMembers = new Map<string, string[]>();
  for (const group of groups.values()) {
    const direct = group.members.filter((id) => directory.users.has(id));
    groupMembers.set(group.id, direct);
    for (const id of direct) {
      const user = directory.users.get(id);
      if (user) users.set(id, user);
    }
  }
  return { users, groups, groupMembers };
}

/** Why a user is or is not in scope, in the words of the provisioning log's scoping step. */
export function scopingDetails(scope: ProvisioningScope, userId: string): Record<string, string> {
  const assigned = scope.users.has(userId);
  const user = scope.users.get(userId);
  return {
    Assigned: assigned ? "True" : "False",
    IsActive: user?.accountEnabled ? "True" : "False",
    IsEffectivelyEntitledForProvisioning: assigned ? "True" : "False",
    ScopeEvaluationResult: "{}",
  };
}
