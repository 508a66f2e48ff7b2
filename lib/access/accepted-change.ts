import { recordAuditEventAlone, type AuditInput } from "../audit/record-audit-event";
import { errorFields, log } from "../log";
import { recordOperation, type NewOperation } from "./aws-operations";

// A change AWS accepted is a fact, whatever fails here afterwards. It goes to the audit log first,
// then, when AWS works on it in the background, into the requests SSO Bridge follows. A local
// failure of either is logged with the whole change, so the record survives in the server log,
// and comes back as a sentence for the person: it never turns an accepted change into a failure.

export type Recorded = {
  /** the audit event was written */
  audited: boolean;
  /** the request is among those SSO Bridge follows (true when there was none to follow) */
  followed: boolean;
  /** what went wrong recording it, for the person; null when nothing did */
  problem: string | null;
};

export async function recordAcceptedChange(event: AuditInput, operation?: NewOperation): Promise<Recorded> {
  const problems: string[] = [];
  const audited = await recordInAuditLog(event);
  if (!audited) problems.push("SSO Bridge could not write it to the audit log (the server log has it)");
  let followed = true;
  if (operation) {
    try {
      await recordOperation(operation);
    } catch (e) {
      followed = false;
      log("error", "AWS accepted a request that SSO Bridge could not keep to follow", { operation: describe(operation), ...errorFields(e) });
      problems.push(`SSO Bridge could not keep AWS's request ${operation.request.requestId} to follow it`);
    }
  }
  return { audited, followed, problem: problems.length > 0 ? `AWS accepted it, but ${problems.join(", and ")}.` : null };
}

/** Writes one audit event; when the database refuses it, logs the event in full instead and says so. */
export async function recordInAuditLog(event: AuditInput): Promise<boolean> {
  try {
    await recordAuditEventAlone(event);
    return true;
  } catch (e) {
    log("error", "an audit event could not be written", {
      event: { action: event.action, outcome: event.outcome, actor: event.actor.label, target: event.target, details: event.details },
      requestId: event.context?.requestId,
      ...errorFields(e),
    });
    return false;
  }
}

function describe(op: NewOperation) {
  return {
    kind: op.kind,
    requestId: op.request.requestId,
    status: op.request.status,
    permissionSet: op.permissionSetName,
    accountId: op.accountId,
    principal: op.principal?.name,
    requestedBy: op.requestedBy,
  };
}
