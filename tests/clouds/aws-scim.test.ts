import { lookup } from "node:dns/promises";
import http from "node:http";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkScimCredentials } from "@/lib/aws/scim-client";
import { parseScimEndpoint } from "@/lib/aws/scim-endpoint";
import { AppError } from "@/lib/errors";
import { checkOutboundUrl } from "@/lib/http/outbound-address-policy";
import { startAwsCloud, type AwsCloud } from "@/simulators/aws/aws-cloud";
import { startScimServer } from "@/simulators/aws/scim/scim-server";
import { issueScimToken, revokeScimToken } from "@/simulators/aws/scim/tokens";
import { FaultInjector } from "@/simulators/faults";
import { switchToExternalIdp } from "@/simulators/test-support/external-idp";
import { ensureLocalTls } from "@/simulators/tls";

vi.mock("node:dns/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:dns/promises")>();
  return { ...real, lookup: vi.fn(real.lookup) };
});

const strict = { allowPrivateNetworks: false, labSetting: "Allow lab SCIM endpoints" };
const lab = { allowPrivateNetworks: true, labSetting: "Allow lab SCIM endpoints" };
let cloud: AwsCloud;
let endpoint: string;
// Dice that always come up "misbehave" unless a test says otherwise.
let dice = () => 0;
const faults = new FaultInjector([], () => dice());

beforeAll(async () => {
  cloud = await startAwsCloud({ region: "eu-west-1", accounts: 2, seed: 7, faults });
  await switchToExternalIdp(cloud.world);
  endpoint = parseScimEndpoint(cloud.scimBaseUrl, { region: "eu-west-1", allowOtherHosts: true }).url;
});
afterAll(() => cloud.close());
afterEach(() => {
  faults.clear();
  dice = () => 0;
});

/** The AppError a failed check throws, after making sure it gives the token away nowhere. */
async function failure(endpointUrl: string, token: string): Promise<AppError> {
  const e = await checkScimCredentials(endpointUrl, token, lab).then(
    () => expect.unreachable("the check passed"),
    (err: unknown) => err as AppError,
  );
  expect(e).toBeInstanceOf(AppError);
  expect(e.message).not.toContain(token);
  expect(e.stack ?? "").not.toContain(token);
  return e;
}

const REFUSED_TOKEN =
  /^AWS refused the token: it is wrong, revoked or expired, or belongs to another instance\. Generate a new one in the IAM Identity Center console under Settings → Automatic provisioning\./;

