import type { Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EntraDirectory } from "../directory";
import { ADA_ADMIN, OSCAR_OPERATOR, VERA_VIEWER } from "../tenant";
import { startGraphTestWorld, type GraphTestWorld } from "./graph-test-setup";
import type { GraphRoute } from "./routes";

type Obj = Record<string, unknown>;
type DeltaPage = { value: Obj[]; "@odata.nextLink"?: string; "@odata.deltaLink"?: string };

/** Follows nextLinks to the end of a delta round; returns everything and the deltaLink. */
async function deltaRound(graph: Client, start: string): Promise<{ items: Obj[]; deltaLink: string }> {
  const items: Obj[] = [];
  let page = (await graph.api(start).get()) as DeltaPage;
  for (;;) {
    items.push(...page.value);
    if (page["@odata.deltaLink"]) return { items, deltaLink: page["@odata.deltaLink"] };
    if (!page["@odata.nextLink"]) throw new Error("delta page without next or delta link");
    page = (await graph.api(page["@odata.nextLink"]).get()) as DeltaPage;
  }
}

// Stands in for the synchronization module, which the server mounts through extraRoutes.
const jobsRoute: GraphRoute = {
  method: "GET",
  pattern: "/servicePrincipals/{id}/synchronization/jobs",
  permissions: ["Synchronization.ReadWrite.All"],
  handler: (req) => ({ status: 200, body: { value: [{ id: `aWSSingleSignon.${req.caller.tenantId}.${req.params.id ?? ""}` }] } }),
};

