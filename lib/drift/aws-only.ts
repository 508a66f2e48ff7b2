import { db } from "../db";
import type { Finding, FindingKind } from "./diff";

// Objects only AWS has (a user, a group, a membership, an assignment to a principal AWS no longer
// has): what identifies one across scans, and the
// ones a person chose to keep, which later scans leave out of their findings.

export const AWS_ONLY_KINDS: ReadonlySet<FindingKind> = new Set(["user-only-in-aws", "group-only-in-aws", "member-only-in-aws", "assignment-orphaned"]);

/** The identity store object a finding about an object only AWS has is about; null for any other finding. */
export function awsObjectKey(f: Pick<Finding, "kind" | "awsId" | "groupId" | "assignment">): string | null {
  if (!f.awsId) return null;
  if (f.kind === "assignment-orphaned" && f.assignment) {
    const a = f.assignment;
    return `assignment:${a.accountId}:${a.permissionSetArn}:${a.principalType}:${a.formerPrincipalId}`;
  }
  if (f.kind === "user-only-in-aws") return `user:${f.awsId}`;
  if (f.kind === "group-only-in-aws") return `group:${f.awsId}`;
  if (f.kind === "member-only-in-aws" && f.groupId) return `membership:${f.groupId}:${f.awsId}`;
  return null;
}

export async function keptKeys(): Promise<Set<string>> {
  const rows = await db().driftKept.findMany({ select: { objectKey: true } });
  return new Set(rows.map((r) => r.objectKey));
}

export function withoutKept(findings: Finding[], kept: Set<string>): Finding[] {
  if (kept.size === 0) return findings;
  return findings.filter((f) => {
    const key = awsObjectKey(f);
    return key === null || !kept.has(key);
  });
}

export type KeptObject = { objectKey: string; label: string; reason: string; keptBy: string; keptAt: Date };

/** The objects kept on purpose, newest first. */
export async function keptObjects(): Promise<KeptObject[]> {
  const rows = await db().driftKept.findMany({ orderBy: { keptAt: "desc" } });
  return rows.map((r) => ({ objectKey: r.objectKey, label: r.label, reason: r.reason, keptBy: r.keptByLabel, keptAt: r.keptAt }));
}
