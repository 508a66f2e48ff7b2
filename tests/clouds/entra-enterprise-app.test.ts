import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AWS_GALLERY_TEMPLATE_ID,
  ensureAwsEnterpriseApp,
  getEnterpriseApp,
  instantiateAwsGalleryApp,
  listAwsEnterpriseApps,
} from "@/lib/entra/aws-gallery-app";
import { openGraph, type GraphSession } from "@/lib/entra/graph-session";
import type { AppError } from "@/lib/errors";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

const FAST_POLL = { pollIntervalMs: 100, timeoutMs: 10_000 };

describe("the AWS IAM Identity Center enterprise app", () => {
  let entra: EntraTestCloud;
  let session: GraphSession;

  beforeAll(async () => {
    entra = await startEntraTestCloud({ replicationDelayMs: 400 });
    session = openGraph(entra.connection);
  });

  afterAll(async () => {
    await entra?.close();
  });

  it("is instantiated from the gallery, read back after replication, then listed", async () => {
    const app = await instantiateAwsGalleryApp(session, "AWS IAM Identity Center", FAST_POLL);
    expect(app.displayName).toBe("AWS IAM Identity Center");
    const listed = await listAwsEnterpriseApps(session);
    expect(listed).toEqual([app]);
    expect(entra.directory.servicePrincipals.get(app.servicePrincipalId)?.applicationTemplateId).toBe(AWS_GALLERY_TEMPLATE_ID);
  });

  it("is adopted, not duplicated, when the step runs again", async () => {
    const again = await ensureAwsEnterpriseApp(session, "AWS IAM Identity Center", FAST_POLL);
    expect(again.created).toBe(false);
    expect(await listAwsEnterpriseApps(session)).toEqual([again.app]);
  });

  it("reports a timeout that names the created objects so a rerun adopts them", async () => {
    const slow = await startEntraTestCloud({ replicationDelayMs: 5_000 });
    try {
      const attempt = instantiateAwsGalleryApp(openGraph(slow.connection), "Slow AWS", { pollIntervalMs: 100, timeoutMs: 500 });
      const e = await attempt.then(
        () => null,
        (err: unknown) => err as AppError,
      );
      const sp = [...slow.directory.servicePrincipals.values()].find((s) => s.displayName === "Slow AWS");
      expect(e?.code).toBe("Unavailable");
      expect(e?.message).toContain(sp?.id);
      expect(e?.message).toMatch(/adopts the app/);
    } finally {
      await slow.close();
    }
  });

  it("reads the app's details, and null once it was deleted behind SSO Bridge's back", async () => {
    const { app } = await ensureAwsEnterpriseApp(session, "Deleted later", FAST_POLL);
    const details = await getEnterpriseApp(session, app.servicePrincipalId);
    expect(details).toMatchObject({ ...app, preferredSingleSignOnMode: null, identifierUris: [], redirectUris: [], signingCertificates: [] });

    await session.client.api(`/applications/${app.applicationObjectId}`).delete();
    expect(await getEnterpriseApp(session, app.servicePrincipalId)).toBeNull();
    expect((await listAwsEnterpriseApps(session)).map((a) => a.displayName)).toEqual(["AWS IAM Identity Center"]);
  });
});
