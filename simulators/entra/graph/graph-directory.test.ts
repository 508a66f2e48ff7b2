import { PageIterator, type Client, type PageCollection } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FaultInjector } from "../../faults";
import { grantAppPermissions } from "../seed";
import { ADA_ADMIN, GRETA_GUEST, NINA_NEWCOMER, OSCAR_OPERATOR, SSO_BRIDGE_APP } from "../tenant";
import { startGraphTestWorld, type GraphTestWorld } from "./graph-test-setup";

type Obj = Record<string, unknown>;

describe("Graph users, groups and errors", () => {
  const faults = new FaultInjector();
  let world: GraphTestWorld;
  let graph: Client;

  beforeAll(async () => {
    world = await startGraphTestWorld({ faults, seed: { users: 120, groups: 4, seed: 3, awkwardShare: 0.2 } });
    graph = world.graph();
  });

  afterAll(async () => {
    await world?.close();
  });

  it("pages through every user with PageIterator and $top", async () => {
    const first = (await graph.api("/users").top(50).select("id,userPrincipalName,accountEnabled").get()) as PageCollection;
    expect(first.value).toHaveLength(50);
    expect(first["@odata.nextLink"]).toMatch(/^https:\/\/localhost:\d+\/v1\.0\/users\?.*\$skiptoken=/);
    const ids: string[] = [];
    await new PageIterator(graph, first, (u: Obj) => {
      ids.push(u.id as string);
      expect(Object.keys(u).sort()).toEqual(["accountEnabled", "id", "userPrincipalName"]);
      return true;
    }).iterate();
    expect(ids).toHaveLength(world.directory.users.size);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("returns Graph's default user properties without $select and rejects an unknown one", async () => {
    const ada = (await graph.api(`/users/${ADA_ADMIN.userPrincipalName}`).get()) as Obj;
    expect(ada.id).toBe(ADA_ADMIN.objectId);
    expect(ada).toHaveProperty("businessPhones");
    expect(ada).not.toHaveProperty("accountEnabled");
    await expect(graph.api("/users").select("id,favouriteColour").get()).rejects.toMatchObject({ statusCode: 400, code: "Request_BadRequest" });
  });

  it("filters users by the forms SSO Bridge uses", async () => {
    const byUpn = (await graph.api("/users").filter(`userPrincipalName eq '${OSCAR_OPERATOR.userPrincipalName.toUpperCase()}'`).get()) as PageCollection;
    expect(byUpn.value.map((u: Obj) => u.id)).toEqual([OSCAR_OPERATOR.objectId]);
    const starts = (await graph.api("/users").filter("startswith(displayName,'Ada')").get()) as PageCollection;
    expect(starts.value.map((u: Obj) => u.id)).toContain(ADA_ADMIN.objectId);
    const both = (await graph.api("/users").filter(`id in ('${ADA_ADMIN.objectId}', '${NINA_NEWCOMER.objectId}')`).get()) as PageCollection;
    expect(both.value).toHaveLength(2);
    const guests = (await graph.api("/users").filter("userType eq 'Guest'").select("id,userPrincipalName,userType").get()) as PageCollection;
    expect(guests.value.length).toBeGreaterThan(0);
    expect(guests.value.every((u: Obj) => u.userType === "Guest")).toBe(true);
    // Invited guests carry #EXT# in their user name; the one guest account made in the tenant itself does not.
    expect(guests.value.filter((u: Obj) => !String(u.userPrincipalName).includes("#EXT#")).map((u: Obj) => u.id)).toEqual([GRETA_GUEST.objectId]);
    await expect(graph.api("/users").filter("favouriteColour eq 'blue'").get()).rejects.toMatchObject({ statusCode: 400, code: "Request_UnsupportedQuery" });
  });

  it("counts with ConsistencyLevel: eventual only", async () => {
    const counted = (await graph.api("/users").header("ConsistencyLevel", "eventual").count(true).top(1).get()) as Obj;
    expect(counted["@odata.count"]).toBe(world.directory.users.size);
    await expect(graph.api("/users").count(true).get()).rejects.toMatchObject({ statusCode: 400 });
  });

  it("tells direct members from transitive members of a nested group", async () => {
    const developers = world.seeded.groups.developers;
    const direct = (await graph.api(`/groups/${developers}/members`).get()) as PageCollection;
    const nested = (direct.value as Obj[]).find((m) => m["@odata.type"] === "#microsoft.graph.group");
    expect(nested?.id).toBe(world.seeded.groups.platformTeam);
    expect(direct.value.map((m: Obj) => m.id)).not.toContain(NINA_NEWCOMER.objectId);
    const transitive = (await graph.api(`/groups/${developers}/transitiveMembers`).get()) as PageCollection;
    expect(transitive.value.map((m: Obj) => m.id)).toEqual(
      expect.arrayContaining([NINA_NEWCOMER.objectId, OSCAR_OPERATOR.objectId, world.seeded.groups.platformTeam]),
    );
    const named = (await graph.api("/groups").filter("displayName eq 'AWS Administrators'").get()) as PageCollection;
    expect(named.value.map((g: Obj) => g.id)).toEqual([world.seeded.groups.administrators]);
  });

  it("answers an unknown object with Graph's 404 body", async () => {
    const res = await world.fetch(`${world.cloud.graph.graphBaseUrl}/users/00000000-0000-0000-0000-00000000dead`, {
      headers: { authorization: `Bearer ${await world.token()}`, "client-request-id": "req-1" },
    });
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; message: string; innerError: Obj } };
    expect(body.error.code).toBe("Request_ResourceNotFound");
    expect(body.error.innerError).toMatchObject({ "client-request-id": "req-1" });
    expect(body.error.innerError["request-id"]).toEqual(res.headers.get("request-id"));
    expect(typeof body.error.innerError.date).toBe("string");
  });

  it("refuses a missing or forged token with 401 InvalidAuthenticationToken", async () => {
    const none = await world.fetch(`${world.cloud.graph.graphBaseUrl}/users`);
    expect(none.status).toBe(401);
    const token = await world.token();
    const [h, p] = token.split(".");
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p ?? "", "base64url").toString()), roles: ["Directory.ReadWrite.All"] }),
    ).toString("base64url");
    const forged = await world.fetch(`${world.cloud.graph.graphBaseUrl}/users`, {
      headers: { authorization: `Bearer ${h}.${forgedPayload}.${token.split(".")[2]}` },
    });
    expect(forged.status).toBe(401);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe("InvalidAuthenticationToken");
  });

  it("refuses with 403 Authorization_RequestDenied when a permission is withheld", async () => {
    grantAppPermissions(world.directory, SSO_BRIDGE_APP.clientId, undefined, { withhold: ["User.Read.All", "Directory.Read.All"] });
    try {
      await expect(world.graph().api("/users").get()).rejects.toMatchObject({
        statusCode: 403,
        code: "Authorization_RequestDenied",
        message: "Insufficient privileges to complete the operation.",
      });
      // Groups remain readable through Group.Read.All.
      await expect(world.graph().api("/groups").get()).resolves.toHaveProperty("value");
    } finally {
      grantAppPermissions(world.directory);
    }
  });

  it("throttles with 429 and Retry-After, which the Graph client's RetryHandler honours", async () => {
    let calls = 0;
    faults.set([{ route: "graph:GET /groups/{id}", throttleRate: 1, retryAfterSeconds: 1 }]);
    const original = faults.decide.bind(faults);
    // Lift the throttle after the first answer so the retry is the one that succeeds.
    faults.decide = async (route) => {
      const decision = await original(route);
      if (route === "graph:GET /groups/{id}" && ++calls === 1) faults.clear();
      return decision;
    };
    try {
      const started = Date.now();
      const group = (await graph.api(`/groups/${world.seeded.groups.readOnly}`).get()) as Obj;
      expect(group.displayName).toBe("AWS ReadOnly");
      expect(calls).toBe(2);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    } finally {
      faults.decide = original;
      faults.clear();
    }
  });
});