describe("Graph delta queries and $batch", () => {
  let world: GraphTestWorld;
  let graph: Client;

  beforeAll(async () => {
    world = await startGraphTestWorld({ seed: { users: 60, groups: 3, seed: 11 }, extraRoutes: [jobsRoute] });
    graph = world.graph();
  });

  afterAll(async () => {
    await world?.close();
  });

  it("reports users changed, added and removed since the last round", async () => {
    const initial = await deltaRound(graph, "/users/delta?$select=id,displayName,accountEnabled&$top=25");
    expect(initial.items).toHaveLength(world.directory.users.size);
    expect(initial.items.every((u) => !("@removed" in u))).toBe(true);

    const { directory } = world;
    const vera = directory.users.get(VERA_VIEWER.objectId);
    if (!vera) throw new Error("seed lost Vera");
    directory.touch(Object.assign(vera, { accountEnabled: false }));
    const added = directory.touch({
      ...vera,
      id: EntraDirectory.newId(),
      userPrincipalName: `new.hire@${directory.domain}`,
      displayName: "New Hire",
      accountEnabled: true,
    });
    directory.users.set(added.id, added);
    directory.remove("user", OSCAR_OPERATOR.objectId);

    const next = await deltaRound(graph, initial.deltaLink);
    const byId = new Map(next.items.map((u) => [u.id as string, u]));
    expect(byId.get(VERA_VIEWER.objectId)).toMatchObject({ accountEnabled: false, displayName: VERA_VIEWER.displayName });
    expect(byId.get(added.id)).toMatchObject({ displayName: "New Hire" });
    expect(byId.get(OSCAR_OPERATOR.objectId)).toEqual({ id: OSCAR_OPERATOR.objectId, "@removed": { reason: "changed" } });
    expect(next.items).toHaveLength(3);
    // The $select of the first request carries over through the tokens.
    expect(Object.keys(byId.get(added.id) ?? {}).sort()).toEqual(["accountEnabled", "displayName", "id"]);

    const quiet = await deltaRound(graph, next.deltaLink);
    expect(quiet.items).toEqual([]);
  });

  it("reports group membership changes as members@delta", async () => {
    const initial = await deltaRound(graph, "/groups/delta?$select=id,displayName,members");
    const admins = initial.items.find((g) => g.id === world.seeded.groups.administrators);
    expect(admins?.["members@delta"]).toEqual([{ "@odata.type": "#microsoft.graph.user", id: ADA_ADMIN.objectId }]);

    const group = world.directory.groups.get(world.seeded.groups.administrators);
    if (!group) throw new Error("seed lost AWS Administrators");
    world.directory.touch(Object.assign(group, { members: [VERA_VIEWER.objectId] }));

    const next = await deltaRound(graph, initial.deltaLink);
    expect(next.items.map((g) => g.id)).toEqual([group.id]);
    expect(next.items[0]?.["members@delta"]).toEqual([
      { "@odata.type": "#microsoft.graph.user", id: VERA_VIEWER.objectId },
      { "@odata.type": "#microsoft.graph.user", id: ADA_ADMIN.objectId, "@removed": { reason: "deleted" } },
    ]);
  });

  it("syncs from now with $deltatoken=latest: no resources, then only what changed after it", async () => {
    const latest = (await graph.api("/groups/delta?$select=displayName,members&$deltatoken=latest").get()) as DeltaPage;
    expect(latest.value).toEqual([]);
    expect(latest["@odata.nextLink"]).toBeUndefined();
    const users = (await graph.api("/users/delta?$select=id,jobTitle&$deltatoken=latest").get()) as DeltaPage;
    expect(users.value).toEqual([]);

    const readOnly = world.directory.groups.get(world.seeded.groups.readOnly)!;
    world.directory.touch(Object.assign(readOnly, { members: [...readOnly.members, ADA_ADMIN.objectId] }));
    const vera = world.directory.users.get(VERA_VIEWER.objectId)!;
    world.directory.touch(Object.assign(vera, { jobTitle: "Auditor" }));

    const groups = await deltaRound(graph, latest["@odata.deltaLink"]!);
    expect(groups.items.map((g) => [g.id, g["members@delta"]])).toEqual([[readOnly.id, [{ "@odata.type": "#microsoft.graph.user", id: ADA_ADMIN.objectId }]]]);
    const changedUsers = await deltaRound(graph, users["@odata.deltaLink"]!);
    expect(changedUsers.items).toEqual([expect.objectContaining({ id: VERA_VIEWER.objectId, jobTitle: "Auditor" })]);
  });

  it("runs up to 20 requests in one $batch, honouring dependsOn", async () => {
    const result = (await graph.api("/$batch").post({
      requests: [
        { id: "1", method: "GET", url: `/users/${ADA_ADMIN.objectId}?$select=id,displayName` },
        { id: "2", method: "GET", url: "/groups?$filter=displayName eq 'AWS ReadOnly'", dependsOn: ["1"] },
        { id: "3", method: "GET", url: "/users/00000000-0000-0000-0000-00000000beef" },
        { id: "4", method: "GET", url: "/users?$top=1", dependsOn: ["3"] },
      ],
    })) as { responses: { id: string; status: number; body?: Obj }[] };
    const byId = new Map(result.responses.map((r) => [r.id, r]));
    expect(byId.get("1")).toMatchObject({ status: 200, body: { id: ADA_ADMIN.objectId, displayName: ADA_ADMIN.displayName } });
    expect((byId.get("2")?.body?.value as Obj[])[0]?.id).toBe(world.seeded.groups.readOnly);
    expect(byId.get("3")).toMatchObject({ status: 404, body: { error: { code: "Request_ResourceNotFound" } } });
    expect(byId.get("4")?.status).toBe(424);

    const tooMany = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), method: "GET", url: "/users?$top=1" }));
    await expect(graph.api("/$batch").post({ requests: tooMany })).rejects.toMatchObject({ statusCode: 400 });
  });

  it("serves extra routes with the same authentication, permissions and batching", async () => {
    const result = (await graph.api("/$batch").post({
      requests: [{ id: "jobs", method: "GET", url: "/servicePrincipals/sp-1/synchronization/jobs" }],
    })) as { responses: { id: string; status: number; body?: { value: Obj[] } }[] };
    expect(result.responses[0]?.body?.value[0]?.id).toBe(`aWSSingleSignon.${world.cloud.issuer.tenantId}.sp-1`);
  });
});
