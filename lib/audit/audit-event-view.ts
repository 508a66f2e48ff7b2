import { db } from "../db";
import { detailsDiff } from "./details-diff";
import { targetHref } from "./target-links";

/** One audit event as its page shows it: its details parsed where they parse, what changed, and a link to its target. Null when there is no such event. */
export async function auditEventView(id: string) {
  const event = await db().auditEvent.findUnique({ where: { id } });
  if (!event) return null;
  let details: unknown = event.details;
  try {
    details = JSON.parse(event.details);
  } catch {
    // shown as stored
  }
  return { event, details, changes: detailsDiff(details), targetHref: targetHref(event.targetType, event.targetId) };
}
