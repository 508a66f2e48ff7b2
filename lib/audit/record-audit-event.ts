import crypto from "node:crypto";
import { db, type Tx } from "../db";
import { appendAuditEventAlone, appendToAuditChain } from "../db-dialect";
import type { AuditAction } from "./audit-actions";
import { auditDetails, type AuditOutcome } from "./audit-event-columns";
import { contentHash } from "./hash";
import { activeLinkKey } from "./link-key";
import { redact } from "./redact";

export type Actor = { type: "person"; id: string; label: string } | { type: "system"; label: string };

export type RequestContext = { requestId?: string; ipAddress?: string; userAgent?: string };

/** Who makes a change on a person's behalf, and from which request: what every audited change takes. */
export type ChangedBy = { actor: Actor & { type: "person" }; context: RequestContext };

export type AuditInput = {
  actor: Actor;
  action: AuditAction;
  target: { type: string; id?: string | null; label?: string | null };
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
  context?: RequestContext;
};

export const SYSTEM_ACTOR: Actor = { type: "system", label: "SSO Bridge" };

/**
 * Appends one event to the hash chain inside the caller's transaction, so the event exists exactly
 * when the change does. Call it last in the transaction: from here to commit, other writers wait.
 */
export async function recordAuditEvent(tx: Tx, input: AuditInput) {
  const fields = eventFields(input);
  // Everything but the link is computed before the chain is touched, to keep the wait short.
  return appendToAuditChain(tx, fields, contentHash(fields), activeLinkKey());
}

function eventFields(input: AuditInput) {
  return {
    id: crypto.randomUUID(),
    occurredAt: new Date(),
    actorType: input.actor.type,
    actorId: input.actor.type === "person" ? input.actor.id : null,
    actorLabel: input.actor.label,
    action: input.action,
    targetType: input.target.type,
    targetId: input.target.id ?? null,
    targetLabel: input.target.label ?? null,
    outcome: input.outcome,
    details: auditDetails.encode(redact(input.details ?? {})),
    requestId: input.context?.requestId ?? null,
    ipAddress: input.context?.ipAddress ?? null,
    userAgent: input.context?.userAgent?.slice(0, 512) ?? null,
  };
}

/** For events with no state change of their own (a refused or failed attempt, a system event). */
export async function recordAuditEventAlone(input: AuditInput) {
  const fields = eventFields(input);
  return appendAuditEventAlone(db(), fields, contentHash(fields), activeLinkKey());
}
