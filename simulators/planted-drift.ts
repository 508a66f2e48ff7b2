import type { IdentityStore, IdsGroup, IdsUser } from "./aws/directory-store";
import { SsoAdminState } from "./aws/sso-admin/state";
import type { AwsWorld } from "./aws/world";
import type { EntraDirectory, GraphUser } from "./entra/directory";
import { uuidFrom, type SeededDirectory } from "./entra/seed";
import { OSCAR_OPERATOR } from "./entra/tenant";
import { seededRandom } from "./seeded-random";

// Differences between Entra and the AWS identity store, planted the way they come about in real
// tenants, so a drift scan has something to find. Everything hangs off the "AWS Developers" group:
// assign it to the application and let a cycle run, and every kind shows.
//
// At start (`plantDrift`): in AWS, what people make by hand in the console (users, groups, a
// duplicate of a person, users left behind by an earlier scope, assignments of people deleted since)
// and an account renamed since Entra
// disabled it; in Entra, members AWS refuses (no surname, a tab in a name) or that deserve a second
// look (a guest, a shared mail).
// After Entra's first cycle brought people to AWS (`plantAfterProvisioning`): hand edits in the AWS
// console to what it provisioned (a job title, a group name, a membership removed, one added),
// which Entra never undoes because its incremental cycles only send what changed in Entra.
//
// One kind needs SSO Bridge's own history as well: a person given AWS access through SSO Bridge,
// then deleted and recreated in Entra, whom the next cycle provisions under a new AWS id without
// that access. The simulators plant the AWS side and return the assignment SSO Bridge made then
// (`PlantedHistory`), for whoever owns SSO Bridge's database (the demo) to record.

const ISSUER = "scim";
export const AWS_CONSOLE_TITLE = "Changed in the AWS console";

export type PlantedDrift = { count: number; seed: number };

/** An account assignment SSO Bridge made before the planted tenant's history began, naming a user AWS has deleted since. */
export type PlantedAssignment = {
  accountId: string;
  permissionSetArn: string;
  permissionSetName: string;
  principalType: "USER";
  principalId: string;
  principalName: string;
  madeAt: Date;
  madeBy: string;
};

export type PlantedHistory = { assignmentsMade: PlantedAssignment[] };

export function plantDrift(directory: EntraDirectory, world: AwsWorld, seeded: SeededDirectory, opts: PlantedDrift): PlantedHistory {
  const history: PlantedHistory = { assignmentsMade: [] };
  const n = opts.count;
  if (n <= 0) return history;
  const store = world.identityStore;
  const random = seededRandom(opts.seed * 7919 + 17);
  const developers = directory.groups.get(seeded.groups.developers);
  if (!developers) return history;
  const domain = directory.domain;
  const person = (local: string, given: string | null, surname: string | null, extra: Partial<GraphUser> = {}): GraphUser => {
    const upn = `${local}@${domain}`;
    const user: GraphUser = directory.touch({
      version: 0,
      id: uuidFrom(random),
      userPrincipalName: upn,
      displayName: [given, surname].filter(Boolean).join(" ") || local,
      givenName: given,
      surname,
      mail: upn,
      mailNickname: local.replace(/\W/g, ""),
      otherMails: [],
      accountEnabled: true,
      userType: "Member",
      jobTitle: null,
      department: "Drift",
      createdDateTime: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      ...extra,
    });
    directory.users.set(user.id, user);
    return user;
  };
  const member = (...args: Parameters<typeof person>): GraphUser => {
    const user = person(...args);
    developers.members.push(user.id);
    return user;
  };
  const handMade = (userName: string, extra: Partial<IdsUser> = {}) =>
    store.createUser({ UserName: userName, DisplayName: userName, Emails: [{ Value: `${userName}@${domain}`, Type: "work", Primary: true }], ...extra });

  // AWS refuses these when Entra sends them; a scan says which rule.
  for (let i = 1; i <= n; i++) member(`drift.nosurname${i}`, `Mono${i}`, null);
  for (let i = 1; i <= n; i++) member(`drift.tab${i}`, "Tab", `Inname${i}`, { displayName: `Tab\tInname${i}` });
  // Provisioned, but worth a second look.
  for (let i = 1; i <= n; i++) {
    const external = `drift.partner${i}@partner.example`;
    member(`drift.partner${i}_partner.example#EXT#`, "Partner", `Guest${i}`, { userType: "Guest", mail: external, otherMails: [external] });
  }
  for (let i = 1; i <= n; i++) member(`drift.sharedmail${i}`, "Shared", `Mail${i}`, { mail: OSCAR_OPERATOR.mail });
  // Disabled while still a member: Entra never creates it in AWS.
  for (let i = 1; i <= n; i++) member(`drift.offboarded${i}`, "Offboarded", `Member${i}`, { accountEnabled: false });
  // Disabled in Entra after being renamed there: Entra finds no AWS user by the new name and sends nothing, so AWS keeps the old one active.
  for (let i = 1; i <= n; i++) {
    const disabled = member(`drift.disabled${i}`, "Disabled", `Member${i}`, { accountEnabled: false });
    handMade(`drift.disabled${i}.before-rename@${domain}`, {
      ExternalIds: [{ Issuer: ISSUER, Id: disabled.id }],
      Name: { GivenName: "Disabled", FamilyName: `Member${i}` },
    });
  }

  // Made by hand in the AWS console, before or beside provisioning.
  for (let i = 1; i <= n; i++) handMade(`handmade.user${i}`);
  for (let i = 1; i <= n; i++) store.createGroup({ DisplayName: `Hand-made group ${i}`, Description: "Created in the AWS console" });
  handMade("oscar.operator.old", { Emails: [{ Value: OSCAR_OPERATOR.mail ?? "", Type: "work", Primary: true }] });
  // Account assignments of people deleted by hand since: AWS keeps the assignment, naming nobody.
  const sso = world.ssoAdmin.state;
  const [account] = [...world.organization.accounts.keys()].sort();
  if (sso instanceof SsoAdminState && account) {
    const permissionSet = (name: string, description: string) => {
      const arn = sso.newPermissionSetArn();
      sso.permissionSets.set(arn, {
        Name: name,
        PermissionSetArn: arn,
        Description: description,
        CreatedDate: new Date(Date.UTC(2025, 0, 1)),
        SessionDuration: "PT1H",
        managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        customerManagedPolicies: [],
        version: 1,
      });
      sso.provisionedAccounts(arn).set(account, 1);
      return arn;
    };
    const legacy = permissionSet("LegacyOperators", "Assigned by hand before SSO Bridge");
    for (let i = 1; i <= n; i++) {
      const departed = handMade(`departed.user${i}`);
      sso.assignments.push({ AccountId: account, PermissionSetArn: legacy, PrincipalType: "USER", PrincipalId: departed.UserId });
      store.deleteUser(departed.UserId);
    }
    // Given access through SSO Bridge, then deleted and recreated in Entra: provisioning deleted the
    // AWS user, and its next cycle creates the new one under a new id, without the access.
    const reviewers = permissionSet("DriftReviewers", "Assigned through SSO Bridge");
    for (let i = 1; i <= n; i++) {
      const recreated = member(`drift.recreated${i}`, "Recreated", `Member${i}`);
      const former = handMade(recreated.userPrincipalName, {
        ExternalIds: [{ Issuer: ISSUER, Id: uuidFrom(random) }],
        DisplayName: recreated.displayName,
        Name: { GivenName: "Recreated", FamilyName: `Member${i}` },
      });
      sso.assignments.push({ AccountId: account, PermissionSetArn: reviewers, PrincipalType: "USER", PrincipalId: former.UserId });
      store.deleteUser(former.UserId);
      history.assignmentsMade.push({
        accountId: account,
        permissionSetArn: reviewers,
        permissionSetName: "DriftReviewers",
        principalType: "USER",
        principalId: former.UserId,
        principalName: former.UserName,
        madeAt: new Date(Date.UTC(2026, 0, 15)),
        madeBy: OSCAR_OPERATOR.displayName,
      });
    }
  }
  // Left behind by an earlier scope: people Entra provisioned once who are no longer assigned.
  for (let i = 1; i <= n; i++) {
    const former = person(`drift.former${i}`, "Former", `Member${i}`);
    handMade(former.userPrincipalName, { ExternalIds: [{ Issuer: ISSUER, Id: former.id }], DisplayName: former.displayName });
  }
  return history;
}

