import { beforeEach, describe, expect, it } from "vitest";
import { admitPerson, type EntraIdentity } from "@/lib/auth/admit-person";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { AppError } from "@/lib/errors";
import { addPerson, changeRole, listPeople, removePerson, setDisabled } from "@/lib/people";
import { readSettings, updateSettings } from "@/lib/settings";
import { clearAuditLog, testProvider, useFreshDatabase } from "../support/databases";

const TENANT = "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f";
const policy = { tenantId: TENANT, admins: [], firstSignInAdmin: true };
const withAdminList = { tenantId: TENANT, admins: ["boss@contoso.example"], firstSignInAdmin: false };
const ctx = { requestId: "req", ipAddress: "127.0.0.1", userAgent: "test" };

let n = 0;
function person(login: string, over: Partial<EntraIdentity> = {}): EntraIdentity {
  n += 1;
  return {
    oid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    tid: TENANT,
    login,
    name: login.split("@")[0]!,
    email: login,
    idp: null,
    accountType: "member",
    ...over,
  };
}

const database = useFreshDatabase();
beforeEach(async () => {
  await clearAuditLog(database.client);
  await database.client.user.deleteMany();
  await database.client.setting.deleteMany();
});

const actorFor = async (login: string) => {
  const u = await database.client.user.findUniqueOrThrow({ where: { login } });
  return { actor: { type: "person" as const, id: u.id, label: u.name }, context: ctx };
};

