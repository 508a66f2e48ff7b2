import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCIM_EXTERNAL_ID_ISSUER } from "./external-id";
import { patchOp, scimUser, startHarness, type Harness, type ScimAnswer } from "./test-support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.server.close());

const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

function expectAwsError(res: ScimAnswer, status: number) {
  expect(res.status).toBe(status);
  expect(res.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  expect(res.body.schema).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  expect(res.body.status).toBe(String(status));
  expect(typeof res.body.detail).toBe("string");
  expect(res.body.exceptionRequestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(res.body.timeStamp).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3}$/);
}

describe("SCIM users", () => {
  it("creates a user, stores it in the identity store and reads it back", async () => {
    const created = await h.call("POST", "/Users", scimUser("alice", { externalId: "entra-alice", title: "Engineer", [ENTERPRISE]: { department: "R&D" } }));
    expect(created.status).toBe(201);
    expect(created.headers.get("content-type")).toBe("application/json");
    expect(created.body).toMatchObject({
      userName: "alice",
      displayName: "Display alice",
      externalId: "entra-alice",
      active: true,
      name: { givenName: "Given", familyName: "Family" },
      emails: [{ value: "alice@contoso.example", type: "work", primary: true }],
      meta: { resourceType: "User" },
      [ENTERPRISE]: { department: "R&D" },
    });
    expect(created.body.schemas).toContain(ENTERPRISE);

    const stored = h.world.identityStore.getUser(created.body.id);
    expect(stored).toMatchObject({
      UserName: "alice",
      DisplayName: "Display alice",
      Title: "Engineer",
      Name: { GivenName: "Given", FamilyName: "Family" },
      Emails: [{ Value: "alice@contoso.example", Type: "work", Primary: true }],
      ExternalIds: [{ Issuer: SCIM_EXTERNAL_ID_ISSUER, Id: "entra-alice" }],
      Active: true,
    });

    const fetched = await h.call("GET", `/Users/${created.body.id}`);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toEqual(created.body);
  });

  it("shows users created directly in the identity store", async () => {
    const user = h.world.identityStore.createUser({ UserName: "direct.user", DisplayName: "Direct", Name: { GivenName: "D", FamilyName: "U" } });
    const res = await h.call("GET", `/Users?filter=${encodeURIComponent('userName eq "direct.user"')}`);
    expect(res.status).toBe(200);
    expect(res.body.totalResults).toBe(1);
    expect(res.body.Resources[0]).toMatchObject({ id: user.UserId, userName: "direct.user", name: { givenName: "D", familyName: "U" }, active: true });
  });

  it("filters by userName (any case), externalId, id and their and-combination", async () => {
    const bob = (await h.call("POST", "/Users", scimUser("Bob.Smith", { externalId: "ext-bob" }))).body;
    const q = async (filter: string) => (await h.call("GET", `/Users?filter=${encodeURIComponent(filter)}`)).body.Resources.map((u) => u.id);
    expect(await q('userName eq "bob.smith"')).toEqual([bob.id]);
    expect(await q('externalId eq "ext-bob"')).toEqual([bob.id]);
    expect(await q(`id eq "${bob.id}"`)).toEqual([bob.id]);
    expect(await q('userName eq "nobody"')).toEqual([]);

    const managed = (await h.call("POST", "/Users", scimUser("managed", { [ENTERPRISE]: { manager: { value: bob.id } } }))).body;
    expect(await q(`id eq "${managed.id}" and manager eq "${bob.id}"`)).toEqual([managed.id]);
    expect(await q(`manager eq "${bob.id}" and id eq "${bob.id}"`)).toEqual([]);
  });

  it("refuses filters IAM Identity Center does not support", async () => {
    for (const filter of [
      'userName co "bob"',
      'userName eq "a" or userName eq "b"',
      'displayName eq "x"',
      "userName eq bob",
      'userName eq "a" and externalId eq "b"',
    ]) {
      expectAwsError(await h.call("GET", `/Users?filter=${encodeURIComponent(filter)}`), 400);
    }
  });

  it("pages through more than 100 users with cursor and nextCursor", async () => {
    for (let i = 0; i < 105; i++)
      h.world.identityStore.createUser({ UserName: `bulk${i}`, DisplayName: `Bulk ${i}`, Name: { GivenName: "B", FamilyName: `${i}` } });
    const total = h.world.identityStore.users.size;
    const plain = await h.call("GET", "/Users");
    expect(plain.body).toMatchObject({ totalResults: total, itemsPerPage: 100, startIndex: 1 });
    expect(plain.body.Resources).toHaveLength(100);
    expect(plain.body.nextCursor).toBeUndefined();

    const seen: string[] = [];
    let cursor = "";
    let pages = 0;
    for (;;) {
      const page = await h.call("GET", `/Users?count=40&cursor=${encodeURIComponent(cursor)}`);
      expect(page.status).toBe(200);
      expect(page.body.totalResults).toBeUndefined();
      expect(page.body.itemsPerPage).toBe(page.body.Resources.length);
      seen.push(...page.body.Resources.map((u) => u.id));
      pages++;
      if (!page.body.nextCursor) break;
      expect(page.body.nextCursor).toMatch(/^[-a-zA-Z0-9+=/:_]*$/);
      cursor = page.body.nextCursor;
    }
    expect(pages).toBe(Math.ceil(total / 40));
    expect(new Set(seen).size).toBe(total);

    expectAwsError(await h.call("GET", "/Users?count=101"), 400);
    expectAwsError(await h.call("GET", "/Users?count=0"), 400);
    expectAwsError(await h.call("GET", "/Users?cursor=not*a*cursor"), 400);
  });

  it("enforces the required attributes and single values", async () => {
    const base = scimUser("strict");
    const { displayName: _d, ...noDisplayName } = base;
    expectAwsError(await h.call("POST", "/Users", noDisplayName), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, name: { givenName: "Only" } }), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, userName: undefined }), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, emails: [{ value: "a@x.example", primary: true }, { value: "b@x.example" }] }), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, phoneNumbers: [{ value: "1" }, { value: "2" }] }), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, emails: [{ value: "a@x.example", primary: false }] }), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, displayName: "Tab\there" }), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, name: { givenName: "Line\nbreak", familyName: "F" } }), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, groups: [{ value: "g" }] }), 400);
    expectAwsError(await h.call("POST", "/Users", { ...base, password: "secret" }), 400);
    expectAwsError(await h.call("POST", "/Users", "not an object"), 400);
    expect(h.world.identityStore.findUserByUserName("strict")).toBeUndefined();
  });

  it("answers a duplicate userName, in any case, with 409", async () => {
    expect((await h.call("POST", "/Users", scimUser("carol"))).status).toBe(201);
    const dup = await h.call("POST", "/Users", scimUser("CAROL"));
    expectAwsError(dup, 409);
    expect(dup.body.detail).toBe("Refused to create a new, duplicate resource.");
  });

  it("replaces a user with PUT, clearing attributes left out", async () => {
    const user = (await h.call("POST", "/Users", scimUser("dave", { title: "Lead", externalId: "ext-dave" }))).body;
    const put = await h.call("PUT", `/Users/${user.id}`, scimUser("dave", { displayName: "Dave Renamed", externalId: "ext-dave" }));
    expect(put.status).toBe(200);
    expect(put.body.displayName).toBe("Dave Renamed");
    expect(put.body.title).toBeUndefined();
    expect(h.world.identityStore.getUser(user.id).Title).toBeUndefined();
    expectAwsError(await h.call("PUT", `/Users/${user.id}`, scimUser("carol")), 409);
    expectAwsError(await h.call("PUT", "/Users/does-not-exist", scimUser("zed")), 404);
  });

  it("patches users the way Entra ID does", async () => {
    const user = (await h.call("POST", "/Users", scimUser("erin"))).body;
    const res = await h.call(
      "PATCH",
      `/Users/${user.id}`,
      patchOp(
        { op: "Replace", path: "displayName", value: "Erin E." },
        { op: "Replace", path: "name.givenName", value: "Erin" },
        { op: "Replace", path: 'emails[type eq "work"].value', value: "erin@new.example" },
        { op: "Add", path: 'phoneNumbers[type eq "mobile"].value', value: "+1 555 0100" },
        { op: "Add", path: `${ENTERPRISE}:department`, value: "Sales" },
        { op: "Replace", path: `${ENTERPRISE}:manager`, value: "mgr-1" },
        { op: "Replace", path: "active", value: "False" },
        { op: "Replace", value: { nickName: "E", title: "AE" } },
      ),
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      displayName: "Erin E.",
      name: { givenName: "Erin", familyName: "Family" },
      emails: [{ value: "erin@new.example", type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 555 0100", type: "mobile" }],
      nickName: "E",
      title: "AE",
      active: false,
      [ENTERPRISE]: { department: "Sales", manager: { value: "mgr-1" } },
    });
    const stored = h.world.identityStore.getUser(user.id);
    expect(stored.Active).toBe(false);
    expect(stored.Emails).toEqual([{ Value: "erin@new.example", Type: "work", Primary: true }]);

    const removed = await h.call(
      "PATCH",
      `/Users/${user.id}`,
      patchOp({ op: "remove", path: "title" }, { op: "remove", path: 'phoneNumbers[type eq "mobile"]' }),
    );
    expect(removed.status).toBe(200);
    expect(removed.body.title).toBeUndefined();
    expect(removed.body.phoneNumbers).toBeUndefined();
  });

  it("refuses the PATCH forms IAM Identity Center does not support", async () => {
    const user = (await h.call("POST", "/Users", scimUser("frank"))).body;
    const patch = (...ops: unknown[]) => h.call("PATCH", `/Users/${user.id}`, patchOp(...ops));
    expectAwsError(await patch({ op: "remove", path: "userName" }), 400);
    expectAwsError(await patch({ op: "replace", path: "active", value: true }, { op: "replace", path: "active", value: false }), 400);
    expectAwsError(await patch({ op: "replace", path: "photos", value: [] }), 400);
    expectAwsError(await patch({ op: "move", path: "title", value: "x" }), 400);
    expectAwsError(await patch({ op: "remove" }), 400);
    expectAwsError(await patch({ op: "add", path: "emails", value: [{ value: "second@x.example" }] }), 400);
    expectAwsError(await patch({ op: "remove", path: "name.familyName" }), 400);
    expectAwsError(await patch({ op: "replace", path: "displayName", value: "Tab\tName" }), 400);
    expectAwsError(await h.call("PATCH", `/Users/${user.id}`, { Operations: [{ op: "replace", path: "title", value: "x" }] }), 400);
    expect(h.world.identityStore.getUser(user.id).DisplayName).toBe("Display frank");
  });

  it("renames through PATCH only when the new userName is free", async () => {
    const user = (await h.call("POST", "/Users", scimUser("gina"))).body;
    expectAwsError(await h.call("PATCH", `/Users/${user.id}`, patchOp({ op: "replace", path: "userName", value: "carol" })), 409);
    const ok = await h.call("PATCH", `/Users/${user.id}`, patchOp({ op: "replace", path: "userName", value: "gina.new" }));
    expect(ok.body.userName).toBe("gina.new");
  });

  it("deletes users and their memberships", async () => {
    const user = (await h.call("POST", "/Users", scimUser("harry"))).body;
    const group = h.world.identityStore.createGroup({ DisplayName: "harry-group" });
    h.world.identityStore.addMember(group.GroupId, user.id);
    const del = await h.call("DELETE", `/Users/${user.id}`);
    expect(del.status).toBe(204);
    expect(del.body).toBeUndefined();
    expect(h.world.identityStore.users.has(user.id)).toBe(false);
    expect(h.world.identityStore.membersOf(group.GroupId)).toEqual([]);
    expectAwsError(await h.call("GET", `/Users/${user.id}`), 404);
    expectAwsError(await h.call("DELETE", `/Users/${user.id}`), 404);
  });

  it("lists the users of a group with groups.value", async () => {
    const user = (await h.call("POST", "/Users", scimUser("ivy"))).body;
    const group = h.world.identityStore.createGroup({ DisplayName: "ivy-group" });
    h.world.identityStore.addMember(group.GroupId, user.id);
    const res = await h.call("GET", `/Users?filter=${encodeURIComponent(`groups.value eq "${group.GroupId}"`)}`);
    expect(res.body.Resources.map((u) => u.id)).toEqual([user.id]);
  });
});
