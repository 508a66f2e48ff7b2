import { db } from "../db";
import { detailsAsRecorded, storedActorType, storedOutcome } from "./audit-event-columns";
import { detailsDiff } from "./details-diff";
import { targetHref } from "./target-links";

/** One audit event as its page shows it: its details parsed where they parse, what changed, and a link to its target. Null when there is no such event. */
export async function auditEventView(id: string) {
  const row = await db().auditEvent.findUnique({ where: { id } });
  if (!row) return null;
  const event = { ...row, actorType: storedActorType.read(row.actorType), outcome: storedOutcome.read(row.outcome) };
  const details = detailsAsRecorded(row.details);
  return { event, details, changes: detailsDiff(details), targetHref: targetHref(event.targetType, event.targetId) };
}
