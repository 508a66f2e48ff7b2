import { GraphError, type Client } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EntraDirectory } from "../directory";
import { grantAppPermissions, SSO_BRIDGE_PERMISSIONS } from "../seed";
import { SSO_BRIDGE_APP } from "../tenant";
import { MEMBERS_PER_PAGE } from "./delta";
import { startGraphTestWorld, type GraphTestWorld } from "./graph-test-setup";

type Obj = Record<string, unknown>;
type DeltaPage = { value: Obj[]; "@odata.nextLink"?: string; "@odata.deltaLink"?: string };

const REPLICATION_MS = 300;
const GRAPH = "https://graph.microsoft.com/v1.0";
const ref = (id: string) => `${GRAPH}/directoryObjects/${id}`;
const securityGroup = (displayName: string) => ({ displayName, mailNickname: displayName.replace(/\W/g, ""), mailEnabled: false, securityEnabled: true });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function failure(p: Promise<unknown>): Promise<GraphError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GraphError) return e;
    throw e;
  }
  throw new Error("the request succeeded");
}

describe("Graph group writes", () => {
  let world: GraphTestWorld;
  let graph: Client;
  let users: string[];

  beforeAll(async () => {
    world = await startGraphTestWorld({ seed: { users: 60, groups: 3, seed: 5 }, replicationDelayMs: REPLICATION_MS });
    grantAppPermissions(world.directory, SSO_BRIDGE_APP.clientId, [...SSO_BRIDGE_PERMISSIONS, "Group.ReadWrite.All"]);
    graph = world.graph();
    users = [...world.directory.users.keys()];
  });

  afterAll(async () => {
    await world?.close();
  });

  /** A security group past its replication delay, ready for member writes. */
  async function createdGroup(name: string): Promise<string> {
    const created = (await graph.api("/groups").post(securityGroup(name))) as Obj;
    await sleep(REPLICATION_MS + 50);
    return created.id as string;
  }

  const membersOf = (id: string) => world.directory.groups.get(id)?.members ?? [];

  it("creates a security group and answers 201 with it", async () => {
    const created = (await graph.api("/groups").post({ ...securityGroup("Platform (AWS)"), description: "Managed by SSO Bridge" })) as Obj;
    expect(created).toMatchObject({
      displayName: "Platform (AWS)",
      description: "Managed by SSO Bridge",
      securityEnabled: true,
      mailEnabled: false,
      groupTypes: [],
    });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await graph.api(`/groups/${created.id as string}`).get()) as Obj).toMatchObject({ displayName: "Platform (AWS)" });
  });

  it("refuses a group Graph cannot create, naming the property", async () => {
    expect((await failure(graph.api("/groups").post({ ...securityGroup("Mail"), mailEnabled: true }))).statusCode).toBe(400);
    const noNickname = await failure(graph.api("/groups").post({ displayName: "X", mailEnabled: false, securityEnabled: true }));
    expect(noNickname.statusCode).toBe(400);
    expect(noNickname.message).toContain("mailNickname");
    expect((await failure(graph.api("/groups").post({ ...securityGroup("Spaces"), mailNickname: "has space" }))).statusCode).toBe(400);
    expect((await failure(graph.api("/groups").post({ ...securityGroup("Long"), displayName: "x".repeat(257) }))).statusCode).toBe(400);
  });

  it("refuses members of a group it has only just created, then accepts them", async () => {
    const created = (await graph.api("/groups").post(securityGroup("Fresh"))) as Obj;
    const early = await failure(graph.api(`/groups/${created.id as string}`).patch({ "members@odata.bind": [ref(users[0] as string)] }));
    expect(early.statusCode).toBe(400);
    expect(early.message).toContain("do not exist");
    await sleep(REPLICATION_MS + 50);
    await graph.api(`/groups/${created.id as string}`).patch({ "members@odata.bind": [ref(users[0] as string)] });
    expect(membersOf(created.id as string)).toEqual([users[0]]);
  });

  it("binds up to twenty members in one PATCH, and adds none when any one is wrong", async () => {
    const id = await createdGroup("Bound");
    await graph.api(`/groups/${id}`).patch({ "members@odata.bind": users.slice(0, 20).map(ref) });
    expect(membersOf(id)).toEqual(users.slice(0, 20));

    const tooMany = await failure(graph.api(`/groups/${id}`).patch({ "members@odata.bind": users.slice(20, 41).map(ref) }));
    expect(tooMany.statusCode).toBe(400);
    const existing = await failure(graph.api(`/groups/${id}`).patch({ "members@odata.bind": [ref(users[20] as string), ref(users[0] as string)] }));
    expect(existing.statusCode).toBe(400);
    expect(existing.message).toContain("already exist");
    const unknown = await failure(graph.api(`/groups/${id}`).patch({ "members@odata.bind": [ref(users[21] as string), ref(EntraDirectory.newId())] }));
    expect(unknown.statusCode).toBe(404);
    expect(membersOf(id)).toEqual(users.slice(0, 20));
  });

  it("adds one member through $ref and removes it again", async () => {
    const id = await createdGroup("By ref");
    const user = users[30] as string;
    await graph.api(`/groups/${id}/members/$ref`).post({ "@odata.id": ref(user) });
    expect(membersOf(id)).toEqual([user]);
    expect((await failure(graph.api(`/groups/${id}/members/$ref`).post({ "@odata.id": ref(user) }))).statusCode).toBe(400);
    await graph.api(`/groups/${id}/members/${user}/$ref`).delete();
    expect(membersOf(id)).toEqual([]);
    expect((await failure(graph.api(`/groups/${id}/members/${user}/$ref`).delete())).statusCode).toBe(404);
  });

  it("writes several groups' members in one $batch", async () => {
    const ids = await Promise.all(Array.from({ length: 3 }, (_, i) => graph.api("/groups").post(securityGroup(`Batched ${i}`)) as Promise<Obj>));
    await sleep(REPLICATION_MS + 50);
    const requests = ids.map((g, i) => ({
      id: String(i),
      method: "PATCH",
      url: `/groups/${g.id as string}`,
      headers: { "Content-Type": "application/json" },
      body: { "members@odata.bind": users.slice(i * 20, i * 20 + 20).map(ref) },
    }));
    const answer = (await graph.api("/$batch").post({ requests })) as { responses: { id: string; status: number }[] };
    expect(answer.responses.map((r) => r.status)).toEqual([204, 204, 204]);
    ids.forEach((g, i) => expect(membersOf(g.id as string)).toEqual(users.slice(i * 20, i * 20 + 20)));
  });

  it("deletes a group, which delta then reports removed", async () => {
    const start = (await graph.api("/groups/delta?$deltatoken=latest").get()) as DeltaPage;
    const id = await createdGroup("Doomed");
    await graph.api(`/groups/${id}`).delete();
    expect(world.directory.groups.has(id)).toBe(false);
    const changes = (await graph.api(start["@odata.deltaLink"] as string).get()) as DeltaPage;
    expect(changes.value).toContainEqual({ id, "@removed": { reason: "changed" } });
  });

  it("pages a large group's members across several copies of the group in delta", async () => {
    const big = world.directory.touch({
      id: EntraDirectory.newId(),
      displayName: "Everyone",
      description: null,
      mailNickname: "everyone",
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      createdDateTime: new Date().toISOString(),
      members: [] as string[],
      version: 0,
    });
    const template = world.directory.users.get(users[0] as string);
    if (!template) throw new Error("the seed has no users");
    for (let i = 0; i < MEMBERS_PER_PAGE * 2 + 500; i++) {
      const user = world.directory.touch({ ...template, id: EntraDirectory.newId() });
      world.directory.users.set(user.id, user);
      big.members.push(user.id);
    }
    world.directory.groups.set(big.id, big);

    const copies: Obj[] = [];
    let page = (await graph.api("/groups/delta?$select=displayName,members").get()) as DeltaPage;
    for (let pages = 1; ; pages++) {
      copies.push(...page.value.filter((g) => g.id === big.id));
      const refs = page.value.reduce((n, g) => n + ((g["members@delta"] as unknown[] | undefined)?.length ?? 0), 0);
      expect(refs).toBeLessThanOrEqual(MEMBERS_PER_PAGE);
      if (page["@odata.deltaLink"]) break;
      page = (await graph.api(page["@odata.nextLink"] as string).get()) as DeltaPage;
      expect(pages).toBeLessThan(100);
    }
    expect(copies).toHaveLength(3);
    const merged = copies.flatMap((c) => (c["members@delta"] as Obj[]).map((m) => m.id));
    expect(new Set(merged)).toEqual(new Set(big.members));
  });

  it("asks for Group.ReadWrite.All to rename a group or delete it, and only GroupMember.ReadWrite.All to change its members", async () => {
    const id = await createdGroup("Least privilege");
    grantAppPermissions(world.directory, SSO_BRIDGE_APP.clientId, SSO_BRIDGE_PERMISSIONS);
    const narrow = world.graph();
    await narrow.api(`/groups/${id}`).patch({ "members@odata.bind": [ref(users[40] as string)] });
    expect(membersOf(id)).toEqual([users[40]]);
    expect((await failure(narrow.api(`/groups/${id}`).patch({ displayName: "Renamed" }))).statusCode).toBe(403);
    expect((await failure(narrow.api(`/groups/${id}`).delete())).statusCode).toBe(403);
    expect(((await narrow.api("/groups").post(securityGroup("Created with Group.Create"))) as Obj).displayName).toBe("Created with Group.Create");

    grantAppPermissions(world.directory, SSO_BRIDGE_APP.clientId, SSO_BRIDGE_PERMISSIONS, { withhold: ["Group.Create", "GroupMember.ReadWrite.All"] });
    const readOnly = world.graph();
    expect((await failure(readOnly.api("/groups").post(securityGroup("Refused")))).statusCode).toBe(403);
    expect((await failure(readOnly.api(`/groups/${id}/members/$ref`).post({ "@odata.id": ref(users[41] as string) }))).statusCode).toBe(403);
  });
});
