import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { IdentitystoreClient, ListUsersCommand } from "@aws-sdk/client-identitystore";
import { ListInstancesCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { Agent, fetch as fetchWith } from "undici";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { awsRequestClass, graphRequestClass, RequestCounter, type RequestCounts } from "./request-counter";
import { startSimulators, type RunningSimulators } from "./start-simulators";

// Every request the simulated clouds receive is counted by class and route, answered or not, and
// the counts are read and reset through the control API.

let sims: RunningSimulators;
let dir: string;
let tls: Agent;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-counts-"));
  sims = await startSimulators({ dataDir: dir, appUrls: ["http://localhost:3999"], users: 5, groups: 2, cycleSeconds: 3600 });
  tls = new Agent({ connect: { ca: sims.entra.caPem } });
});
afterAll(async () => {
  await tls?.close();
  await sims?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await fetch(`${sims.env.SIM_CONTROL_URL}/faults`, { method: "DELETE" });
  await fetch(`${sims.env.SIM_CONTROL_URL}/requests`, { method: "DELETE" });
});

const counts = async () => (await (await fetch(`${sims.env.SIM_CONTROL_URL}/requests`)).json()) as RequestCounts;

async function graphToken(): Promise<string> {
  const res = await fetchWith(`${sims.env.ENTRA_AUTHORITY_HOST}/${sims.env.ENTRA_TENANT_ID}/oauth2/v2.0/token`, {
    method: "POST",
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: sims.env.ENTRA_CLIENT_ID!,
      client_secret: sims.env.ENTRA_CLIENT_SECRET!,
      scope: "https://graph.microsoft.com/.default",
    }),
    dispatcher: tls,
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const graph = (pathAndQuery: string, init: { token?: string; method?: string; body?: unknown } = {}) =>
  fetchWith(`${sims.env.GRAPH_BASE_URL}/v1.0${pathAndQuery}`, {
    method: init.method ?? "GET",
    headers: { ...(init.token ? { authorization: `Bearer ${init.token}` } : {}), "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    dispatcher: tls,
  });

const awsClientConfig = () => ({
  region: sims.env.AWS_REGION,
  endpoint: sims.env.AWS_ENDPOINT_URL,
  credentials: { accessKeyId: sims.env.AWS_ACCESS_KEY_ID!, secretAccessKey: sims.env.AWS_SECRET_ACCESS_KEY! },
  // One attempt per call, so each call is one request to count.
  maxAttempts: 1,
});

describe("request counting", () => {
  it("tells Graph's reports from the rest of Graph, each $batch step as one request", async () => {
    const token = await graphToken();
    expect((await graph("/users", { token })).status).toBe(200);
    expect((await graph("/auditLogs/provisioning", { token })).status).toBe(200);
    const batch = await graph("/$batch", {
      token,
      method: "POST",
      body: {
        requests: [
          { id: "1", method: "GET", url: "/groups" },
          { id: "2", method: "GET", url: "/auditLogs/provisioning?$top=5" },
        ],
      },
    });
    expect(batch.status).toBe(200);
    const seen = await counts();
    expect(seen.byClass).toMatchObject({ "graph-directory": 2, "graph-reports": 2, "entra-login": 1 });
    expect(seen.byRoute).toMatchObject({
      "graph:GET /users": 1,
      "graph:GET /groups": 1,
      "graph:GET /auditLogs/provisioning": 2,
      "login:POST /{id}/oauth2/v2.0/token": 1,
    });
    expect(seen.total).toBe(5);
  });

  it("counts requests it refuses or throttles too", async () => {
    const token = await graphToken();
    expect((await graph("/auditLogs/provisioning")).status).toBe(401);
    await fetch(`${sims.env.SIM_CONTROL_URL}/faults`, { method: "PUT", body: JSON.stringify([{ route: "graph:*", throttleRate: 1, retryAfterSeconds: 7 }]) });
    const throttled = await graph("/auditLogs/provisioning", { token });
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect((await graph("/servicePrincipals", { token })).status).toBe(429);
    const seen = await counts();
    expect(seen.byClass).toMatchObject({ "graph-reports": 2, "graph-directory": 1 });
    expect(seen.byRoute).toMatchObject({ "graph:GET (unauthenticated)": 1, "graph:GET /auditLogs/provisioning": 1, "graph:GET /servicePrincipals": 1 });
  });

  it("counts AWS per service, throttled calls included", async () => {
    const ssoAdmin = new SSOAdminClient(awsClientConfig());
    const identityStore = new IdentitystoreClient(awsClientConfig());
    const [instance] = (await ssoAdmin.send(new ListInstancesCommand({}))).Instances!;
    await identityStore.send(new ListUsersCommand({ IdentityStoreId: instance!.IdentityStoreId! }));
    await fetch(`${sims.env.SIM_CONTROL_URL}/faults`, { method: "PUT", body: JSON.stringify([{ route: "sso-admin:*", throttleRate: 1 }]) });
    await expect(ssoAdmin.send(new ListInstancesCommand({}))).rejects.toMatchObject({ name: "ThrottlingException" });
    await fetch(`${sims.env.AWS_CONSOLE_URL}/singlesignon/home?region=${sims.env.AWS_REGION}`);
    const seen = await counts();
    expect(seen.byClass).toMatchObject({ "aws-sso-admin": 2, "aws-identitystore": 1, "aws-other": 1, "graph-directory": 0, "graph-reports": 0 });
    expect(seen.byRoute).toMatchObject({ "sso-admin:ListInstances": 2, "identitystore:ListUsers": 1 });
  });

  it("starts again from zero when reset", async () => {
    await graph("/users");
    expect((await counts()).total).toBe(1);
    const reset = (await (await fetch(`${sims.env.SIM_CONTROL_URL}/requests`, { method: "DELETE" })).json()) as RequestCounts;
    expect(reset.total).toBe(0);
    expect(Object.values(reset.byClass).every((n) => n === 0)).toBe(true);
    expect(reset.byRoute).toEqual({});
  });
});

describe("request classes", () => {
  it("put Graph's identity and access reports in their own class", () => {
    expect(graphRequestClass("/auditLogs/provisioning")).toBe("graph-reports");
    expect(graphRequestClass("/auditLogs/directoryAudits")).toBe("graph-reports");
    expect(graphRequestClass("/reports/authenticationMethods/userRegistrationDetails")).toBe("graph-reports");
    expect(graphRequestClass("/servicePrincipals/1/synchronization/jobs")).toBe("graph-directory");
    expect(graphRequestClass("/users")).toBe("graph-directory");
    expect(graphRequestClass("/auditLogsArchive")).toBe("graph-directory");
  });

  it("name AWS's class by the route's service", () => {
    expect(awsRequestClass("sso-admin:ListPermissionSets")).toBe("aws-sso-admin");
    expect(awsRequestClass("identitystore:ListGroups")).toBe("aws-identitystore");
    expect(awsRequestClass("organizations:ListAccounts")).toBe("aws-organizations");
    expect(awsRequestClass("sts:GetCallerIdentity")).toBe("aws-sts");
    expect(awsRequestClass("scim:POST /Users")).toBe("aws-scim");
    expect(awsRequestClass("console:GET")).toBe("aws-other");
  });

  it("count since the start or the last reset", () => {
    let now = new Date("2026-01-01T00:00:00Z");
    const counter = new RequestCounter(() => now);
    counter.count("graph-reports", "graph:GET /auditLogs/provisioning");
    counter.count("graph-reports", "graph:GET /auditLogs/provisioning");
    expect(counter.counts()).toMatchObject({ since: "2026-01-01T00:00:00.000Z", total: 2, byRoute: { "graph:GET /auditLogs/provisioning": 2 } });
    now = new Date("2026-01-01T00:01:00Z");
    counter.reset();
    expect(counter.counts()).toMatchObject({ since: "2026-01-01T00:01:00.000Z", total: 0 });
  });
});