describe(`signing in on ${testProvider()}`, () => {
  it("makes the first person admin and later people viewers, auditing each sign-in", async () => {
    expect(await admitPerson(person("ada@contoso.example"), policy, ctx)).toMatchObject({ admitted: true, role: "admin" });
    expect(await admitPerson(person("vera@contoso.example"), policy, ctx)).toMatchObject({ admitted: true, role: "viewer" });
    const events = await database.client.auditEvent.findMany({ orderBy: { seq: "asc" } });
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual(["person.role.change:success", "auth.sign-in:success", "auth.sign-in:success"]);
    expect(events[0]!.actorType).toBe("system");
    expect(await verifyAuditChain(database.client)).toMatchObject({ ok: true });
  });

  it("makes people listed in SSO_BRIDGE_ADMINS admin, even if they were viewers", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const boss = person("boss@contoso.example");
    await database.client.user.create({ data: { login: "boss@contoso.example", name: "boss", role: "viewer" } });
    expect(await admitPerson(boss, withAdminList, ctx)).toMatchObject({ admitted: true, role: "admin" });
  });

  it("refuses another tenant's account and records the refusal", async () => {
    const result = await admitPerson(person("frank@fabrikam.example", { tid: "9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d" }), policy, ctx);
    expect(result).toEqual({ admitted: false, reason: "wrong-tenant" });
    expect(await database.client.user.count()).toBe(0);
    expect(await database.client.auditEvent.findFirst()).toMatchObject({ action: "auth.sign-in", outcome: "denied" });
  });

  it("with self sign-up off, admits only people an admin added, with the role given", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const by = await actorFor("ada@contoso.example");
    await updateSettings({ selfSignUp: false }, by);
    expect(await admitPerson(person("nina@contoso.example"), policy, ctx)).toEqual({ admitted: false, reason: "not-invited" });
    await addPerson({ login: "Oscar@Contoso.example", role: "operator" }, by);
    expect(await admitPerson(person("oscar@contoso.example"), policy, ctx)).toMatchObject({ admitted: true, role: "operator" });
  });

  it("does not hand a reassigned user name the previous holder's account", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    await admitPerson(person("sam@contoso.example"), policy, ctx);
    const newSam = person("sam@contoso.example");
    expect(await admitPerson(newSam, policy, ctx)).toEqual({ admitted: false, reason: "identity-conflict" });
    expect(await database.client.user.count({ where: { entraObjectId: newSam.oid } })).toBe(0);

    const oldSam = await database.client.user.findUniqueOrThrow({ where: { login: "sam@contoso.example" } });
    await removePerson(oldSam.id, await actorFor("ada@contoso.example"));
    expect(await admitPerson(newSam, policy, ctx)).toMatchObject({ admitted: true, role: "viewer" });
    const removal = await database.client.auditEvent.findFirstOrThrow({ where: { action: "person.remove" } });
    expect(JSON.parse(removal.details)).toEqual({ before: { login: "sam@contoso.example", role: "viewer", disabled: false } });
  });

  it("will not remove oneself", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const ada = await actorFor("ada@contoso.example");
    await expect(removePerson(ada.actor.id, ada)).rejects.toThrow("You cannot remove yourself from the team.");
  });

  it("refuses guests invited from other organizations", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const guest = person("vendor_fabrikam.example#EXT#@contoso.example", { idp: "https://sts.windows.net/9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d/" });
    expect(await admitPerson(guest, policy, ctx)).toEqual({ admitted: false, reason: "guest" });
  });

  it("refuses a guest of the tenant by the acct claim, though no idp claim names another organization", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const guest = person("greta.guest@contoso.example", { accountType: "guest" });
    expect(await admitPerson(guest, policy, ctx)).toEqual({ admitted: false, reason: "guest" });
    expect(await database.client.user.count({ where: { login: "greta.guest@contoso.example" } })).toBe(0);
    const refusal = await database.client.auditEvent.findFirstOrThrow({ where: { action: "auth.sign-in", outcome: "denied" } });
    expect(JSON.parse(refusal.details)).toMatchObject({ reason: "guest" });
  });

  it("refuses a token without the acct claim, saying so, unless the configuration treats such accounts as members", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const unsaid = person("sam@contoso.example", { accountType: null });
    expect(await admitPerson(unsaid, policy, ctx)).toEqual({ admitted: false, reason: "no-acct-claim" });
    expect(await database.client.user.count({ where: { login: "sam@contoso.example" } })).toBe(0);

    expect(await admitPerson(unsaid, { ...policy, missingAcctClaim: "member" }, ctx)).toMatchObject({ admitted: true, role: "viewer" });
    const signIn = await database.client.auditEvent.findFirstOrThrow({
      where: { action: "auth.sign-in", outcome: "success", targetLabel: "sam@contoso.example" },
    });
    expect(JSON.parse(signIn.details)).toMatchObject({ acctClaim: "missing: treated as a member (SSO_BRIDGE_MISSING_ACCT_CLAIM=member)" });
    // The configuration vouches only for a missing claim: a token that says guest is refused all the same.
    const guest = person("gus@contoso.example", { accountType: "guest" });
    expect(await admitPerson(guest, { ...policy, missingAcctClaim: "member" }, ctx)).toEqual({ admitted: false, reason: "guest" });
  });

  it("does not make someone admin because their e-mail matches the admin list", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const impostor = person("eve@contoso.example", { email: "boss@contoso.example" });
    expect(await admitPerson(impostor, withAdminList, ctx)).toMatchObject({ admitted: true, role: "viewer" });
  });

  it("with an admin list configured, nobody becomes admin by being first", async () => {
    expect(await admitPerson(person("early@contoso.example"), withAdminList, ctx)).toMatchObject({ admitted: true, role: "viewer" });
    expect(await admitPerson(person("boss@contoso.example"), withAdminList, ctx)).toMatchObject({ admitted: true, role: "admin" });
  });

  it("without an admin list, makes nobody admin by being first unless the configuration says so", async () => {
    const noFirstAdmin = { tenantId: TENANT, admins: [], firstSignInAdmin: false };
    expect(await admitPerson(person("early@contoso.example"), noFirstAdmin, ctx)).toMatchObject({ admitted: true, role: "viewer" });
    expect(await database.client.auditEvent.count({ where: { action: "person.role.change" } })).toBe(0);
  });

  it("refuses a disabled person", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const vera = person("vera@contoso.example");
    await admitPerson(vera, policy, ctx);
    const veraRow = await database.client.user.findUniqueOrThrow({ where: { login: "vera@contoso.example" } });
    await setDisabled(veraRow.id, true, await actorFor("ada@contoso.example"));
    expect(await admitPerson(vera, policy, ctx)).toEqual({ admitted: false, reason: "disabled" });
  });

  // As for the audit chain, only PostgreSQL runs these sign-ins truly in parallel.
  it("gives exactly one admin when several people sign in to an empty database at once", async () => {
    const results = await Promise.all(["a", "b", "c", "d"].map((x) => admitPerson(person(`${x}@contoso.example`), policy, ctx)));
    expect(results.filter((r) => r.admitted && r.role === "admin")).toHaveLength(1);
    expect(await verifyAuditChain(database.client)).toMatchObject({ ok: true });
  });
});

