import { seededRandom } from "../seeded-random";
import { EntraDirectory, type GraphGroup, type GraphUser } from "./directory";
import { DEMO_PEOPLE, SSO_BRIDGE_APP, type DemoPerson } from "./tenant";

// Fills an EntraDirectory deterministically: the demo people with their fixed object ids, named
// AWS groups (one nested in another), and generated users and groups in which a chosen share is
// awkward in the ways real tenants are: no surname, a mail shared with someone else, guests,
// disabled accounts, display names longer than AWS accepts.

export type SeedOptions = {
  /** generated users on top of the demo people (default 40) */
  users?: number;
  /** generated groups on top of the named ones (default 8) */
  groups?: number;
  /** levels of groups nested below "AWS Developers" (default 1: "AWS Platform Team") */
  nestingDepth?: number;
  /** share of generated users that are awkward, 0..1 (default 0.2) */
  awkwardShare?: number;
  seed?: number;
};

export type SeededDirectory = {
  /** ids of the named groups */
  groups: { administrators: string; developers: string; readOnly: string; platformTeam: string };
  /** ids of generated awkward users, by kind */
  awkward: Record<AwkwardKind, string[]>;
  generatedUserIds: string[];
  generatedGroupIds: string[];
};

export type AwkwardKind = "missingSurname" | "duplicateMail" | "guest" | "disabled" | "longName";
const AWKWARD_KINDS: readonly AwkwardKind[] = ["missingSurname", "duplicateMail", "guest", "disabled", "longName"];

/** Application permissions SSO Bridge needs, granted by default to its app registration. */
export const SSO_BRIDGE_PERMISSIONS = [
  "Application.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
  "Synchronization.ReadWrite.All",
  "AuditLog.Read.All",
  "User.Read.All",
  "Group.Read.All",
  "Directory.Read.All",
  "Group.Create",
  "GroupMember.ReadWrite.All",
] as const;

/**
 * Sets the application permissions (token `roles`) of `clientId`, minus any withheld, so a
 * missing admin consent can be shown. Tokens issued afterwards carry the new set.
 */
export function grantAppPermissions(
  directory: EntraDirectory,
  clientId: string = SSO_BRIDGE_APP.clientId,
  roles: readonly string[] = SSO_BRIDGE_PERMISSIONS,
  opts: { withhold?: readonly string[] } = {},
): void {
  const withheld = new Set(opts.withhold ?? []);
  directory.appPermissions.set(clientId, new Set(roles.filter((r) => !withheld.has(r))));
}

const GIVEN = ["Alex", "Priya", "Jonas", "Mei", "Carlos", "Fatima", "Liam", "Sofia", "Kenji", "Amara", "Noah", "Elif", "Mateo", "Zara", "Oskar", "Ines"];
const SURNAMES = [
  "Okafor",
  "Lindqvist",
  "Tanaka",
  "Moreau",
  "Novak",
  "Haddad",
  "Silva",
  "Kowalski",
  "Byrne",
  "Rossi",
  "Nguyen",
  "Fischer",
  "Patel",
  "Dubois",
  "Ivanova",
  "Garcia",
];
const DEPARTMENTS = ["Engineering", "Finance", "Security", "Operations", "Sales", null];
const BASE_TIME = Date.UTC(2024, 0, 15, 9, 0, 0);

