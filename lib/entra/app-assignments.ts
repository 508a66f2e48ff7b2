import { GraphError } from "@microsoft/microsoft-graph-client";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { graphError } from "./graph-errors";
import { parseGraph, readAllPages } from "./graph-read";
import type { GraphSession } from "./graph-session";

// Who is assigned to the AWS enterprise app, and so in scope of provisioning; finding users and
// groups to assign; and the nested groups whose members Entra will not provision to AWS.

export type Assignee = { principalId: string; principalType: "User" | "Group"; displayName: string; assignmentId: string };
export type DirectoryPrincipal = { id: string; type: "User" | "Group"; displayName: string; detail: string | null };

const DEFAULT_SEARCH_TOP = 20;
const MAX_SEARCH_TOP = 100;

const assignment = z.object({ id: z.string(), principalId: z.string(), principalType: z.string().nullish(), principalDisplayName: z.string().nullish() });
const principalAssignment = z.object({ id: z.string(), resourceId: z.string() });
const appRoles = z.object({ appRoles: z.array(z.object({ id: z.string(), displayName: z.string().nullish(), isEnabled: z.boolean().nullish() })) });
const user = z.object({ id: z.string(), displayName: z.string().nullish(), userPrincipalName: z.string().nullish(), mail: z.string().nullish() });
const group = z.object({ id: z.string(), displayName: z.string().nullish(), mail: z.string().nullish() });
const page = <S extends z.ZodType>(item: S) => z.object({ value: z.array(item) });
const member = z.object({ "@odata.type": z.string().nullish(), id: z.string(), displayName: z.string().nullish() });

function assignmentsPath(servicePrincipalId: string): string {
  return `/servicePrincipals/${encodeURIComponent(servicePrincipalId)}/appRoleAssignedTo`;
}

export async function listAppAssignments(session: GraphSession, servicePrincipalId: string): Promise<Assignee[]> {
  try {
    const all = await readAllPages(
      session,
      `${assignmentsPath(servicePrincipalId)}?$select=id,principalId,principalType,principalDisplayName&$top=999`,
      assignment,
      "the app's assignments",
    );
    // Service principals can be assigned too, but only users and groups are provisioned.
    return all.flatMap((a) =>
      a.principalType === "User" || a.principalType === "Group"
        ? [{ principalId: a.principalId, principalType: a.principalType, displayName: a.principalDisplayName ?? "", assignmentId: a.id }]
        : [],
    );
  } catch (e) {
    throw graphError(e, "list who is assigned to the enterprise app");
  }
}

/** The ids of one user's or group's own assignments to the app: few, where the app's may be thousands. */
export async function appAssignmentsOf(
  session: GraphSession,
  servicePrincipalId: string,
  principal: { id: string; type: "User" | "Group" },
): Promise<string[]> {
  const path = `/${principal.type === "User" ? "users" : "groups"}/${encodeURIComponent(principal.id)}/appRoleAssignments?$select=id,resourceId&$top=999`;
  try {
    return (await readAllPages(session, path, principalAssignment, "the principal's app assignments"))
      .filter((a) => a.resourceId === servicePrincipalId)
      .map((a) => a.id);
  } catch (e) {
    throw graphError(e, `read the ${principal.type === "User" ? "user's" : "group's"} application assignments`);
  }
}

/** Assigns with the app's "User" role; a principal already assigned is left as it is. */
export async function assignToApp(
  session: GraphSession,
  servicePrincipalId: string,
  principal: { id: string; type: "User" | "Group" },
): Promise<{ created: boolean }> {
  const assigned = async () => (await appAssignmentsOf(session, servicePrincipalId, principal)).length > 0;
  if (await assigned()) return { created: false };
  const appRoleId = await userRoleId(session, servicePrincipalId);
  try {
    await session.client.api(assignmentsPath(servicePrincipalId)).post({ principalId: principal.id, resourceId: servicePrincipalId, appRoleId });
    return { created: true };
  } catch (e) {
    // Entra refuses a duplicate with 400; a concurrent run may have assigned it meanwhile.
    if (e instanceof GraphError && e.statusCode === 400 && (await assigned())) return { created: false };
    throw graphError(e, `assign the ${principal.type === "User" ? "user" : "group"} to the enterprise app`);
  }
}

