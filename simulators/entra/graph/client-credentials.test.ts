import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grantAppPermissions } from "../seed";
import { SSO_BRIDGE_APP } from "../tenant";
import { GRAPH_SCOPE, startGraphTestWorld, type GraphTestWorld } from "./graph-test-setup";

function claims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
}

describe("client credentials for Microsoft Graph", () => {
  let world: GraphTestWorld;

  beforeAll(async () => {
    world = await startGraphTestWorld();
  });

  afterAll(async () => {
    await world?.close();
  });

  it("issues MSAL an app-only Graph token carrying the granted permissions", async () => {
    const result = await world.msal().acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
    expect(result?.tokenType).toBe("Bearer");
    const c = claims(result?.accessToken ?? "");
    expect(c.aud).toBe("https://graph.microsoft.com");
    expect(c.iss).toBe(`https://sts.windows.net/${world.cloud.issuer.tenantId}/`);
    expect(c.tid).toBe(world.cloud.issuer.tenantId);
    expect(c.appid).toBe(SSO_BRIDGE_APP.clientId);
    expect(c.idtyp).toBe("app");
    expect((c.exp as number) - (c.iat as number)).toBe(3600);
    expect(c.roles).toEqual(expect.arrayContaining(["User.Read.All", "Application.ReadWrite.All", "Synchronization.ReadWrite.All"]));
    const header = JSON.parse(Buffer.from((result?.accessToken ?? "").split(".")[0] ?? "", "base64url").toString("utf8")) as { alg: string };
    expect(header.alg).toBe("RS256");
  });

  it("refuses a wrong client secret with Entra's AADSTS7000215 error", async () => {
    const failure = await world
      .msal("not-the-secret")
      .acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] })
      .then(
        () => null,
        (e: unknown) => e as { errorCode?: string; errorMessage?: string },
      );
    expect(failure?.errorCode).toBe("invalid_client");
    // MSAL folds error_codes, timestamp and error_description into its own message.
    expect(failure?.errorMessage).toMatch(/^Error\(s\): 7000215 - .* - Description: AADSTS7000215: Invalid client secret provided/s);
  });

  it("answers the raw token endpoint in Entra's error shape for a scope without /.default", async () => {
    const res = await world.fetch(`${world.cloud.issuer.authorityHost}/${world.cloud.issuer.tenantId}/oauth2/v2.0/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "client-request-id": "abc-123" },
      body: new URLSearchParams({
        grant_type: "client_credentials",
        client_id: SSO_BRIDGE_APP.clientId,
        client_secret: SSO_BRIDGE_APP.clientSecret,
        scope: "User.Read.All",
      }).toString(),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ error: "invalid_scope", error_codes: [1002012], correlation_id: "abc-123" });
    expect(body.error_description).toMatch(/^AADSTS1002012: .*\r\nTrace ID: .*\r\nCorrelation ID: abc-123\r\nTimestamp: /s);
  });

  it("still hands other grants to the OpenID Connect provider", async () => {
    const res = await world.fetch(`${world.cloud.issuer.issuer}/token`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from(`${SSO_BRIDGE_APP.clientId}:${SSO_BRIDGE_APP.clientSecret}`).toString("base64")}`,
      },
      body: new URLSearchParams({ grant_type: "authorization_code", code: "no-such-code", redirect_uri: "http://localhost:3999/cb" }).toString(),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("puts a later change of granted permissions into the next token", async () => {
    grantAppPermissions(world.directory, SSO_BRIDGE_APP.clientId, undefined, { withhold: ["User.Read.All", "Directory.Read.All"] });
    try {
      const c = claims(await world.token());
      expect(c.roles).not.toContain("User.Read.All");
      expect(c.roles).toContain("Group.Read.All");
    } finally {
      grantAppPermissions(world.directory);
    }
  });
});