describe(`managing the team on ${testProvider()}`, () => {
  it("audits a role change with before and after", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    await admitPerson(person("vera@contoso.example"), policy, ctx);
    const vera = await database.client.user.findUniqueOrThrow({ where: { login: "vera@contoso.example" } });
    await changeRole(vera.id, "operator", await actorFor("ada@contoso.example"));
    const event = await database.client.auditEvent.findFirstOrThrow({ where: { action: "person.role.change", actorType: "person" } });
    expect(JSON.parse(event.details)).toEqual({ before: { role: "viewer", disabled: false }, after: { role: "operator", disabled: false } });
    expect(event.targetId).toBe(vera.id);
  });

  it("keeps at least one active admin", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const ada = await actorFor("ada@contoso.example");
    await expect(changeRole(ada.actor.id, "viewer", ada)).rejects.toThrow(/at least one active admin/);
    await expect(setDisabled(ada.actor.id, true, ada)).rejects.toThrow(new AppError("Conflict", "You cannot disable your own account."));
    expect((await database.client.user.findUniqueOrThrow({ where: { id: ada.actor.id } })).role).toBe("admin");
  });

  it("lets only one of two admins demoting each other at once succeed", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    await admitPerson(person("oscar@contoso.example"), policy, ctx);
    const ada = await actorFor("ada@contoso.example");
    const oscar = await actorFor("oscar@contoso.example");
    await changeRole(oscar.actor.id, "admin", ada);
    const results = await Promise.allSettled([changeRole(oscar.actor.id, "viewer", ada), changeRole(ada.actor.id, "viewer", oscar)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await database.client.user.count({ where: { role: "admin" } })).toBe(1);
  });

  it("does not count an admin who never signed in as the remaining admin", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const ada = await actorFor("ada@contoso.example");
    await addPerson({ login: "typo@contoso.example", role: "admin" }, ada);
    await expect(changeRole(ada.actor.id, "viewer", ada)).rejects.toThrow(/at least one active admin/);
  });

  it("refuses to add someone twice, with a clear message", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const by = await actorFor("ada@contoso.example");
    await addPerson({ login: "oscar@contoso.example", role: "viewer" }, by);
    await expect(addPerson({ login: "OSCAR@contoso.example", role: "admin" }, by)).rejects.toThrow("oscar@contoso.example is already on the team.");
  });

  it("audits a settings change once, and not a save that changes nothing", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const by = await actorFor("ada@contoso.example");
    await updateSettings({ selfSignUp: false }, by);
    await updateSettings({ selfSignUp: false }, by);
    expect(await readSettings()).toEqual({ selfSignUp: false, allowLabScimEndpoints: false, allowLabWebhooks: false, auditRetentionDays: null });
    const events = await database.client.auditEvent.findMany({ where: { action: "settings.sign-in.update" } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.details)).toEqual({ before: { selfSignUp: true }, after: { selfSignUp: false } });
  });

  it("audits each settings form's change under its own name", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    const by = await actorFor("ada@contoso.example");
    await updateSettings({ allowLabScimEndpoints: true }, by);
    await updateSettings({ allowLabWebhooks: true, auditRetentionDays: 90 }, by);
    const events = await database.client.auditEvent.findMany({ where: { targetType: "settings" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.action, JSON.parse(e.details) as unknown])).toEqual([
      ["settings.lab-scim-endpoints.update", { before: { allowLabScimEndpoints: false }, after: { allowLabScimEndpoints: true } }],
      ["settings.lab-webhooks.update", { before: { allowLabWebhooks: false }, after: { allowLabWebhooks: true } }],
      ["settings.audit-retention.update", { before: { auditRetentionDays: null }, after: { auditRetentionDays: 90 } }],
    ]);
  });

  it("audits disabling and enabling a person under their own names", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    await admitPerson(person("vera@contoso.example"), policy, ctx);
    const vera = await database.client.user.findUniqueOrThrow({ where: { login: "vera@contoso.example" } });
    const by = await actorFor("ada@contoso.example");
    await setDisabled(vera.id, true, by);
    await setDisabled(vera.id, false, by);
    const events = await database.client.auditEvent.findMany({ where: { targetId: vera.id, action: { startsWith: "person." } }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["person.disable", "person.enable"]);
  });

  it("takes a role it does not know in the database for damage, naming the column and the value", async () => {
    await admitPerson(person("ada@contoso.example"), policy, ctx);
    await database.client.user.create({ data: { login: "mallory@contoso.example", name: "Mallory", role: "superuser" } });
    await expect(listPeople()).rejects.toThrow("User.role holds “superuser”, which is not one of viewer, operator, admin");
  });
});
