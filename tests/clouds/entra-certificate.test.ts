import { X509Certificate } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkAppPermissions, REQUIRED_GRAPH_PERMISSIONS } from "@/lib/entra/app-permissions";
import { listAwsEnterpriseApps } from "@/lib/entra/aws-gallery-app";
import { openGraph } from "@/lib/entra/graph-session";
import { AppError } from "@/lib/errors";
import { selfSignedClientCertificate, type ClientCertificate } from "@/simulators/test-support/client-certificate";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

// SSO Bridge signing in to Entra with a certificate credential instead of a client secret.

const DAY_MS = 86_400_000;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const e = await promise.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  return e as AppError;
}

describe("Graph session with a certificate credential", () => {
  let entra: EntraTestCloud;
  let registered: ClientCertificate;
  let expired: ClientCertificate;

  beforeAll(async () => {
    registered = await selfSignedClientCertificate();
    expired = await selfSignedClientCertificate({ notBefore: new Date(Date.now() - 400 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) });
    entra = await startEntraTestCloud({ certificatePems: [registered.certificatePem, expired.certificatePem] });
  });

  afterAll(async () => {
    await entra?.close();
  });

  it("gets a token and reports every required permission as granted", async () => {
    const check = await checkAppPermissions(openGraph(entra.connectionWithCertificate(registered)));
    expect(check.missing).toEqual([]);
    expect(check.granted).toEqual(expect.arrayContaining(REQUIRED_GRAPH_PERMISSIONS.map((p) => p.permission)));
  });

  it("calls Graph with the token", async () => {
    await expect(listAwsEnterpriseApps(openGraph(entra.connectionWithCertificate(registered)))).resolves.toEqual(expect.any(Array));
  });

  it("turns a certificate Entra does not know into NotConfigured naming its thumbprint and where to upload it", async () => {
    const unknown = await selfSignedClientCertificate();
    const e = await failure(checkAppPermissions(openGraph(entra.connectionWithCertificate(unknown))));
    const thumbprint = new X509Certificate(unknown.certificatePem).fingerprint.replace(/:/g, "");
    expect(e.code).toBe("NotConfigured");
    expect(e.message).toMatch(/Entra does not know the certificate .*AADSTS700027.*upload it under the app registration's Certificates & secrets/);
    expect(e.message).toContain(thumbprint);
    expect(e.message).not.toContain("PRIVATE KEY");
  });

  it("turns an expired certificate into NotConfigured asking for a new one", async () => {
    const e = await failure(openGraph(entra.connectionWithCertificate(expired)).accessToken());
    expect(e.code).toBe("NotConfigured");
    expect(e.message).toMatch(/expired on \d{4}-\d{2}-\d{2} \(AADSTS700027\)\. Create a new certificate/);
  });

  it("turns a private key that does not belong to the certificate into NotConfigured", async () => {
    const other = await selfSignedClientCertificate();
    const e = await failure(
      openGraph(entra.connectionWithCertificate({ certificatePem: registered.certificatePem, privateKeyPem: other.privateKeyPem })).accessToken(),
    );
    expect(e.code).toBe("NotConfigured");
    expect(e.message).toMatch(/AADSTS700027.*check that the private key saved in SSO Bridge belongs to it/);
  });
});
