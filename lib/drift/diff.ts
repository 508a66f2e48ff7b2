import type { AssignmentKey } from "../aws/account-assignments";
import type { AwsDirectory, AwsGroup, AwsUser } from "../aws/identity-store-directory";
import type { EntraScope, EntraUser } from "../entra/provisioning-scope";
import { assignmentFindings, type AssignmentRecord, type AssignmentRef } from "./assignment-drift";
import { preflight, PREFLIGHT_RULES, REFUSING_RULES, type PreflightIssue } from "./preflight";
import { attributeDifferences, type AttributeDifference } from "./user-mapping";

// The diff of a drift scan: every user and group in the app's scope matched to AWS as Entra's
// provisioning matches them (the external id it wrote, else the matching attribute: userName for
// users, displayName for groups), then every difference between the two sides as a finding.

export const FINDING_KINDS = [
  "user-missing",
  "user-nested-only",
  "user-disabled-active",
  "user-attributes",
  "user-only-in-aws",
  "user-preflight",
  "group-missing",
  "group-renamed",
  "group-only-in-aws",
  "member-missing",
  "member-only-in-aws",
  "assignment-lost",
  "assignment-orphaned",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Why, where the scan can tell: a nested or a direct membership, what an object only in AWS looks like, Entra's last attempt at a missing user, or the preflight rule a user breaks. */
export const FINDING_CAUSES = [
  "direct",
  "nested",
  "created-by-hand",
  "out-of-scope",
  "deactivated",
  "duplicate",
  "last-attempt-failed",
  "last-attempt-skipped",
  ...PREFLIGHT_RULES,
] as const;
export type FindingCause = (typeof FINDING_CAUSES)[number];

export type Finding = {
  kind: FindingKind;
  /** the user name or group name it is about (for a membership, the user's) */
  subject: string;
  /** for a membership, the group's name */
  group: string | null;
  /** for a membership, the group's id in the AWS identity store */
  groupId: string | null;
  entraId: string | null;
  awsId: string | null;
  cause: FindingCause | null;
  /** for a duplicate, the user it duplicates */
  duplicateOf: string | null;
  /** for a preflight rule, what breaks it (the attribute, the count) */
  detail: string | null;
  differences: AttributeDifference[];
  /** for an account assignment finding, the assignment */
  assignment: AssignmentRef | null;
};

/** The account assignments of the instance, and those SSO Bridge made, for the findings about assignments. */
export type AccessSnapshot = {
  assignments: AssignmentKey[];
  records: AssignmentRecord[];
  /** permission set ARN → name, as last read from AWS */
  permissionSetNames?: ReadonlyMap<string, string>;
};

const lower = (s: string) => s.toLowerCase();

/** A finding of `kind` about `subject`, with nothing else known unless `rest` says. */
export function finding(kind: FindingKind, subject: string, rest: Partial<Omit<Finding, "kind" | "subject">> = {}): Finding {
  return {
    kind,
    subject,
    group: null,
    groupId: null,
    entraId: null,
    awsId: null,
    cause: null,
    duplicateOf: null,
    detail: null,
    differences: [],
    assignment: null,
    ...rest,
  };
}

/** Every difference between the app's scope in Entra and the AWS identity store, in the order of FINDING_KINDS. */
export function diffDirectories(entra: EntraScope, aws: AwsDirectory, access: AccessSnapshot = { assignments: [], records: [] }): Finding[] {
  const findings: Finding[] = [];
  const issues = preflight(entra);
  // The first rule AWS enforces that a user breaks: why it is missing.
  const refusal = new Map<string, PreflightIssue>();
  for (const i of issues) if (REFUSING_RULES.has(i.rule) && !refusal.has(i.user.id)) refusal.set(i.user.id, i);
  const userMatch = matchUsers(entra.users, aws.users);
  const matchedAws = new Set([...userMatch.values()].map((u) => u.id));

  for (const e of entra.users) {
    const a = userMatch.get(e.id);
    if (!a) {
      // Entra does not create an account that is disabled; nor anyone it reaches only through nesting.
      if (e.reach === "nested") findings.push(finding("user-nested-only", e.userPrincipalName, { entraId: e.id, cause: "nested" }));
      else if (e.accountEnabled) {
        const refused = refusal.get(e.id);
        findings.push(finding("user-missing", e.userPrincipalName, { entraId: e.id, cause: refused?.rule ?? null, detail: refused?.detail ?? null }));
      }
      continue;
    }
    if (e.reach === "nested") continue;
    let differences = attributeDifferences(e, a);
    if (!e.accountEnabled && a.active) {
      findings.push(finding("user-disabled-active", e.userPrincipalName, { entraId: e.id, awsId: a.id }));
      differences = differences.filter((d) => d.attribute !== "active");
    }
    if (differences.length) findings.push(finding("user-attributes", e.userPrincipalName, { entraId: e.id, awsId: a.id, differences }));
  }

  const matchedByEmail = new Map<string, AwsUser>();
  for (const a of aws.users) if (matchedAws.has(a.id) && a.email) matchedByEmail.set(lower(a.email), a);
  for (const a of aws.users) {
    if (matchedAws.has(a.id)) continue;
    const twin = a.email ? matchedByEmail.get(lower(a.email)) : undefined;
    const cause: FindingCause = twin ? "duplicate" : a.externalIds.length === 0 ? "created-by-hand" : a.active ? "out-of-scope" : "deactivated";
    findings.push(finding("user-only-in-aws", a.userName, { awsId: a.id, cause, duplicateOf: twin?.userName ?? null }));
  }

  for (const i of issues)
    // A disabled account AWS has is a finding of its own kind when it is still active there, and as it should be otherwise.
    if (!REFUSING_RULES.has(i.rule) && !(i.rule === "disabled-in-scope" && userMatch.has(i.user.id)))
      findings.push(
        finding("user-preflight", i.user.userPrincipalName, {
          entraId: i.user.id,
          awsId: userMatch.get(i.user.id)?.id ?? null,
          cause: i.rule,
          detail: i.detail,
        }),
      );

  const groupMatch = matchGroups(entra, aws.groups);
  for (const g of entra.groups) {
    const a = groupMatch.get(g.id);
    if (!a) findings.push(finding("group-missing", g.displayName, { entraId: g.id }));
    else if (a.displayName !== g.displayName)
      findings.push(
        finding("group-renamed", g.displayName, {
          entraId: g.id,
          awsId: a.id,
          differences: [{ attribute: "displayName", entra: g.displayName, aws: a.displayName }],
        }),
      );
  }
  const matchedGroups = new Set([...groupMatch.values()].map((g) => g.id));
  for (const a of aws.groups)
    if (!matchedGroups.has(a.id))
      findings.push(finding("group-only-in-aws", a.displayName, { awsId: a.id, cause: a.externalIds.length ? "out-of-scope" : "created-by-hand" }));

  findings.push(...membershipFindings(entra, aws, userMatch, groupMatch));
  for (const f of assignmentFindings(access.assignments, aws, access.records, access.permissionSetNames))
    findings.push(finding(f.kind, f.subject, { awsId: f.awsId, assignment: f.assignment, detail: assignmentLabel(f.assignment) }));
  const order = new Map(FINDING_KINDS.map((k, i) => [k, i]));
  return findings.sort((x, y) => order.get(x.kind)! - order.get(y.kind)! || (x.group ?? "").localeCompare(y.group ?? "") || x.subject.localeCompare(y.subject));
}

const assignmentLabel = (a: AssignmentRef) => `${a.permissionSetName ?? a.permissionSetArn.split("/").at(-1)} in account ${a.accountId}`;

/** Entra user id → the AWS user it is provisioned as: the one carrying its object id, else the one with its user name. */
function matchUsers(entra: EntraUser[], aws: AwsUser[]): Map<string, AwsUser> {
  const byExternalId = new Map<string, AwsUser>();
  const byUserName = new Map<string, AwsUser>();
  for (const a of aws) {
    for (const id of a.externalIds) byExternalId.set(id, a);
    byUserName.set(lower(a.userName), a);
  }
  const match = new Map<string, AwsUser>();
  const taken = new Set<string>();
  // Matches by external id first, so a user name taken over by a newer account does not steal the older one's match.
  for (const e of entra) {
    const a = byExternalId.get(e.id);
    if (a && !taken.has(a.id)) {
      match.set(e.id, a);
      taken.add(a.id);
    }
  }
  for (const e of entra) {
    if (match.has(e.id)) continue;
    const a = byUserName.get(lower(e.userPrincipalName));
    if (a && !taken.has(a.id)) {
      match.set(e.id, a);
      taken.add(a.id);
    }
  }
  return match;
}

function matchGroups(entra: EntraScope, aws: AwsGroup[]): Map<string, AwsGroup> {
  const byExternalId = new Map<string, AwsGroup>();
  const byName = new Map<string, AwsGroup>();
  for (const a of aws) {
    for (const id of a.externalIds) byExternalId.set(id, a);
    byName.set(a.displayName, a);
  }
  const match = new Map<string, AwsGroup>();
  const taken = new Set<string>();
  for (const pass of [(id: string) => byExternalId.get(id), (_: string, name: string) => byName.get(name)]) {
    for (const g of entra.groups) {
      if (match.has(g.id)) continue;
      const a = pass(g.id, g.displayName);
      if (a && !taken.has(a.id)) {
        match.set(g.id, a);
        taken.add(a.id);
      }
    }
  }
  return match;
}

function membershipFindings(entra: EntraScope, aws: AwsDirectory, userMatch: Map<string, AwsUser>, groupMatch: Map<string, AwsGroup>): Finding[] {
  const findings: Finding[] = [];
  const awsUsers = new Map(aws.users.map((u) => [u.id, u]));
  const awsMembers = new Map<string, Set<string>>();
  for (const m of aws.memberships) {
    let set = awsMembers.get(m.groupId);
    if (!set) awsMembers.set(m.groupId, (set = new Set<string>()));
    set.add(m.userId);
  }
  // Per matched group, the AWS users that should be members, and whether only nesting makes them so.
  const expected = new Map<string, Map<string, boolean>>();
  for (const m of entra.memberships) {
    const group = groupMatch.get(m.groupId);
    const user = userMatch.get(m.userId);
    if (!group || !user) continue;
    let members = expected.get(group.id);
    if (!members) expected.set(group.id, (members = new Map<string, boolean>()));
    members.set(user.id, (members.get(user.id) ?? true) && m.nested);
  }
  for (const g of entra.groups) {
    const group = groupMatch.get(g.id);
    if (!group) continue;
    const want = expected.get(group.id) ?? new Map<string, boolean>();
    const have = awsMembers.get(group.id) ?? new Set<string>();
    for (const [userId, nested] of want)
      if (!have.has(userId))
        findings.push(
          finding("member-missing", awsUsers.get(userId)!.userName, {
            group: g.displayName,
            groupId: group.id,
            awsId: userId,
            cause: nested ? "nested" : "direct",
          }),
        );
    for (const userId of have)
      if (!want.has(userId))
        findings.push(finding("member-only-in-aws", awsUsers.get(userId)?.userName ?? userId, { group: g.displayName, groupId: group.id, awsId: userId }));
  }
  return findings;
}
