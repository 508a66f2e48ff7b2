import { db } from "../db";

export type AuditEventView = {
  seq: number;
  occurredAt: Date;
  actorLabel: string;
  actorType: string;
  action: string;
  targetType: string;
  targetLabel: string | null;
  outcome: string;
};

export async function recentAuditEvents(limit = 50): Promise<AuditEventView[]> {
  return db().auditEvent.findMany({
    orderBy: { seq: "desc" },
    take: limit,
    select: { seq: true, occurredAt: true, actorLabel: true, actorType: true, action: true, targetType: true, targetLabel: true, outcome: true },
  });
}
