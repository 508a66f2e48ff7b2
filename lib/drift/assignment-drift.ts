import type { AssignmentKey, PrincipalType } from "../aws/account-assignments";
import type { AwsDirectory } from "../aws/identity-store-directory";

// Account assignments that outlived their principal. AWS keeps an assignment to a user or group the
// identity store no longer has; when Entra deletes a person or group and creates it again, the new
// one gets a new id and none of its predecessor's AWS access. The predecessor's name comes from
// SSO Bridge's own records of the assignments it made, so its successor can be found by name.

/** An assignment as SSO Bridge made it: who it named then, under which name. */
export type AssignmentRecord = AssignmentKey & { principalName: string; permissionSetName: string };

/** What an assignment finding is about: the assignment, and the principal it named. */
export type AssignmentRef = {
  accountId: string;
  permissionSetArn: string;
  permissionSetName: string | null;
  principalType: PrincipalType;
  formerPrincipalId: string;
};

export type AssignmentFinding = {
  kind: "assignment-lost" | "assignment-orphaned";
  subject: string;
  /** the successor's id for a lost assignment; the vanished principal's for an orphaned one */
  awsId: string;
  assignment: AssignmentRef;
};

const keyOf = (k: AssignmentKey) => `${k.accountId}|${k.permissionSetArn}|${k.principalType}|${k.principalId}`;

/**
 * `setNames` are the permission sets' names as last read from AWS (the Access pages' reading); a
 * set it lacks is named as SSO Bridge recorded it, else by the end of its ARN.
 */
export function assignmentFindings(
  assignments: AssignmentKey[],
  aws: AwsDirectory,
  records: AssignmentRecord[],
  setNames: ReadonlyMap<string, string> = new Map(),
): AssignmentFinding[] {
  const users = new Map(aws.users.map((u) => [u.id, u]));
  const groups = new Map(aws.groups.map((g) => [g.id, g]));
  const exists = (type: PrincipalType, id: string) => (type === "USER" ? users.has(id) : groups.has(id));
  const held = new Set(assignments.map(keyOf));
  const named = new Map<string, AssignmentRecord>();
  const recordedSetNames = new Map<string, string>();
  for (const r of records) {
    named.set(r.principalId, r);
    recordedSetNames.set(r.permissionSetArn, r.permissionSetName);
  }
  // One principal of that type carries the name now (a user by user name or display name): its successor.
  const successor = (type: PrincipalType, name: string): { id: string; name: string } | null => {
    const wanted = name.toLowerCase();
    const matches =
      type === "USER"
        ? aws.users.filter((u) => u.userName.toLowerCase() === wanted || u.displayName?.toLowerCase() === wanted).map((u) => ({ id: u.id, name: u.userName }))
        : aws.groups.filter((g) => g.displayName.toLowerCase() === wanted).map((g) => ({ id: g.id, name: g.displayName }));
    return matches.length === 1 ? matches[0]! : null;
  };

  const findings: AssignmentFinding[] = [];
  const lost = new Set<string>();
  const gone = (k: AssignmentKey, orphaned: boolean) => {
    const former = named.get(k.principalId);
    const assignment: AssignmentRef = {
      accountId: k.accountId,
      permissionSetArn: k.permissionSetArn,
      permissionSetName: setNames.get(k.permissionSetArn) ?? recordedSetNames.get(k.permissionSetArn) ?? null,
      principalType: k.principalType,
      formerPrincipalId: k.principalId,
    };
    if (orphaned) findings.push({ kind: "assignment-orphaned", subject: former?.principalName ?? k.principalId, awsId: k.principalId, assignment });
    const next = former ? successor(k.principalType, former.principalName) : null;
    if (!next) return;
    const successorKey = keyOf({ ...k, principalId: next.id });
    if (held.has(successorKey) || lost.has(successorKey)) return;
    lost.add(successorKey);
    findings.push({ kind: "assignment-lost", subject: next.name, awsId: next.id, assignment });
  };
  for (const k of assignments) if (!exists(k.principalType, k.principalId)) gone(k, true);
  // Assignments SSO Bridge made whose principal is gone and that AWS no longer lists: only the records know them.
  for (const r of records) if (!exists(r.principalType, r.principalId) && !held.has(keyOf(r))) gone(r, false);
  return findings;
}
