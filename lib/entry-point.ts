import type { AuditAction } from "./audit/audit-actions";
import { recordAuditEventAlone, type ChangedBy, type RequestContext } from "./audit/record-audit-event";
import { errorFields, log } from "./log";
import type { SessionUser } from "./security/permissions";

// What server actions (lib/action.ts) and route handlers (lib/route.ts) do alike, so that a refusal
// or a fault reads and is recorded the same way whichever door the request came through.

export const SESSION_ENDED = "Your session has ended. Sign in again.";
export const ROLE_REFUSED = "Your role does not allow this. Ask an admin.";

/** The signed-in person and their request, as every audited change takes them. */
export function changedBy(user: SessionUser, request: RequestContext): ChangedBy {
  return { actor: { type: "person", id: user.id, label: user.name }, context: request };
}

/** A signed-in person asked for something their role does not allow: one audit event, outcome "denied". */
export async function recordRefusal(user: SessionUser, name: AuditAction, request: RequestContext): Promise<void> {
  await recordAuditEventAlone({
    actor: { type: "person", id: user.id, label: user.name },
    action: name,
    target: { type: "action", id: name },
    outcome: "denied",
    details: { role: user.role },
    context: request,
  });
}

/** Logs a failure that is not an AppError with the request id, and says what the person may read: the id, never the error. */
export function unexpectedFailure(what: string, requestId: string | undefined, e: unknown): string {
  log("error", `${what} failed`, { requestId, ...errorFields(e) });
  return `Something went wrong on the server (reference ${requestId}). Try again; if it persists, check the server log.`;
}
