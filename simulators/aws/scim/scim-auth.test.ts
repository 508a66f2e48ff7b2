import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAwsWorld } from "../world";
import { startScimServer } from "./scim-server";
import { switchToExternalIdp } from "../../test-support/external-idp";
import { scimUser, startHarness, type Harness } from "./test-support";
import { findValidToken, issueScimToken, revokeScimToken, ScimTokenLimitError } from "./tokens";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.server.close());

const DAY_MS = 24 * 60 * 60 * 1000;

async function getUsers(token: string | undefined, baseUrl = h.server.baseUrl) {
  const res = await fetch(`${baseUrl}/Users`, { headers: token === undefined ? {} : { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("SCIM access tokens", () => {
  it("allows two tokens per instance, refuses a third and frees a slot on revoke", () => {
    const world = createAwsWorld();
    const first = issueScimToken(world);
    const second = issueScimToken(world);
    expect(first.token).not.toBe(second.token);
    expect(first.token.length).toBeGreaterThanOrEqual(64);
    expect(first.expiresAt.getTime() - first.createdAt.getTime()).toBe(365 * DAY_MS);
    expect(() => issueScimToken(world)).toThrow(ScimTokenLimitError);
    revokeScimToken(world, first.id);
    expect(world.scim.tokens.map((t) => t.id)).toEqual([second.id]);
    expect(issueScimToken(world).token).toBeTruthy();
    expect(() => revokeScimToken(world, "nope")).toThrow(/No SCIM access token/);
  });

  it("accepts a token only until it expires", () => {
    const world = createAwsWorld();
    const now = new Date("2030-01-01T00:00:00Z");
    const t = issueScimToken(world, { expiresInDays: 1, now });
    expect(findValidToken(world, t.token, now)?.id).toBe(t.id);
    expect(findValidToken(world, t.token, new Date(now.getTime() + DAY_MS))).toBeUndefined();
    expect(findValidToken(world, `${t.token}x`, now)).toBeUndefined();
  });
});

describe("SCIM authentication", () => {
  it("answers missing, wrong, expired and revoked tokens and a wrong tenant with 401", async () => {
    expect((await getUsers(h.token)).status).toBe(200);

    const missing = await getUsers(undefined);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ status: "401", schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] });
    expect((await getUsers("not-a-real-token")).status).toBe(401);
    expect((await fetch(`${h.server.baseUrl}/Users`, { headers: { Authorization: `Basic ${h.token}` } })).status).toBe(401);

    const expired = issueScimToken(h.world, { now: new Date(Date.now() - 400 * DAY_MS) });
    expect((await getUsers(expired.token)).status).toBe(401);
    revokeScimToken(h.world, expired.id);

    const revoked = issueScimToken(h.world);
    expect((await getUsers(revoked.token)).status).toBe(200);
    revokeScimToken(h.world, revoked.id);
    expect((await getUsers(revoked.token)).status).toBe(401);

    const wrongTenant = h.server.baseUrl.replace(h.world.scim.tenantId, "00000000-0000-0000-0000-000000000000");
    expect((await getUsers(h.token, wrongTenant)).status).toBe(401);
  });

  it("answers no token while the identity source is the Identity Center directory", async () => {
    const external = h.world.identitySource;
    h.world.identitySource = { type: "identity-center-directory" };
    try {
      expect((await getUsers(h.token)).status).toBe(401);
    } finally {
      h.world.identitySource = external;
    }
    expect((await getUsers(h.token)).status).toBe(200);
  });
});

describe("SCIM discovery and unsupported endpoints", () => {
  it("serves ServiceProviderConfig, Schemas and ResourceTypes", async () => {
    const spc = await h.call("GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.body).toMatchObject({ patch: { supported: true }, bulk: { supported: false }, filter: { supported: true }, sort: { supported: false } });
    const schemas = await h.call("GET", "/Schemas");
    expect(schemas.body.Resources.map((s) => s.id)).toContain("urn:ietf:params:scim:schemas:core:2.0:User");
    expect((await h.call("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group")).body.name).toBe("Group");
    const types = await h.call("GET", "/ResourceTypes");
    expect(types.body.Resources.map((r) => r.endpoint)).toEqual(["/Users", "/Groups"]);
    expect((await h.call("GET", "/ResourceTypes/User")).body.schema).toBe("urn:ietf:params:scim:schemas:core:2.0:User");
  });

  it("has no /Me, /Bulk or /Search", async () => {
    for (const [method, path] of [
      ["GET", "/Me"],
      ["POST", "/Bulk"],
      ["POST", "/Search"],
      ["POST", "/Users/.search"],
    ] as const) {
      const res = await h.call(method, path, method === "POST" ? {} : undefined);
      expect(res.status).toBe(404);
      expect(res.body.status).toBe("404");
    }
  });

  it("rejects bodies that are not JSON", async () => {
    const res = await h.call("POST", "/Users", undefined, { "Content-Type": "application/scim+json" });
    expect(res.status).toBe(400);
    const text = await fetch(`${h.server.baseUrl}/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${h.token}`, "Content-Type": "text/plain" },
      body: JSON.stringify(scimUser("plain")),
    });
    expect(text.status).toBe(400);
    const json = await fetch(`${h.server.baseUrl}/Users`, {
      method: "POST",
      headers: { Authorization: `Bearer ${h.token}`, "Content-Type": "application/json" },
      body: JSON.stringify(scimUser("json.body")),
    });
    expect(json.status).toBe(201);
  });
});

