import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsWorld } from "../../aws/world";
import { GraphError, type GraphResponse, type GraphRoute } from "../graph/routes";
import { AWS_RULE_ID } from "./aws-template";
import { ProvisioningEngine } from "./provisioning-engine";
import { synchronizationRoutes } from "./synchronization-routes";
import { addGroup, addUser, assign, testDirectory, startScimEndpoint, type ScimEndpoint } from "./sync-test-fixtures";

// The routes as the Graph server would call them: pattern matching, the caller's roles checked
// against each route's permissions, GraphError rendered as Graph's error body.

const BASE = "https://graph.test/v1.0";
const ALL_ROLES = ["Synchronization.ReadWrite.All", "AuditLog.Read.All"];

function dispatcher(routes: GraphRoute[]) {
  return async (method: string, url: string, body?: unknown, roles: string[] = ALL_ROLES): Promise<GraphResponse> => {
    const [path = "", query = ""] = url.split("?");
    for (const route of routes) {
      if (route.method !== method) continue;
      const names: string[] = [];
      const re = new RegExp(`^${route.pattern.replace(/\{(\w+)\}/g, (_, n: string) => (names.push(n), "([^/]+)"))}$`);
      const m = re.exec(path);
      if (!m) continue;
      if (!route.permissions.some((p) => roles.includes(p))) return { status: 403, body: { error: { code: "Authorization_RequestDenied" } } };
      const params = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? "")]));
      try {
        return await route.handler({
          method,
          path,
          params,
          query: new URLSearchParams(query),
          body,
          headers: {},
          caller: { appId: "app", tenantId: "t", roles },
          baseUrl: BASE,
        });
      } catch (e) {
        if (e instanceof GraphError) return { status: e.status, body: { error: { code: e.code, message: e.message } } };
        throw e;
      }
    }
    return { status: 404 };
  };
}