/** Removes one assignment; `removed` is false when it was already gone. */
export async function removeAppAssignment(session: GraphSession, servicePrincipalId: string, assignmentId: string): Promise<{ removed: boolean }> {
  try {
    await session.client.api(`${assignmentsPath(servicePrincipalId)}/${encodeURIComponent(assignmentId)}`).delete();
    return { removed: true };
  } catch (e) {
    if (e instanceof GraphError && e.statusCode === 404) return { removed: false };
    throw graphError(e, "remove the assignment from the enterprise app");
  }
}

/**
 * The gallery app carries the roles "User" and "msiam_access" (which must stay untouched); ids
 * are read from the service principal rather than assumed.
 */
async function userRoleId(session: GraphSession, servicePrincipalId: string): Promise<string> {
  let roles: z.output<typeof appRoles>["appRoles"];
  try {
    const body: unknown = await session.client
      .api(`/servicePrincipals/${encodeURIComponent(servicePrincipalId)}`)
      .select(["id", "appRoles"])
      .get();
    roles = parseGraph(appRoles, body, "the enterprise app's roles").appRoles;
  } catch (e) {
    throw graphError(e, "read the enterprise app's roles");
  }
  const role = roles.find((r) => r.displayName === "User" && r.isEnabled !== false);
  if (!role)
    throw new AppError("NotConfigured", 'The enterprise app has no enabled "User" role to assign people with. Check its App roles in the Entra admin center.');
  return role.id;
}

/**
 * Users and groups found by any word of their name ("dev" finds "AWS Developers") or by the start of
 * their sign-in name or mail; at most `top` of each. Graph's $search is an advanced query: it needs
 * the ConsistencyLevel header, and quotes in the term would end its clause, so they are dropped.
 */
export async function searchDirectory(session: GraphSession, query: string, opts: { top?: number } = {}): Promise<DirectoryPrincipal[]> {
  const text = query.trim().replace(/["\\]/g, "");
  if (!text) return [];
  const top = Math.min(Math.max(1, Math.floor(opts.top ?? DEFAULT_SEARCH_TOP)), MAX_SEARCH_TOP);
  const clauses = (properties: string[]) => encodeURIComponent(properties.map((p) => `"${p}:${text}"`).join(" OR "));
  try {
    const [users, groups] = await Promise.all<[Promise<unknown>, Promise<unknown>]>([
      session.client
        .api(`/users?$search=${clauses(["displayName", "userPrincipalName", "mail"])}&$select=id,displayName,userPrincipalName,mail&$top=${top}`)
        .header("ConsistencyLevel", "eventual")
        .get(),
      session.client
        .api(`/groups?$search=${clauses(["displayName", "mail"])}&$select=id,displayName,mail&$top=${top}`)
        .header("ConsistencyLevel", "eventual")
        .get(),
    ]);
    return [...usersOf(users), ...groupsOf(groups)];
  } catch (e) {
    throw graphError(e, "search the directory for users and groups");
  }
}

/** The first `top` groups by name, for browsing when a name is not known. */
export async function browseGroups(session: GraphSession, top = MAX_SEARCH_TOP): Promise<DirectoryPrincipal[]> {
  try {
    const body: unknown = await session.client.api(`/groups?$select=id,displayName,mail&$top=${top}`).get();
    return groupsOf(body).sort((a, b) => a.displayName.localeCompare(b.displayName));
  } catch (e) {
    throw graphError(e, "list the directory's groups");
  }
}

function usersOf(body: unknown): DirectoryPrincipal[] {
  return parseGraph(page(user), body, "users").value.map((u) => ({
    id: u.id,
    type: "User",
    displayName: u.displayName ?? "",
    detail: u.userPrincipalName ?? u.mail ?? null,
  }));
}

function groupsOf(body: unknown): DirectoryPrincipal[] {
  return parseGraph(page(group), body, "groups").value.map((g) => ({ id: g.id, type: "Group", displayName: g.displayName ?? "", detail: g.mail ?? null }));
}

/** Groups that are direct members of a group: Entra does not provision their members to AWS. */
export async function nestedGroupsOf(session: GraphSession, groupId: string): Promise<{ id: string; displayName: string }[]> {
  try {
    const members = await readAllPages(session, `/groups/${encodeURIComponent(groupId)}/members?$select=id,displayName`, member, "the group's members");
    return members.filter((m) => m["@odata.type"] === "#microsoft.graph.group").map((m) => ({ id: m.id, displayName: m.displayName ?? "" }));
  } catch (e) {
    throw graphError(e, "read the group's members");
  }
}