describe("SCIM faults", () => {
  afterAll(() => h.faults.clear());

  it("throttles with 429 and Retry-After on the named route only", async () => {
    h.faults.set([{ route: "scim:POST /Users", throttleRate: 1, retryAfterSeconds: 7 }]);
    const throttled = await h.call("POST", "/Users", scimUser("throttled"));
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get("retry-after")).toBe("7");
    expect(throttled.body).toMatchObject({ status: "429", schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"] });
    expect(h.world.identityStore.findUserByUserName("throttled")).toBeUndefined();
    expect((await h.call("GET", "/Users")).status).toBe(200);
  });

  it("answers 500 for injected errors and names item routes with {id}", async () => {
    h.faults.set([{ route: "scim:GET /Groups/{id}", errorRate: 1 }]);
    const res = await h.call("GET", "/Groups/anything");
    expect(res.status).toBe(500);
    expect(res.body.status).toBe("500");
  });

  it("drops the connection without an answer", async () => {
    h.faults.set([{ route: "scim:PATCH /Users/{id}", dropRate: 1 }]);
    await expect(h.call("PATCH", "/Users/x", { schemas: [], Operations: [] })).rejects.toThrow();
  });

  it("creates the user of a request whose answer it loses, answering 500, a bare 503 or nothing instead", async () => {
    h.faults.set([{ route: "scim:POST /Users", lostAnswerRate: 1 }]);
    const failed = await h.call("POST", "/Users", scimUser("lost.500"));
    expect(failed.status).toBe(500);
    expect(failed.body).toMatchObject({ status: "500" });
    h.faults.set([{ route: "scim:POST /Users", lostAnswerRate: 1, lostAnswerAs: "unavailable" }]);
    const unavailable = await h.call("POST", "/Users", scimUser("lost.503"));
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toBeUndefined();
    h.faults.set([{ route: "scim:POST /Users", lostAnswerRate: 1, lostAnswerAs: "drop" }]);
    await expect(h.call("POST", "/Users", scimUser("lost.drop"))).rejects.toThrow();
    for (const userName of ["lost.500", "lost.503", "lost.drop"]) expect(h.world.identityStore.findUserByUserName(userName)).toBeDefined();
  });
});

describe("SCIM over HTTPS", () => {
  it("serves the same API when given a certificate", async () => {
    const { ensureLocalTls } = await import("../../tls");
    const os = await import("node:os");
    const path = await import("node:path");
    const fs = await import("node:fs/promises");
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "scim-tls-"));
    const tls = await ensureLocalTls(dir);
    const world = createAwsWorld();
    await switchToExternalIdp(world);
    const server = await startScimServer({ world, tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
    try {
      expect(server.baseUrl).toMatch(/^https:\/\/localhost:\d+\/[^/]+\/scim\/v2$/);
      const https = await import("node:https");
      const token = issueScimToken(world).token;
      const status = await new Promise<number>((resolve, reject) => {
        https
          .get(`${server.baseUrl}/ServiceProviderConfig`, { ca: tls.caPem, headers: { Authorization: `Bearer ${token}` } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on("error", reject);
      });
      expect(status).toBe(200);
    } finally {
      await server.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
