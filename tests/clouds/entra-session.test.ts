import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAppPermissions, REQUIRED_GRAPH_PERMISSIONS } from "@/lib/entra/app-permissions";
import { findAwsGalleryTemplate, listAwsEnterpriseApps } from "@/lib/entra/aws-gallery-app";
import { openGraph } from "@/lib/entra/graph-session";
import { AppError } from "@/lib/errors";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("Graph session against the Entra simulator", () => {
  let entra: EntraTestCloud;

  beforeAll(async () => {
    entra = await startEntraTestCloud();
  });

  afterAll(async () => {
    await entra?.close();
  });

  it("runs in a worker that trusted the simulator CA from process start", async () => {
    expect(process.env.NODE_EXTRA_CA_CERTS).toMatch(/ca\.pem$/);
    // Plain global fetch, with no CA handed to it: only the process-wide trust makes this work.
    const res = await fetch(`${entra.cloud.issuer.authorityHost}/${entra.connection.tenantId}/v2.0/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
  });

  it("reports every required permission as granted", async () => {
    const check = await checkAppPermissions(openGraph(entra.connection));
    expect(check.missing).toEqual([]);
    expect(check.granted).toEqual(expect.arrayContaining(REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission)));
  });

  it("finds the AWS IAM Identity Center gallery template", async () => {
    const template = await findAwsGalleryTemplate(openGraph(entra.connection));
    expect(template).toEqual({ id: "21ed01d2-ec13-4e9e-86c1-cd546719ebc4", displayName: "AWS IAM Identity Center (successor to AWS Single Sign-On)" });
  });

  it("turns a wrong client secret into NotConfigured", async () => {
    const e = await failure(listAwsEnterpriseApps(openGraph(entra.connectionWithSecret("not-the-secret"))));
    expect(e.code).toBe("NotConfigured");
    expect(e.message).toMatch(/AADSTS7000215.*create a new client secret/is);
    expect(e.message).not.toContain("not-the-secret");
  });

  it("turns an unknown tenant into NotConfigured", async () => {
    const e = await failure(openGraph({ ...entra.connection, tenantId: "00000000-0000-4000-8000-000000000000" }).accessToken());
    expect(e.code).toBe("NotConfigured");
    expect(e.message).toMatch(/AADSTS90002/);
  });

  it("turns an unknown app registration into NotConfigured", async () => {
    const e = await failure(openGraph({ ...entra.connection, clientId: "00000000-0000-4000-8000-000000000001" }).accessToken());
    expect(e.code).toBe("NotConfigured");
    expect(e.message).toMatch(/AADSTS700016/);
  });
});

describe("Graph session with a permission withheld", () => {
  let entra: EntraTestCloud;

  beforeAll(async () => {
    entra = await startEntraTestCloud({ withhold: ["Application.ReadWrite.All", "Directory.Read.All"] });
  });

  afterAll(async () => {
    await entra?.close();
  });

  it("lists the withheld permission as missing, with what it is needed for", async () => {
    const check = await checkAppPermissions(openGraph(entra.connection));
    expect(check.missing.map((m) => m.permission)).toEqual(["Application.ReadWrite.All"]);
    expect(check.missing[0]?.neededFor).toContain("Enterprise application");
    expect(check.granted).not.toContain("Application.ReadWrite.All");
  });

  it("turns Graph's 403 into PermissionMissing naming what was attempted", async () => {
    const e = await failure(listAwsEnterpriseApps(openGraph(entra.connection)));
    expect(e.code).toBe("PermissionMissing");
    expect(e.message).toMatch(/list the AWS IAM Identity Center enterprise apps/);
  });
});

describe("Graph session when Entra is down", () => {
  it("names the login host when no token can be had", async () => {
    const entra = await startEntraTestCloud();
    const host = new URL(entra.cloud.issuer.authorityHost).host;
    const session = openGraph(entra.connection);
    await entra.cloud.close();
    const e = await failure(listAwsEnterpriseApps(session));
    expect(e.code).toBe("Unavailable");
    expect(e.message).toContain(host);
    await entra.close().catch(() => undefined);
  });

  it("names the Graph host when the token is cached but Graph is unreachable", async () => {
    const entra = await startEntraTestCloud();
    const host = new URL(entra.cloud.graph.graphBaseUrl).host;
    const session = openGraph(entra.connection);
    await session.accessToken();
    await entra.cloud.close();
    const e = await failure(listAwsEnterpriseApps(session));
    expect(e.code).toBe("Unavailable");
    expect(e.message).toContain(`Microsoft Graph at ${host}`);
    await entra.close().catch(() => undefined);
  });
});