export function seedEntraDirectory(directory: EntraDirectory, opts: SeedOptions = {}): SeededDirectory {
  const random = seededRandom(opts.seed ?? 1);
  const id = () => uuidFrom(random);
  let minute = 0;
  const created = () => new Date(BASE_TIME + minute++ * 60_000).toISOString();

  const addUser = (user: Omit<GraphUser, "version" | "createdDateTime" | "otherMails"> & Partial<Pick<GraphUser, "otherMails">>): GraphUser => {
    const full: GraphUser = directory.touch({ version: 0, createdDateTime: created(), otherMails: [], ...user });
    directory.users.set(full.id, full);
    return full;
  };
  const addGroup = (groupId: string, displayName: string, members: string[], description: string | null = null): GraphGroup => {
    const group: GraphGroup = directory.touch({
      version: 0,
      id: groupId,
      displayName,
      description,
      mailNickname: displayName.replace(/[^A-Za-z0-9]/g, "").slice(0, 64) || "group",
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      createdDateTime: created(),
      members,
    });
    directory.groups.set(group.id, group);
    return group;
  };

  for (const person of DEMO_PEOPLE.filter((p) => p.homeTenantId === directory.tenantId)) addUser(demoUser(person));

  const awkward: Record<AwkwardKind, string[]> = { missingSurname: [], duplicateMail: [], guest: [], disabled: [], longName: [] };
  const generatedUserIds: string[] = [];
  const userCount = opts.users ?? 40;
  const awkwardShare = Math.min(1, Math.max(0, opts.awkwardShare ?? 0.2));
  let awkwardCount = 0;
  let previousMail: string | null = null;
  for (let i = 0; i < userCount; i++) {
    const given = pick(random, GIVEN);
    const surname = pick(random, SURNAMES);
    const local = `${given}.${surname}${i + 1}`.toLowerCase();
    const upn = `${local}@${directory.domain}`;
    const user: Parameters<typeof addUser>[0] = {
      id: id(),
      userPrincipalName: upn,
      displayName: `${given} ${surname}`,
      givenName: given,
      surname,
      mail: upn,
      mailNickname: local.replace(/\./g, ""),
      accountEnabled: true,
      userType: "Member",
      jobTitle: random() < 0.7 ? pick(random, ["Engineer", "Analyst", "Manager", "Architect"]) : null,
      department: pick(random, DEPARTMENTS),
    };
    // Cycling through the kinds guarantees each appears once the share allows five awkward users.
    const kind = random() < awkwardShare ? AWKWARD_KINDS[awkwardCount++ % AWKWARD_KINDS.length] : undefined;
    if (kind === "missingSurname") Object.assign(user, { surname: null, displayName: given });
    if (kind === "duplicateMail" && previousMail) Object.assign(user, { mail: previousMail });
    if (kind === "guest") {
      const external = `${given}.${surname}${i + 1}@partner.example`.toLowerCase();
      Object.assign(user, {
        userPrincipalName: `${external.replace("@", "_")}#EXT#@${directory.domain}`,
        mail: external,
        userType: "Guest",
        otherMails: [external],
      });
    }
    if (kind === "disabled") Object.assign(user, { accountEnabled: false });
    if (kind === "longName") Object.assign(user, { displayName: `${given} ${surname} ${"of the Extremely Long Department Name ".repeat(8)}`.trim() });
    const added = addUser(user);
    if (kind) awkward[kind].push(added.id);
    generatedUserIds.push(added.id);
    previousMail = added.mail;
  }

  const [ada, oscar, vera, nina] = DEMO_PEOPLE.map((p) => p.objectId);
  const sample = (n: number) => shuffle(random, generatedUserIds).slice(0, Math.min(n, generatedUserIds.length));
  const platformTeam = addGroup(id(), "AWS Platform Team", [nina ?? "", ...sample(3)].filter(Boolean), "Nested inside AWS Developers");
  let innermost = platformTeam;
  for (let depth = 2; depth <= (opts.nestingDepth ?? 1); depth++) {
    const deeper = addGroup(id(), `AWS Platform Team level ${depth}`, sample(2), `Nested ${depth} levels below AWS Developers`);
    innermost.members.push(deeper.id);
    innermost = deeper;
  }
  const developers = addGroup(id(), "AWS Developers", [oscar ?? "", platformTeam.id, ...sample(6)].filter(Boolean));
  if ((opts.nestingDepth ?? 1) < 1) developers.members = developers.members.filter((m) => m !== platformTeam.id);
  const administrators = addGroup(id(), "AWS Administrators", [ada ?? ""].filter(Boolean));
  const readOnly = addGroup(id(), "AWS ReadOnly", [vera ?? "", ...sample(4)].filter(Boolean));

  const generatedGroupIds: string[] = [];
  for (let i = 0; i < (opts.groups ?? 8); i++) {
    const members = sample(2 + Math.floor(random() * 12));
    // Some generated groups contain an earlier one, so nesting is not confined to the named groups.
    if (generatedGroupIds.length > 0 && random() < 0.3) members.push(pick(random, generatedGroupIds));
    generatedGroupIds.push(addGroup(id(), `${pick(random, ["Team", "Project", "Squad", "Guild"])} ${pick(random, SURNAMES)} ${i + 1}`, members).id);
  }

  return {
    groups: { administrators: administrators.id, developers: developers.id, readOnly: readOnly.id, platformTeam: platformTeam.id },
    awkward,
    generatedUserIds,
    generatedGroupIds,
  };
}

function demoUser(person: DemoPerson): Omit<GraphUser, "version" | "createdDateTime"> {
  return {
    id: person.objectId,
    userPrincipalName: person.userPrincipalName,
    displayName: person.displayName,
    givenName: person.givenName,
    surname: person.surname,
    mail: person.mail,
    mailNickname: person.userPrincipalName.split("@")[0] ?? person.givenName,
    otherMails: [],
    accountEnabled: true,
    userType: person.userType,
    jobTitle: person.jobTitle ?? null,
    department: null,
  };
}

export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16] ?? "0", 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function shuffle<T>(random: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
