import { describe, expect, it } from "vitest";
import { EntraDirectory } from "./directory";
import { grantAppPermissions, seedEntraDirectory, SSO_BRIDGE_PERMISSIONS } from "./seed";
import { CONTOSO, DEMO_PEOPLE, GRETA_GUEST, NINA_NEWCOMER, SSO_BRIDGE_APP } from "./tenant";

const fresh = () => new EntraDirectory(CONTOSO.tenantId, CONTOSO.domain);

describe("seeded Entra directory", () => {
  it("is the same for the same seed and differs for another", () => {
    const a = fresh();
    const b = fresh();
    const c = fresh();
    seedEntraDirectory(a, { users: 50, seed: 42 });
    seedEntraDirectory(b, { users: 50, seed: 42 });
    seedEntraDirectory(c, { users: 50, seed: 43 });
    const snapshot = (d: EntraDirectory) => JSON.stringify([[...d.users.values()], [...d.groups.values()]]);
    expect(snapshot(a)).toBe(snapshot(b));
    expect(snapshot(a)).not.toBe(snapshot(c));
  });

  it("keeps the tenant's demo people with their object ids and nests a named group", () => {
    const d = fresh();
    const seeded = seedEntraDirectory(d, { users: 10, nestingDepth: 3 });
    for (const person of DEMO_PEOPLE.filter((p) => p.homeTenantId === CONTOSO.tenantId)) {
      expect(d.users.get(person.objectId)?.userPrincipalName).toBe(person.userPrincipalName);
    }
    expect(d.users.get(GRETA_GUEST.objectId)?.userType).toBe("Guest");
    expect(d.groups.get(seeded.groups.developers)?.members).toContain(seeded.groups.platformTeam);
    expect(d.transitiveMembers(seeded.groups.developers)).toContain(NINA_NEWCOMER.objectId);
    const names = [...d.groups.values()].map((g) => g.displayName);
    expect(names).toEqual(expect.arrayContaining(["AWS Administrators", "AWS Developers", "AWS ReadOnly", "AWS Platform Team", "AWS Platform Team level 3"]));
  });

  it("makes the requested share of users awkward, with every kind present", () => {
    const d = fresh();
    const seeded = seedEntraDirectory(d, { users: 200, awkwardShare: 0.25, seed: 9 });
    const awkward = Object.values(seeded.awkward).flat();
    expect(awkward.length).toBeGreaterThan(30);
    expect(awkward.length).toBeLessThan(70);
    const user = (id: string | undefined) => d.users.get(id ?? "");
    expect(user(seeded.awkward.missingSurname[0])?.surname).toBeNull();
    expect(user(seeded.awkward.guest[0])).toMatchObject({ userType: "Guest", userPrincipalName: expect.stringContaining("#EXT#@") });
    expect(user(seeded.awkward.disabled[0])?.accountEnabled).toBe(false);
    expect(user(seeded.awkward.longName[0])?.displayName.length).toBeGreaterThan(256);
    const mail = user(seeded.awkward.duplicateMail[0])?.mail;
    expect([...d.users.values()].filter((u) => u.mail === mail)).toHaveLength(2);
  });

  it("grants SSO Bridge its permissions, minus any withheld", () => {
    const d = fresh();
    grantAppPermissions(d);
    expect([...(d.appPermissions.get(SSO_BRIDGE_APP.clientId) ?? [])].sort()).toEqual([...SSO_BRIDGE_PERMISSIONS].sort());
    grantAppPermissions(d, SSO_BRIDGE_APP.clientId, undefined, { withhold: ["AuditLog.Read.All"] });
    expect(d.appPermissions.get(SSO_BRIDGE_APP.clientId)?.has("AuditLog.Read.All")).toBe(false);
  });
});
