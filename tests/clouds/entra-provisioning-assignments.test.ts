import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignToApp, listAppAssignments, nestedGroupsOf, removeAppAssignment, searchDirectory } from "@/lib/entra/app-assignments";
import { ensureAwsEnterpriseApp, type EnterpriseApp } from "@/lib/entra/aws-gallery-app";
import { openGraph, type GraphSession } from "@/lib/entra/graph-session";
import type { GraphGroup, GraphUser } from "@/simulators/entra/directory";
import { addGroup, addUser } from "@/simulators/entra/synchronization/sync-test-fixtures";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// Who is in scope of provisioning: assignments to the AWS enterprise app, the directory search
// that finds people to assign, and nested groups, whose members Entra does not provision to AWS.

describe("assignments to the AWS enterprise app", () => {
  let entra: EntraTestCloud;
  let session: GraphSession;
  let app: EnterpriseApp;
  let quinn: GraphUser;
  let platform: GraphGroup;
  let inner: GraphGroup;

  beforeAll(async () => {
    entra = await startEntraTestCloud();
    session = openGraph(entra.connection);
    app = (await ensureAwsEnterpriseApp(session, "AWS IAM Identity Center", { pollIntervalMs: 100, timeoutMs: 10_000 })).app;
    quinn = addUser(entra.directory, "quinn.o'neil", "Quinn", "O'Neil");
    inner = addGroup(entra.directory, "Quartz SREs", [addUser(entra.directory, "sre.sam", "Sam", "Sre").id]);
    platform = addGroup(entra.directory, "Quartz Platform", [quinn.id, inner.id]);
  });

  afterAll(async () => {
    await entra?.close();
  });

  it("assigns a group and a user with the app's User role, once", async () => {
    expect(await assignToApp(session, app.servicePrincipalId, { id: platform.id, type: "Group" })).toEqual({ created: true });
    expect(await assignToApp(session, app.servicePrincipalId, { id: quinn.id, type: "User" })).toEqual({ created: true });
    expect(await assignToApp(session, app.servicePrincipalId, { id: quinn.id, type: "User" })).toEqual({ created: false });

    const assignees = await listAppAssignments(session, app.servicePrincipalId);
    expect(assignees).toHaveLength(2);
    expect(assignees).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ principalId: platform.id, principalType: "Group", displayName: "Quartz Platform" }),
        expect.objectContaining({ principalId: quinn.id, principalType: "User", displayName: "Quinn O'Neil" }),
      ]),
    );
    const userRole = entra.directory.servicePrincipals.get(app.servicePrincipalId)?.appRoles.find((r) => r.displayName === "User");
    expect([...entra.directory.appRoleAssignments.values()].every((a) => a.appRoleId === userRole?.id)).toBe(true);
  });

  it("removes an assignment, and says so when it was already gone", async () => {
    const quinnAssignment = (await listAppAssignments(session, app.servicePrincipalId)).find((a) => a.principalId === quinn.id)!;
    expect(await removeAppAssignment(session, app.servicePrincipalId, quinnAssignment.assignmentId)).toEqual({ removed: true });
    expect(await removeAppAssignment(session, app.servicePrincipalId, quinnAssignment.assignmentId)).toEqual({ removed: false });
    expect((await listAppAssignments(session, app.servicePrincipalId)).map((a) => a.principalId)).toEqual([platform.id]);
  });

  it("finds users and groups by any word of their name, or the start of their sign-in name or mail, quotes included", async () => {
    const found = await searchDirectory(session, "Qu");
    expect(found).toEqual(
      expect.arrayContaining([
        { id: quinn.id, type: "User", displayName: "Quinn O'Neil", detail: quinn.userPrincipalName },
        expect.objectContaining({ id: platform.id, type: "Group", displayName: "Quartz Platform" }),
        expect.objectContaining({ id: inner.id, type: "Group" }),
      ]),
    );
    expect(await searchDirectory(session, "quinn.o'")).toEqual([expect.objectContaining({ id: quinn.id, type: "User" })]);
    expect((await searchDirectory(session, "Quartz", { top: 1 })).filter((p) => p.type === "Group")).toHaveLength(1);
    expect(await searchDirectory(session, "   ")).toEqual([]);
    expect(await searchDirectory(session, "zz-nobody & co")).toEqual([]);
    // A word inside the name, as "dev" finds "AWS Developers".
    expect(await searchDirectory(session, "platf")).toEqual(expect.arrayContaining([expect.objectContaining({ id: platform.id, type: "Group" })]));
    expect(await searchDirectory(session, 'say "hi"')).toEqual([]);
  });

  it("lists the groups nested in a group, whose members will not reach AWS", async () => {
    expect(await nestedGroupsOf(session, platform.id)).toEqual([{ id: inner.id, displayName: "Quartz SREs" }]);
    expect(await nestedGroupsOf(session, inner.id)).toEqual([]);
  });
});
