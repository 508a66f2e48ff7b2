import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findAwsGalleryTemplate, instantiateAwsGalleryApp } from "@/lib/entra/aws-gallery-app";
import { openGraph, type GraphSession } from "@/lib/entra/graph-session";
import { FaultInjector } from "@/simulators/faults";
import { startEntraTestCloud, type EntraTestCloud } from "../support/entra-test-cloud";

const TEMPLATE_ROUTE = "graph:GET /applicationTemplates/{id}";
const INSTANTIATE_ROUTE = "graph:POST /applicationTemplates/{id}/instantiate";

describe("Graph throttling and outages", () => {
  let entra: EntraTestCloud;
  let session: GraphSession;
  let requests = 0;
  // The dice: the first `faulty` requests that reach a fault rule misbehave, the rest do not.
  let faulty = 0;
  const faults = new FaultInjector([], () => (requests++ < faulty ? 0 : 1));

  const arrange = (rule: { route: string; throttleRate?: number; errorRate?: number; lostAnswerRate?: number }, faultyRequests: number) => {
    faults.set([{ retryAfterSeconds: 1, ...rule }]);
    requests = 0;
    faulty = faultyRequests;
  };

  beforeAll(async () => {
    entra = await startEntraTestCloud({ faults });
    session = openGraph(entra.connection);
  });

  afterAll(async () => {
    await entra?.close();
  });

  it("waits out Retry-After and succeeds when throttling stops", async () => {
    arrange({ route: TEMPLATE_ROUTE, throttleRate: 1 }, 2);
    const started = Date.now();
    await expect(findAwsGalleryTemplate(session)).resolves.toMatchObject({ displayName: expect.stringContaining("AWS IAM Identity Center") });
    expect(requests).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it("gives up after three retries with Throttled and the wait Graph asked for", async () => {
    arrange({ route: TEMPLATE_ROUTE, throttleRate: 1 }, 100);
    await expect(findAwsGalleryTemplate(session)).rejects.toMatchObject({ code: "Throttled", message: expect.stringMatching(/try again in 1 s/) });
    expect(requests).toBe(4);
  });

  it("retries a throttled write", async () => {
    arrange({ route: INSTANTIATE_ROUTE, throttleRate: 1 }, 1);
    await expect(instantiateAwsGalleryApp(session, "Throttled once", { pollIntervalMs: 100 })).resolves.toMatchObject({ displayName: "Throttled once" });
    expect(requests).toBe(2);
  });

  it("does not repeat a write that failed with 503, which may have taken effect", async () => {
    arrange({ route: INSTANTIATE_ROUTE, errorRate: 1 }, 1);
    await expect(instantiateAwsGalleryApp(session, "Unavailable once")).rejects.toMatchObject({ code: "Unavailable" });
    expect(requests).toBe(1);
  });

  it("does not repeat a write whose answer was lost after Graph carried it out", async () => {
    arrange({ route: INSTANTIATE_ROUTE, lostAnswerRate: 1 }, 1);
    await expect(instantiateAwsGalleryApp(session, "Answer lost")).rejects.toMatchObject({ code: "Unavailable" });
    expect(requests).toBe(1);
    expect([...entra.directory.applications.values()].filter((a) => a.displayName === "Answer lost")).toHaveLength(1);
  });

  it("retries a read that failed with 503", async () => {
    arrange({ route: TEMPLATE_ROUTE, errorRate: 1 }, 1);
    await expect(findAwsGalleryTemplate(session)).resolves.toBeTruthy();
    expect(requests).toBe(2);
  });
});
