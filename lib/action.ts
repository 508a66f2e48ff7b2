import { z } from "zod";
import type { AuditAction } from "./audit/audit-actions";
import type { ChangedBy, RequestContext } from "./audit/record-audit-event";
import { currentUser } from "./auth/session";
import { changedBy, recordRefusal, ROLE_REFUSED, SESSION_ENDED, unexpectedFailure } from "./entry-point";
import { isAppError } from "./errors";
import { requestContext } from "./request-context";
import type { SessionUser } from "./security/permissions";

// The only way to define a server action: parse the input, check the signed-in person's permission
// on the server, run one domain function, and turn any failure into a message safe to show.

export type ActionResult<T = unknown> = { ok: true; data: T; message?: string } | { ok: false; error: string; fieldErrors?: Record<string, string> };

export type ActionContext = { user: SessionUser; request: RequestContext; by: ChangedBy };

type Definition<S extends z.ZodType, T> = {
  /** what the action does, from the audit catalogue: its refusal is recorded under this name */
  name: AuditAction;
  input: S;
  allowed: (user: SessionUser) => boolean;
  run: (input: z.output<S>, ctx: ActionContext) => Promise<T>;
  success?: (data: T) => string;
};

export function defineAction<S extends z.ZodType, T>(def: Definition<S, T>) {
  return async (_previous: unknown, form: FormData | Record<string, unknown>): Promise<ActionResult<T>> => {
    const request = await requestContext();
    try {
      const user = await currentUser();
      if (!user) return { ok: false, error: SESSION_ENDED };
      if (!def.allowed(user)) {
        await recordRefusal(user, def.name, request);
        return { ok: false, error: ROLE_REFUSED };
      }
      const raw = form instanceof FormData ? Object.fromEntries(form) : form;
      const parsed = def.input.safeParse(raw);
      if (!parsed.success) {
        const fieldErrors = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
        return { ok: false, error: "Check the highlighted fields.", fieldErrors };
      }
      const data = await def.run(parsed.data, { user, request, by: changedBy(user, request) });
      return { ok: true, data, message: def.success?.(data) };
    } catch (e) {
      if (isAppError(e)) return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
      return { ok: false, error: unexpectedFailure(`action ${def.name}`, request.requestId, e) };
    }
  };
}
