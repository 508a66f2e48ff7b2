import type { EntraDirectory } from "../directory";
import { GraphError, type GraphRequest, type GraphResponse, type GraphRoute } from "../graph/routes";
import { awsSynchronizationTemplate, isAwsServicePrincipal } from "./aws-template";
import { OnDemandThrottled, parseSecrets, ProvisioningEngine } from "./provisioning-engine";
import { ProvisioningLogQueryError } from "./provisioning-logs";
import { ReportsThrottled } from "./report-throttle";

// Microsoft Graph v1.0 synchronization API for service principals, and the provisioning logs,
// as GraphRoutes the Graph server mounts. Permissions follow the Graph reference: reads accept
// Synchronization.Read.All or ReadWrite.All, writes need ReadWrite.All, logs need AuditLog.Read.All.

export type SynchronizationContext = { directory: EntraDirectory; engine: ProvisioningEngine };

const READ = ["Synchronization.Read.All", "Synchronization.ReadWrite.All", "Application.ReadWrite.OwnedBy"];
const WRITE = ["Synchronization.ReadWrite.All", "Application.ReadWrite.OwnedBy"];
const LOGS = ["AuditLog.Read.All"];
const JOB = "/servicePrincipals/{id}/synchronization/jobs/{jobId}";

const LOG_PAGE_DEFAULT = 50;
const LOG_PAGE_MAX = 1000;

function params(req: GraphRequest): { id: string; jobId: string } {
  return { id: req.params.id ?? "", jobId: decodeURIComponent(req.params.jobId ?? "") };
}

function objectBody(req: GraphRequest): Record<string, unknown> {
  if (req.body === undefined || req.body === null || req.body === "") return {};
  if (typeof req.body !== "object" || Array.isArray(req.body)) throw new GraphError(400, "BadRequest", "The request body must be a JSON object.");
  return req.body as Record<string, unknown>;
}

function jobsContext(req: GraphRequest, id: string): string {
  return `${req.baseUrl}/$metadata#servicePrincipals('${id}')/synchronization/jobs`;
}

