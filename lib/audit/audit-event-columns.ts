import { z } from "zod";
import { jsonColumn } from "../json-column";
import { storedVocabulary, StoredValueFault } from "../stored-vocabulary";

// What an AuditEvent row holds besides free text: who acted (a person or SSO Bridge itself), how it
// ended, and the details as JSON. The action's name has a catalogue of its own (audit-actions.ts).

export const ACTOR_TYPES = ["person", "system"] as const;
export type ActorType = (typeof ACTOR_TYPES)[number];

export const AUDIT_OUTCOMES = ["success", "failure", "denied"] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export const storedActorType = storedVocabulary("AuditEvent.actorType", ACTOR_TYPES);
export const storedOutcome = storedVocabulary("AuditEvent.outcome", AUDIT_OUTCOMES);

/** AuditEvent.details: an object, secrets already removed when it is written. */
export const auditDetails = jsonColumn("AuditEvent.details", z.record(z.string(), z.unknown()));

/**
 * The details for reading, or the text as stored when it is not what SSO Bridge writes: an edited
 * event is shown and exported as it is, and verifying the chain names it.
 */
export function detailsAsRecorded(text: string): unknown {
  try {
    return auditDetails.decode(text);
  } catch (e) {
    if (e instanceof StoredValueFault) return text;
    throw e;
  }
}
