import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { patchOp, startHarness, type Harness } from "./test-support";

let h: Harness;
let userIds: string[] = [];
beforeAll(async () => {
  h = await startHarness();
  userIds = [];
  for (let i = 0; i < 105; i++) {
    userIds.push(h.world.identityStore.createUser({ UserName: `member${i}`, DisplayName: `M ${i}`, Name: { GivenName: "M", FamilyName: `${i}` } }).UserId);
  }
});
afterAll(() => h.server.close());

const members = (ids: string[]) => ids.map((value) => ({ value }));
const uid = (i: number) => userIds[i] as string;
const groupsOf = async (userId: string) =>
  (await h.call("GET", `/Groups?filter=${encodeURIComponent(`members eq "${userId}"`)}`)).body.Resources.map((g) => g.displayName).sort();

describe("SCIM groups", () => {
  it("creates a group with members, stores both and returns no members", async () => {
    const res = await h.call("POST", "/Groups", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
      displayName: "Admins",
      externalId: "ext-admins",
      members: members([uid(0), uid(1)]),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ displayName: "Admins", externalId: "ext-admins", members: [], meta: { resourceType: "Group" } });
    const stored = h.world.identityStore.getGroup(res.body.id);
    expect(stored.DisplayName).toBe("Admins");
    expect(
      h.world.identityStore
        .membersOf(res.body.id)
        .map((m) => m.MemberId.UserId)
        .sort(),
    ).toEqual([uid(0), uid(1)].sort());

    const got = await h.call("GET", `/Groups/${res.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.members).toEqual([]);
  });

  it("finds groups by displayName, externalId, id and member", async () => {
    const ops = (await h.call("POST", "/Groups", { displayName: "Ops", externalId: "ext-ops", members: members([uid(2)]) })).body;
    const direct = h.world.identityStore.createGroup({ DisplayName: "Direct Group" });
    h.world.identityStore.addMember(direct.GroupId, uid(2));
    const q = async (filter: string) => (await h.call("GET", `/Groups?filter=${encodeURIComponent(filter)}`)).body.Resources.map((g) => g.id);
    expect(await q('displayName eq "Ops"')).toEqual([ops.id]);
    expect(await q('externalId eq "ext-ops"')).toEqual([ops.id]);
    expect(await q(`id eq "${ops.id}"`)).toEqual([ops.id]);
    expect(await groupsOf(uid(2))).toEqual(["Direct Group", "Ops"]);
    expect(await q(`id eq "${ops.id}" and members eq "${uid(2)}"`)).toEqual([ops.id]);
    expect(await q(`members.value eq "${uid(2)}" and id eq "${direct.GroupId}"`)).toEqual([direct.GroupId]);
    expect(await q(`id eq "${ops.id}" and members eq "${uid(3)}"`)).toEqual([]);

    const unknownMember = await h.call("GET", `/Groups?filter=${encodeURIComponent('members eq "no-such-user"')}`);
    expect(unknownMember.status).toBe(404);
    for (const filter of ['displayName sw "O"', 'displayName eq "Ops" and externalId eq "ext-ops"', 'members eq "x" or id eq "y"']) {
      const res = await h.call("GET", `/Groups?filter=${encodeURIComponent(filter)}`);
      expect(res.status).toBe(400);
      expect(res.body.status).toBe("400");
    }
  });

  it("adds and removes members with PATCH and answers 204", async () => {
    const g = (await h.call("POST", "/Groups", { displayName: "Devs" })).body;
    const add = await h.call("PATCH", `/Groups/${g.id}`, patchOp({ op: "add", path: "members", value: members([uid(4), uid(5), uid(6)]) }));
    expect(add.status).toBe(204);
    expect(add.body).toBeUndefined();
    expect(await groupsOf(uid(5))).toEqual(["Devs"]);

    // Adding an existing member again is harmless; removal works both by filter path and by value list.
    const change = await h.call(
      "PATCH",
      `/Groups/${g.id}`,
      patchOp(
        { op: "Add", path: "members", value: members([uid(4)]) },
        { op: "Remove", path: `members[value eq "${uid(5)}"]` },
        { op: "remove", path: "members", value: members([uid(6)]) },
        { op: "replace", path: "displayName", value: "Developers" },
        { op: "replace", value: { externalId: "ext-devs" } },
      ),
    );
    expect(change.status).toBe(204);
    expect(h.world.identityStore.membersOf(g.id).map((m) => m.MemberId.UserId)).toEqual([uid(4)]);
    expect((await h.call("GET", `/Groups/${g.id}`)).body).toMatchObject({ displayName: "Developers", externalId: "ext-devs" });
  });

  it("refuses replace and remove-all of members, over-large changes and other attributes", async () => {
    const g = (await h.call("POST", "/Groups", { displayName: "Guarded", members: members([uid(7)]) })).body;
    const patch = (...ops: unknown[]) => h.call("PATCH", `/Groups/${g.id}`, patchOp(...ops));
    const refused = [
      await patch({ op: "replace", path: "members", value: members([uid(8)]) }),
      await patch({ op: "replace", value: { members: members([uid(8)]) } }),
      await patch({ op: "remove", path: "members" }),
      await patch({ op: "add", path: "members", value: members(userIds.slice(0, 101)) }),
      await patch(
        { op: "add", path: "members", value: members(userIds.slice(0, 60)) },
        { op: "remove", path: "members", value: members(userIds.slice(60, 101)) },
      ),
      await patch({ op: "replace", path: "description", value: "x" }),
      await patch({ op: "add", path: "members", value: members(["no-such-user"]) }),
      await patch({ op: "remove", path: "displayName" }),
    ];
    for (const res of refused) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ status: "400", schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] });
    }
    expect(h.world.identityStore.membersOf(g.id).map((m) => m.MemberId.UserId)).toEqual([uid(7)]);

    const hundred = await patch({ op: "add", path: "members", value: members(userIds.slice(0, 100)) });
    expect(hundred.status).toBe(204);
    expect(h.world.identityStore.membersOf(g.id)).toHaveLength(100);
  });

  it("caps CreateGroup at 100 members and requires displayName", async () => {
    expect((await h.call("POST", "/Groups", { displayName: "Too Big", members: members(userIds.slice(0, 101)) })).status).toBe(400);
    expect(h.world.identityStore.findGroupByDisplayName("Too Big")).toBeUndefined();
    expect((await h.call("POST", "/Groups", { displayName: "Just Right", members: members(userIds.slice(0, 100)) })).status).toBe(201);
    expect((await h.call("POST", "/Groups", { externalId: "nameless" })).status).toBe(400);
    expect((await h.call("POST", "/Groups", { displayName: "Bad\r\nName" })).status).toBe(400);
  });

  it("answers a duplicate displayName with 409", async () => {
    await h.call("POST", "/Groups", { displayName: "Unique" });
    const dup = await h.call("POST", "/Groups", { displayName: "Unique" });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: "409", detail: "Refused to create a new, duplicate resource." });
    const other = (await h.call("POST", "/Groups", { displayName: "Other" })).body;
    expect((await h.call("PATCH", `/Groups/${other.id}`, patchOp({ op: "replace", path: "displayName", value: "Unique" }))).status).toBe(409);
  });

  it("has no PutGroup, pages groups with cursors and deletes groups", async () => {
    const g = (await h.call("POST", "/Groups", { displayName: "Temp", members: members([uid(104)]) })).body;
    const put = await h.call("PUT", `/Groups/${g.id}`, { displayName: "Temp2" });
    expect(put.status).toBe(400);
    expect(h.world.identityStore.getGroup(g.id).DisplayName).toBe("Temp");

    const first = await h.call("GET", "/Groups?count=2&cursor=");
    expect(first.body.Resources).toHaveLength(2);
    expect(first.body.nextCursor).toBeTruthy();
    const second = await h.call("GET", `/Groups?count=2&cursor=${encodeURIComponent(first.body.nextCursor ?? "")}`);
    expect(second.body.Resources[0]?.id).not.toBe(first.body.Resources[0]?.id);

    expect((await h.call("DELETE", `/Groups/${g.id}`)).status).toBe(204);
    expect(h.world.identityStore.groups.has(g.id)).toBe(false);
    expect(await groupsOf(uid(104))).toEqual([]);
    expect((await h.call("GET", `/Groups/${g.id}`)).status).toBe(404);
    expect((await h.call("PATCH", `/Groups/${g.id}`, patchOp({ op: "add", path: "members", value: members([uid(104)]) }))).status).toBe(404);
  });
});
