// Counts what the simulated clouds are asked, by cloud and by the class each cloud throttles on
// separately, so a benchmark can tell how often SSO Bridge calls each cloud and compare it with
// the published limits. Every server counts each request it receives (each step of a Graph $batch
// too: Graph evaluates those against its limits one by one), answered or throttled alike.

/**
 * The throttling classes:
 * - graph-reports: the identity and access reports service (/auditLogs/*, /reports/*), 5 requests
 *   per 10 s per app and tenant (learn.microsoft.com/graph/throttling-limits);
 * - graph-directory: every other Graph request (identity and access, resource units per 10 s);
 * - entra-login: the login host (tokens, sign-in pages, federation metadata);
 * - aws-sso-admin, aws-identitystore: IAM Identity Center's APIs, which share one rate;
 * - aws-organizations, aws-sts, aws-scim: the rest of AWS as SSO Bridge calls it;
 * - aws-other: the simulated console's pages and requests no AWS API would recognise.
 */
export const REQUEST_CLASSES = [
  "graph-reports",
  "graph-directory",
  "entra-login",
  "aws-sso-admin",
  "aws-identitystore",
  "aws-organizations",
  "aws-sts",
  "aws-scim",
  "aws-other",
] as const;

export type RequestClass = (typeof REQUEST_CLASSES)[number];

export type RequestCounts = {
  /** when counting started (the simulators' start, or the last reset) */
  since: string;
  total: number;
  byClass: Record<RequestClass, number>;
  /** by route, as fault rules name them ("graph:GET /auditLogs/provisioning", "sso-admin:ListPermissionSets") */
  byRoute: Record<string, number>;
};

/** The class of a Graph request by its path after the version ("/auditLogs/provisioning"). */
export function graphRequestClass(path: string): RequestClass {
  return /^\/(auditLogs|reports)(\/|\(|$)/i.test(path) ? "graph-reports" : "graph-directory";
}

const AWS_CLASSES: Record<string, RequestClass> = {
  "sso-admin": "aws-sso-admin",
  identitystore: "aws-identitystore",
  organizations: "aws-organizations",
  sts: "aws-sts",
  scim: "aws-scim",
};

/** The class of an AWS request by the prefix of its route name ("sso-admin:ListInstances"). */
export function awsRequestClass(route: string): RequestClass {
  return AWS_CLASSES[route.split(":")[0] ?? ""] ?? "aws-other";
}

export class RequestCounter {
  private since = new Date();
  private byClass = emptyClasses();
  private byRoute = new Map<string, number>();

  constructor(private readonly now: () => Date = () => new Date()) {
    this.since = now();
  }

  count(requestClass: RequestClass, route: string): void {
    this.byClass[requestClass] += 1;
    this.byRoute.set(route, (this.byRoute.get(route) ?? 0) + 1);
  }

  counts(): RequestCounts {
    return {
      since: this.since.toISOString(),
      total: Object.values(this.byClass).reduce((a, b) => a + b, 0),
      byClass: { ...this.byClass },
      byRoute: Object.fromEntries([...this.byRoute].sort(([a], [b]) => a.localeCompare(b))),
    };
  }

  reset(): void {
    this.since = this.now();
    this.byClass = emptyClasses();
    this.byRoute.clear();
  }
}

function emptyClasses(): Record<RequestClass, number> {
  return Object.fromEntries(REQUEST_CLASSES.map((c) => [c, 0])) as Record<RequestClass, number>;
}
