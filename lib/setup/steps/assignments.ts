import type { ChangedBy } from "../../audit/record-audit-event";
import { entraConnection } from "../../connections/entra-connection";
import {
  assignToApp,
  browseGroups,
  listAppAssignments,
  nestedGroupsOf,
  removeAppAssignment,
  searchDirectory,
  type DirectoryPrincipal,
} from "../../entra/app-assignments";
import { openGraph } from "../../entra/graph-session";
import { AppError } from "../../errors";
import { completedStep, runStep } from "../step-store";

export type Principal = { id: string; type: "User" | "Group" };

/** Users and groups of the tenant matching what the operator typed, for the assignment picker. */
export async function findPrincipals(query: string): Promise<DirectoryPrincipal[]> {
  if (query.trim().length < 2) return [];
  return searchDirectory(openGraph(await entraConnection()), query.trim());
}

/** The directory's groups by name, for choosing one without knowing how it is spelt. */
export async function listGroupsToBrowse(): Promise<DirectoryPrincipal[]> {
  return browseGroups(openGraph(await entraConnection()));
}

/**
 * Assigns users and groups to the enterprise app (already assigned ones are left as they are) and
 * records who is assigned now, warning about nested groups, whose members Entra does not provision to AWS.
 */
export async function assignPrincipals(principals: Principal[], by: ChangedBy) {
  return runStep("assignments", "setup.assignments.add", by, async () => {
    const app = await completedStep("enterprise-app");
    const session = openGraph(await entraConnection());
    const added: Principal[] = [];
    for (const p of principals) if ((await assignToApp(session, app.servicePrincipalId, p)).created) added.push(p);
    return currentAssignments(session, app.servicePrincipalId, { added });
  });
}

export async function unassignPrincipal(assignmentId: string, by: ChangedBy) {
  return runStep("assignments", "setup.assignments.remove", by, async () => {
    const app = await completedStep("enterprise-app");
    const session = openGraph(await entraConnection());
    const assignments = await listAppAssignments(session, app.servicePrincipalId);
    const assignment = assignments.find((a) => a.assignmentId === assignmentId);
    if (!assignment) throw new AppError("NotFound", "That assignment no longer exists; reload the page.");
    if (assignments.length === 1) {
      throw new AppError(
        "Conflict",
        `“${assignment.displayName}” is the only assignment: assign someone else first, or pause provisioning on the Provisioning page.`,
      );
    }
    await removeAppAssignment(session, app.servicePrincipalId, assignmentId);
    return currentAssignments(session, app.servicePrincipalId, { removed: { principalId: assignment.principalId, displayName: assignment.displayName } });
  });
}

async function currentAssignments(session: ReturnType<typeof openGraph>, servicePrincipalId: string, change: Record<string, unknown>) {
  const assignees = (await listAppAssignments(session, servicePrincipalId)).map(({ assignmentId, principalId, principalType, displayName }) => ({
    assignmentId,
    principalId,
    principalType,
    displayName,
  }));
  if (assignees.length === 0) throw new AppError("InvalidInput", "Assign at least one user or group: the job provisions only what is assigned.");
  const nestedGroups = [];
  for (const g of assignees.filter((a) => a.principalType === "Group")) {
    const nested = await nestedGroupsOf(session, g.principalId);
    if (nested.length) nestedGroups.push({ groupId: g.principalId, group: g.displayName, nested: nested.map((n) => n.displayName) });
  }
  return { data: { assignees, nestedGroups }, details: { ...change, assigned: assignees.length, nestedGroups } };
}
