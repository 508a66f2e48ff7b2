import type { EntraDirectory, SignInEvent } from "../directory";
import { collectionPage, type Entity } from "./odata";
import { GraphError, type GraphRoute } from "./routes";

// GET /auditLogs/signIns: the tenant's sign-in logs, newest first, at most 1,000 per page. Reading
// them needs AuditLog.Read.All and a tenant with Microsoft Entra ID P1 or P2; a free tenant is
// refused with Graph's 403. The filters served are the ones the reference documents for this
// resource and that SSO Bridge's kind of caller uses: equality on appId, userId, userPrincipalName
// and status/errorCode, and createdDateTime compared with a DateTimeOffset literal.

const LIMITS = { defaultTop: 1000, maxTop: 1000 };
const EQUALITY: Record<string, (e: SignInEvent) => string | number> = {
  appId: (e) => e.appId.toLowerCase(),
  userId: (e) => e.userId.toLowerCase(),
  userPrincipalName: (e) => e.userPrincipalName.toLowerCase(),
  "status/errorCode": (e) => e.status.errorCode,
};
const TIME_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  eq: (a, b) => a === b,
  ge: (a, b) => a >= b,
  gt: (a, b) => a > b,
  le: (a, b) => a <= b,
  lt: (a, b) => a < b,
};

export function signInLogRoutes(directory: EntraDirectory): GraphRoute[] {
  return [
    {
      method: "GET",
      pattern: "/auditLogs/signIns",
      permissions: ["AuditLog.Read.All"],
      handler: (req) => {
        if (!directory.premium) {
          throw new GraphError(403, "Authentication_RequestFromNonPremiumTenantOrB2CTenant", "Neither tenant is B2C or tenant doesn't have premium license");
        }
        const filter = req.query.get("$filter");
        const keep = filter ? parseSignInFilter(filter) : () => true;
        const newestFirst = directory.signIns.filter(keep).reverse() as unknown as Entity[];
        return { status: 200, body: collectionPage(req, newestFirst, LIMITS, "auditLogs/signIns") };
      },
    },
  ];
}

function parseSignInFilter(expr: string): (e: SignInEvent) => boolean {
  const clauses = expr.split(/\s+and\s+/i).map((clause) => {
    const time = /^createdDateTime\s+(eq|ge|gt|le|lt)\s+(\d{4}-\d{2}-\d{2}(?:T[\d:.]+(?:Z|[+-]\d{2}:\d{2}))?)$/i.exec(clause.trim());
    if (time) {
      const compare = TIME_OPERATORS[time[1]!.toLowerCase()]!;
      const bound = Date.parse(time[2]!);
      if (Number.isNaN(bound)) throw invalid(clause);
      return (e: SignInEvent) => compare(Date.parse(e.createdDateTime), bound);
    }
    const equality = /^([A-Za-z/]+)\s+eq\s+('(?:[^']|'')*'|-?\d+)$/.exec(clause.trim());
    const read = equality ? EQUALITY[equality[1]!] : undefined;
    if (!equality || !read) throw invalid(clause);
    const raw = equality[2]!;
    const wanted = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'").toLowerCase() : Number(raw);
    return (e: SignInEvent) => read(e) === wanted;
  });
  return (e) => clauses.every((c) => c(e));
}

const invalid = (clause: string) => new GraphError(400, "BadRequest", `Invalid filter clause: ${clause.trim()}`);