describe("synchronization routes", () => {
  let scim: ScimEndpoint;
  const world = createAwsWorld();
  const { directory, sp } = testDirectory();
  const engine = new ProvisioningEngine({ directory, intervalMs: 3600_000 });
  const call = dispatcher(synchronizationRoutes({ directory, engine }));
  const jobs = `/servicePrincipals/${sp.id}/synchronization/jobs`;

  beforeAll(async () => {
    scim = await startScimEndpoint(world);
    const ada = addUser(directory, "routes.ada", "Ada", "Admin");
    const oscar = addUser(directory, "routes.oscar", "Oscar", "Operator");
    assign(directory, sp, ada);
    assign(directory, sp, addGroup(directory, "Routes Engineers", [oscar.id]));
  });

  afterAll(async () => {
    await engine.stop();
    await scim.close();
  });

  it("configures, validates and starts a job the way Graph clients do", async () => {
    const templates = await call("GET", `/servicePrincipals/${sp.id}/synchronization/templates`, undefined, ["Synchronization.Read.All"]);
    const template = (templates.body as { value: { factoryTag: string; schema: { synchronizationRules: { id: string; name: string }[] } }[] }).value[0];
    expect(template?.factoryTag).toBe("aWSSingleSignon");
    expect(template?.schema.synchronizationRules[0]).toMatchObject({ id: AWS_RULE_ID, name: "USERGROUP_OUTBOUND_USERGROUP" });

    expect((await call("POST", jobs, { templateId: "aWSSingleSignon" }, ["Synchronization.Read.All"])).status).toBe(403);
    expect((await call("POST", jobs, { templateId: "aws" })).status).toBe(400);
    const created = await call("POST", jobs, { templateId: "aWSSingleSignon" });
    expect(created.status).toBe(201);
    const job = created.body as { id: string; schedule: { interval: string; state: string }; status: { code: string } };
    expect(job.id).toMatch(new RegExp(`^aWSSingleSignon\\.${directory.tenantId.replace(/-/g, "")}\\.${sp.appId}$`));
    expect(job.status.code).toBe("Paused");
    expect(job.schedule).toEqual({ expiration: null, interval: "PT1H", state: "Disabled" });
    expect((await call("POST", jobs, { templateId: "aWSSingleSignon" })).status).toBe(409);

    const token = scim.issueToken();
    const secrets = {
      value: [
        { key: "BaseAddress", value: scim.baseUrl },
        { key: "SecretToken", value: "wrong" },
      ],
    };
    expect((await call("PUT", `/servicePrincipals/${sp.id}/synchronization/secrets`, secrets)).status).toBe(204);
    const bad = await call("POST", `${jobs}/${job.id}/validateCredentials`, { useSavedCredentials: true });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: "SystemForCrossDomainIdentityManagementCredentialValidationFailure",
      message: expect.stringContaining("401"),
    });
    secrets.value[1] = { key: "SecretToken", value: token.token };
    await call("PUT", `/servicePrincipals/${sp.id}/synchronization/secrets`, secrets);
    expect((await call("POST", `${jobs}/${job.id}/validateCredentials`, {})).status).toBe(204);

    expect((await call("POST", `${jobs}/${job.id}/restart`, { criteria: { resetScope: "Watermark,Sometimes" } })).status).toBe(400);
    expect((await call("POST", `${jobs}/${job.id}/start`)).status).toBe(204);
    await engine.whenIdle(job.id);
    const read = await call("GET", `${jobs}/${job.id}`, undefined, ["Synchronization.Read.All"]);
    const status = (read.body as { status: { code: string; lastExecution: { state: string; countExported: number } } }).status;
    expect(status.code).toBe("Active");
    expect(status.lastExecution).toMatchObject({ state: "Succeeded", countExported: 3 });
    expect(world.identityStore.findGroupByDisplayName("Routes Engineers")).toBeDefined();

    const listed = await call("GET", jobs);
    expect((listed.body as { value: { id: string }[] }).value.map((j) => j.id)).toEqual([job.id]);
    expect((await call("POST", `${jobs}/${job.id}/pause`)).status).toBe(204);
    expect(((await call("GET", `${jobs}/${job.id}`)).body as { status: { code: string } }).status.code).toBe("Paused");
  });

  it("pages provisioning logs with $top and @odata.nextLink, filtered by job", async () => {
    const jobId = engine.listJobs(sp.id)[0]?.id ?? "";
    expect((await call("GET", "/auditLogs/provisioning", undefined, ["Synchronization.ReadWrite.All"])).status).toBe(403);
    const first = await call("GET", `/auditLogs/provisioning?$filter=${encodeURIComponent(`jobId eq '${jobId}'`)}&$top=2`, undefined, ["AuditLog.Read.All"]);
    const page1 = first.body as { value: { id: string; jobId: string }[]; "@odata.nextLink"?: string };
    expect(page1.value).toHaveLength(2);
    expect(page1.value.every((e) => e.jobId === jobId)).toBe(true);
    const next = new URL(page1["@odata.nextLink"] ?? "");
    expect(next.origin + next.pathname).toBe(`${BASE}/auditLogs/provisioning`);
    const second = await call("GET", `/auditLogs/provisioning${next.search}`, undefined, ["AuditLog.Read.All"]);
    const page2 = second.body as { value: { id: string }[]; "@odata.nextLink"?: string };
    expect(page2.value).toHaveLength(1);
    expect(page2["@odata.nextLink"]).toBeUndefined();
    expect(new Set([...page1.value, ...page2.value].map((e) => e.id)).size).toBe(3);
    expect((await call("GET", "/auditLogs/provisioning?$top=0")).status).toBe(400);
    expect((await call("GET", `/auditLogs/provisioning?$filter=${encodeURIComponent("userPrincipalName eq 'x'")}`)).status).toBe(400);
  });

  it("answers the sixth provisioning-log request in ten seconds with 429 and Retry-After", async () => {
    const throttled = new ProvisioningEngine({ directory, reportsLimit: { requests: 5, windowMs: 10_000 } });
    const logs = dispatcher(synchronizationRoutes({ directory, engine: throttled }));
    for (let i = 0; i < 5; i++) expect((await logs("GET", "/auditLogs/provisioning")).status).toBe(200);
    const refused = await logs("GET", "/auditLogs/provisioning");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
    expect(refused.body).toMatchObject({ error: { code: "TooManyRequests" } });
    await throttled.stop();
  });

  it("throttles provisionOnDemand past five requests in ten seconds with Retry-After", async () => {
    const jobId = engine.listJobs(sp.id)[0]?.id ?? "";
    const ada = [...directory.users.values()].find((u) => u.userPrincipalName.startsWith("routes.ada"));
    const body = { parameters: [{ ruleId: AWS_RULE_ID, subjects: [{ objectId: ada?.id, objectTypeName: "User" }] }] };
    const first = await call("POST", `${jobs}/${jobId}/provisionOnDemand`, body);
    expect(first.status).toBe(200);
    expect(JSON.parse((first.body as { key: string }).key)).toMatchObject({ result: "Skipped" });
    expect((await call("POST", `${jobs}/${jobId}/provisionOnDemand`, { parameters: [{ ruleId: "nope", subjects: [] }] })).status).toBe(400);
    for (let i = 0; i < 3; i++) expect((await call("POST", `${jobs}/${jobId}/provisionOnDemand`, body)).status).toBe(200);
    const throttled = await call("POST", `${jobs}/${jobId}/provisionOnDemand`, body);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers?.["Retry-After"])).toBeGreaterThan(0);
  });

  it("deletes a job", async () => {
    const jobId = engine.listJobs(sp.id)[0]?.id ?? "";
    expect((await call("DELETE", `${jobs}/${jobId}`)).status).toBe(204);
    expect((await call("GET", `${jobs}/${jobId}`)).status).toBe(404);
  });
});