export function synchronizationRoutes(ctx: SynchronizationContext): GraphRoute[] {
  const { engine } = ctx;
  return [
    {
      method: "GET",
      pattern: "/servicePrincipals/{id}/synchronization/templates",
      permissions: READ,
      handler: (req) => {
        const sp = engine.servicePrincipal(params(req).id);
        return { status: 200, body: { value: isAwsServicePrincipal(sp) ? [awsSynchronizationTemplate(sp)] : [] } };
      },
    },
    {
      method: "GET",
      pattern: "/servicePrincipals/{id}/synchronization/jobs",
      permissions: READ,
      handler: (req) => {
        const { id } = params(req);
        return { status: 200, body: { "@odata.context": jobsContext(req, id), value: engine.listJobs(id).map((j) => engine.toGraph(j)) } };
      },
    },
    {
      method: "POST",
      pattern: "/servicePrincipals/{id}/synchronization/jobs",
      permissions: WRITE,
      handler: (req) => {
        const { id } = params(req);
        const job = engine.createJob(id, objectBody(req).templateId);
        return { status: 201, body: { "@odata.context": `${jobsContext(req, id)}/$entity`, ...engine.toGraph(job) } };
      },
    },
    {
      method: "GET",
      pattern: JOB,
      permissions: READ,
      handler: (req) => {
        const { id, jobId } = params(req);
        return { status: 200, body: { "@odata.context": `${jobsContext(req, id)}/$entity`, ...engine.toGraph(engine.job(jobId, id)) } };
      },
    },
    {
      method: "GET",
      pattern: `${JOB}/schema`,
      permissions: READ,
      handler: (req) => {
        const { id, jobId } = params(req);
        engine.job(jobId, id);
        // Jobs keep their template's schema: this simulator offers no schema edits.
        const { schema } = awsSynchronizationTemplate(engine.servicePrincipal(id));
        return { status: 200, body: { "@odata.context": `${jobsContext(req, id)}('${jobId}')/schema/$entity`, ...schema } };
      },
    },
    {
      method: "DELETE",
      pattern: JOB,
      permissions: WRITE,
      handler: (req) => {
        const { id, jobId } = params(req);
        engine.deleteJob(jobId, id);
        return { status: 204 };
      },
    },
    {
      method: "PUT",
      pattern: "/servicePrincipals/{id}/synchronization/secrets",
      permissions: WRITE,
      handler: (req) => {
        engine.setSecrets(params(req).id, parseSecrets(req.body));
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: `${JOB}/validateCredentials`,
      permissions: WRITE,
      handler: async (req) => {
        const { id, jobId } = params(req);
        await engine.validateCredentials(jobId, id, objectBody(req));
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: `${JOB}/start`,
      permissions: WRITE,
      handler: (req) => {
        const { id, jobId } = params(req);
        engine.start(jobId, id);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: `${JOB}/pause`,
      permissions: WRITE,
      handler: (req) => {
        const { id, jobId } = params(req);
        engine.pause(jobId, id);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: `${JOB}/restart`,
      permissions: WRITE,
      handler: (req) => {
        const { id, jobId } = params(req);
        const criteria = objectBody(req).criteria;
        if (criteria !== undefined && criteria !== null && (typeof criteria !== "object" || Array.isArray(criteria))) {
          throw new GraphError(400, "BadRequest", "criteria must be a synchronizationJobRestartCriteria object.");
        }
        engine.restart(jobId, (criteria as { resetScope?: unknown } | null | undefined)?.resetScope, id);
        return { status: 204 };
      },
    },
    {
      method: "POST",
      pattern: `${JOB}/provisionOnDemand`,
      permissions: WRITE,
      handler: async (req): Promise<GraphResponse> => {
        const { id, jobId } = params(req);
        try {
          return { status: 200, body: await engine.provisionOnDemand(jobId, id, objectBody(req).parameters) };
        } catch (err) {
          if (!(err instanceof OnDemandThrottled)) throw err;
          // GraphError carries no headers; the throttled answer needs Retry-After.
          return {
            status: 429,
            headers: { "Retry-After": String(err.retryAfterSeconds) },
            body: { error: { code: err.code, message: err.message, innerError: { date: new Date().toISOString() } } },
          };
        }
      },
    },
    {
      method: "GET",
      pattern: "/auditLogs/provisioning",
      permissions: LOGS,
      handler: (req) => {
        try {
          engine.reports.admit(req.caller);
        } catch (err) {
          if (!(err instanceof ReportsThrottled)) throw err;
          return {
            status: 429,
            headers: { "Retry-After": String(err.retryAfterSeconds) },
            body: { error: { code: err.code, message: err.message, innerError: { date: new Date().toISOString() } } },
          };
        }
        const topText = req.query.get("$top");
        const top = topText === null ? LOG_PAGE_DEFAULT : Number(topText);
        if (!Number.isInteger(top) || top < 1 || top > LOG_PAGE_MAX)
          throw new GraphError(400, "BadRequest", `Invalid $top value '${topText}': use 1 to ${LOG_PAGE_MAX}.`);
        const filter = req.query.get("$filter");
        let page;
        try {
          page = engine.logs.query({ filter, top, skiptoken: req.query.get("$skiptoken") });
        } catch (err) {
          if (err instanceof ProvisioningLogQueryError) throw new GraphError(400, "BadRequest", err.message);
          throw err;
        }
        const body: Record<string, unknown> = { "@odata.context": `${req.baseUrl}/$metadata#auditLogs/provisioning`, value: page.value };
        if (page.skiptoken) {
          const next = new URLSearchParams();
          if (filter) next.set("$filter", filter);
          next.set("$top", String(top));
          next.set("$skiptoken", page.skiptoken);
          body["@odata.nextLink"] = `${req.baseUrl}/auditLogs/provisioning?${next.toString()}`;
        }
        return { status: 200, body };
      },
    },
  ];
}