/** Whether drift was planted into this tenant, on this start or an earlier one the state was saved from. */
export function isPlantedIn(directory: EntraDirectory): boolean {
  for (const u of directory.users.values()) if (u.userPrincipalName.startsWith("drift.nosurname1@")) return true;
  return false;
}

/**
 * Once Entra has provisioned people into a group, edits a few of them by hand in AWS, once: returns
 * false while there is nothing provisioned to edit yet.
 */
export function plantAfterProvisioning(store: IdentityStore, opts: PlantedDrift): boolean {
  const users = [...store.users.values()];
  if (users.some((u) => u.Title === AWS_CONSOLE_TITLE)) return true;
  const provisioned = new Map(users.filter((u) => u.ExternalIds?.some((x) => x.Issuer === ISSUER) && u.Active).map((u) => [u.UserId, u]));
  const membersOf = (groupId: string) =>
    store
      .membersOf(groupId)
      .flatMap((m) => provisioned.get(m.MemberId.UserId) ?? [])
      .sort((a, b) => a.UserName.localeCompare(b.UserName));
  const provisionedGroup = (g: IdsGroup) => g.ExternalIds?.some((x) => x.Issuer === ISSUER) ?? false;
  // A group Entra created comes first: renamed in AWS, it still matches Entra's by its external id.
  const groups = [...store.groups.values()]
    .filter((g) => membersOf(g.GroupId).length > 0)
    .sort((a, b) => Number(provisionedGroup(b)) - Number(provisionedGroup(a)) || a.DisplayName.localeCompare(b.DisplayName));
  const group = groups[0];
  if (!group) return false;
  const members = membersOf(group.GroupId);
  for (const u of members.slice(0, opts.count)) store.updateUser(u.UserId, { Title: AWS_CONSOLE_TITLE });
  store.removeMember(group.GroupId, members[members.length - 1]!.UserId);
  const handMadeUser = store.findUserByUserName("handmade.user1");
  if (handMadeUser && !store.findMembership(group.GroupId, handMadeUser.UserId)) store.addMember(group.GroupId, handMadeUser.UserId);
  if (provisionedGroup(group)) store.updateGroup(group.GroupId, { DisplayName: `${group.DisplayName} (renamed in AWS)` });
  return true;
}