describe("checkScimCredentials against the simulated IAM Identity Center", () => {
  it("passes the endpoint and token the console gave, reporting what the endpoint supports", async () => {
    expect(endpoint).toBe(`${cloud.scimBaseUrl}/`);
    expect(endpoint).toContain(`/${cloud.world.scim.tenantId}/scim/v2/`);
    // The simulator lives on the loopback interface: only a lab setting lets it through.
    await expect(checkOutboundUrl(endpoint, strict)).rejects.toThrow(/Allow lab SCIM endpoints/);
    await checkOutboundUrl(endpoint, lab);
    expect(await checkScimCredentials(endpoint, `${cloud.scimToken.token}\n`, lab)).toEqual({
      serviceProvider: { patchSupported: true, filterSupported: true, maxResults: 100 },
      usersVisible: true,
    });
  });

  it("says AWS refused a revoked token and a made-up one", async () => {
    const revoked = issueScimToken(cloud.world);
    await checkScimCredentials(endpoint, revoked.token, lab);
    revokeScimToken(cloud.world, revoked.id);
    const e = await failure(endpoint, revoked.token);
    expect(e.code).toBe("InvalidInput");
    expect(e.message).toMatch(REFUSED_TOKEN);
    expect((await failure(endpoint, "made-up-token-0123456789")).message).toMatch(REFUSED_TOKEN);
  });

  it("points at the endpoint when its tenant id or path is wrong", async () => {
    const wrongTenant = endpoint.replace(cloud.world.scim.tenantId, "00000000-0000-0000-0000-000000000000");
    const tenant = await failure(wrongTenant, cloud.scimToken.token);
    expect(tenant.message).toMatch(REFUSED_TOKEN);
    expect(tenant.message).toContain("tenant id in the endpoint is wrong");
    const path = await failure(endpoint.replace("/scim/v2/", "/scim/v1/"), cloud.scimToken.token);
    expect(path.code).toBe("InvalidInput");
    expect(path.message).toMatch(/HTTP 404\): the tenant id or the path of the endpoint is wrong/);
  });

  it("refuses a token that could not be sent as one header line", async () => {
    const e = await failure(endpoint, "two words");
    expect(e.message).toContain("one line without spaces");
  });

  it("reports throttling that outlasts a retry as Throttled, and server faults as Unavailable", async () => {
    faults.set([{ route: "scim:*", throttleRate: 1, retryAfterSeconds: 0 }]);
    expect((await failure(endpoint, cloud.scimToken.token)).code).toBe("Throttled");
    faults.set([{ route: "scim:GET /Users", errorRate: 1 }]);
    const e = await failure(endpoint, cloud.scimToken.token);
    expect(e.code).toBe("Unavailable");
    expect(e.message).toMatch(/internal error \(HTTP 500\) \(request id [0-9a-f-]{36}\)/);
  });

  it("rides out a single throttled answer", async () => {
    let rolls = 0;
    dice = () => (rolls++ === 0 ? 0 : 1);
    faults.set([{ route: "scim:GET /ServiceProviderConfig", throttleRate: 1, retryAfterSeconds: 0 }]);
    expect((await checkScimCredentials(endpoint, cloud.scimToken.token, lab)).usersVisible).toBe(true);
    expect(rolls).toBe(2);
  });

  it("reports a dropped connection and a stopped endpoint as Unavailable, naming the host", async () => {
    faults.set([{ route: "scim:*", dropRate: 1 }]);
    const dropped = await failure(endpoint, cloud.scimToken.token);
    expect(dropped.code).toBe("Unavailable");
    expect(dropped.message).toContain(`Could not reach the SCIM endpoint at ${new URL(endpoint).host}`);

    const stopped = await startAwsCloud({ region: "eu-west-1", accounts: 1, seed: 8 });
    await stopped.close();
    const e = await failure(`${stopped.scimBaseUrl}/`, stopped.scimToken.token);
    expect(e.code).toBe("Unavailable");
    expect(e.message).toMatch(/^Could not reach the SCIM endpoint at localhost:\d+: it refused the connection\./);
  });

  it("sends the token only to the address it checked, and checks the certificate against the host name", async () => {
    // The simulator's certificate (from the CA this project trusts) names localhost and 127.0.0.1.
    const tls = await ensureLocalTls(path.dirname(process.env.NODE_EXTRA_CA_CERTS!));
    const secure = await startScimServer({ world: cloud.world, tls: { certPem: tls.certPem, keyPem: tls.keyPem } });
    try {
      expect((await checkScimCredentials(`${secure.baseUrl}/`, cloud.scimToken.token, lab)).usersVisible).toBe(true);
      // Reached as another name that resolves to 127.0.0.1, it is refused: the certificate is checked against the
      // name in the URL, not the address the connection went to. (undici connects once more after a certificate
      // for another name, so the name resolves the same way for the whole check.)
      vi.mocked(lookup).mockResolvedValue([{ address: "127.0.0.1", family: 4 }] as never);
      const e = await failure(`${secure.baseUrl.replace("//localhost:", "//scim.lab.test:")}/`, cloud.scimToken.token);
      expect(e.message).toMatch(/^Could not reach the SCIM endpoint at scim\.lab\.test:\d+: it presented a TLS certificate this server does not trust\./);
    } finally {
      vi.mocked(lookup).mockReset();
      await secure.close();
    }

    // Outside a lab the connection itself refuses the simulator's loopback address, whatever was checked before.
    const refused = await checkScimCredentials(endpoint, cloud.scimToken.token, strict).then(
      () => expect.unreachable("the check passed"),
      (err: unknown) => err as AppError,
    );
    expect(refused.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is a loopback address: .*"Allow lab SCIM endpoints"/);
  });

  it("says so when the address answers but is not a SCIM endpoint", async () => {
    const html = await stubFailure(200, "text/html", "<html><body>Sign in</body></html>");
    expect(html.code).toBe("InvalidInput");
    expect(html.message).toContain("this does not look like a SCIM endpoint");
    const huge = await stubFailure(200, "application/json", JSON.stringify({ padding: "x".repeat(300 * 1024) }));
    expect(huge.message).toMatch(/larger than 256 KB: this does not look like a SCIM endpoint/);
  });

  it("reports AWS's AccessDeniedException as a missing permission, without echoing the token", async () => {
    const token = cloud.scimToken.token;
    const body = {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"],
      detail: `Not permitted for ${token}`,
      status: "403",
      exceptionRequestId: "req-1",
      timeStamp: "2030-01-01 00:00:00.000",
    };
    const e = await stubFailure(403, "application/json", JSON.stringify(body));
    expect(e.code).toBe("PermissionMissing");
    expect(e.message).toContain("denied access to /t/scim/v2/ServiceProviderConfig: Not permitted for … (request id req-1)");
  });
});

/** Runs the check against a one-answer HTTP server and returns its failure. */
async function stubFailure(status: number, contentType: string, body: string): Promise<AppError> {
  const server = http.createServer((_req, res) => res.writeHead(status, { "content-type": contentType }).end(body));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const { port } = server.address() as { port: number };
    return await failure(`http://127.0.0.1:${port}/t/scim/v2/`, cloud.scimToken.token);
  } finally {
    server.close();
  }
}
