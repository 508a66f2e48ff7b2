import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import type { AuditAction } from "./audit/audit-actions";
import type { ChangedBy, RequestContext } from "./audit/record-audit-event";
import { currentUser } from "./auth/session";
import { changedBy, recordRefusal, ROLE_REFUSED, SESSION_ENDED, unexpectedFailure } from "./entry-point";
import { httpStatusFor, isAppError } from "./errors";
import { requestContext } from "./request-context";
import type { SessionUser } from "./security/permissions";

// The only way to define a route handler, the twin of defineAction: who may call it, the role checked
// on the server before any input is read (401 without a session, 403 for a missing role, the refusal
// audited), query and body checked with zod, one domain function, and an AppError answered with its
// HTTP status. Anything else is logged with the request id and answered 500 with that id alone.

type Params = Record<string, string | string[] | undefined>;

type Permission = (user: SessionUser) => boolean;
/** A permission function, or "public" for the few routes that must answer without a session (sign-in, health). */
type Access = Permission | "public";

type Caller<A extends Access> = A extends "public" ? { user: null; by: null } : { user: SessionUser; by: ChangedBy };

export type RouteContext<A extends Access> = Caller<A> & { request: Request; params: Promise<Params>; requestContext: RequestContext };

type Definition<A extends Access, Q extends z.ZodType, B extends z.ZodType> = {
  /** what the route does, from the audit catalogue: its refusal is recorded under this name; a public route, never refused, only names itself in the log */
  name: A extends "public" ? string : AuditAction;
  allowed: A;
  /** the URL's search parameters, one value each */
  query?: Q;
  /** a JSON or form body */
  body?: B;
  run: (input: { query: z.output<Q>; body: z.output<B> }, ctx: RouteContext<A>) => Promise<Response>;
};

/** A route that checks a permission: by its Definition, its name is from the audit catalogue. */
function guarded<A extends Access, Q extends z.ZodType, B extends z.ZodType>(
  def: Definition<A, Q, B>,
): def is Definition<A, Q, B> & { allowed: Permission; name: AuditAction } {
  return def.allowed !== "public";
}

export function defineRoute<A extends Access, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined>(def: Definition<A, Q, B>) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const info = await requestContext();
    try {
      let caller: { user: SessionUser; by: ChangedBy } | { user: null; by: null } = { user: null, by: null };
      if (guarded(def)) {
        const user = await currentUser();
        if (!user) return problem(401, SESSION_ENDED);
        if (!def.allowed(user)) {
          await recordRefusal(user, def.name, info);
          return problem(403, ROLE_REFUSED);
        }
        caller = { user, by: changedBy(user, info) };
      }
      const query = def.query?.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (query && !query.success) return invalid(query.error);
      const raw = def.body ? await readBody(request) : undefined;
      if (raw && "unreadable" in raw) return problem(400, raw.unreadable);
      const body = def.body?.safeParse(raw?.value);
      if (body && !body.success) return invalid(body.error);
      // The caller is a person exactly when the route is not public: the check above made it so.
      const ctx = { ...caller, request, params: context.params, requestContext: info } as unknown as RouteContext<A>;
      return await def.run({ query: query?.data as z.output<Q>, body: body?.data as z.output<B> }, ctx);
    } catch (e) {
      // Next's own control flow (redirect, notFound, dynamic rendering) is not a failure of the route.
      unstable_rethrow(e);
      if (isAppError(e)) return problem(httpStatusFor[e.code], e.message);
      return Response.json({ error: unexpectedFailure(`route ${def.name}`, info.requestId, e), reference: info.requestId }, { status: 500 });
    }
  };
}

/** A file to save rather than show; never cached, since each answer depends on who asked and when. */
export function download(body: BodyInit, file: { name: string; contentType: string }): Response {
  return new Response(body, {
    headers: { "content-type": file.contentType, "content-disposition": `attachment; filename="${file.name}"`, "cache-control": "no-store" },
  });
}

function problem(status: number, error: string): Response {
  return Response.json({ error }, { status });
}

function invalid(error: z.ZodError): Response {
  const problems = error.issues.map((i) => ({ field: i.path.length > 0 ? i.path.join(".") : null, message: i.message }));
  return Response.json({ error: problems.map((p) => p.message).join(" "), problems }, { status: 400 });
}

async function readBody(request: Request): Promise<{ value: unknown } | { unreadable: string }> {
  const type = request.headers.get("content-type") ?? "";
  try {
    if (type.includes("application/x-www-form-urlencoded") || type.includes("multipart/form-data"))
      return { value: Object.fromEntries(await request.formData()) };
    return { value: await request.json() };
  } catch {
    return { unreadable: "The request body could not be read: send JSON or a form." };
  }
}
