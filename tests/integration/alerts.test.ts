import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AlertFacts } from "@/lib/alerts/conditions";
import { deliverPending, sendTestDelivery } from "@/lib/alerts/deliveries";
import { evaluateAlerts } from "@/lib/alerts/evaluate-alerts";
import { addWebhook, listWebhooks, removeWebhook, setWebhookEnabled } from "@/lib/alerts/webhooks";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import type { ProvisioningStatus } from "@/lib/provisioning/provisioning-status";
import { updateSettings } from "@/lib/settings";
import { testProvider, useFreshDatabase } from "../support/databases";

// Alerts fire once per condition, reach every webhook in its own format, are retried with backoff
// when a receiver fails, and say "resolved" when the condition is gone. The receiver is a local
// HTTP server: webhooks are outside SSO Bridge, so a real server is the faithful stand-in.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "person-ada", label: "Ada Admin" }, context: { requestId: "req-alerts" } };
const MINUTE = 60_000;

type Received = { path: string; body: Record<string, unknown> };
const received: Received[] = [];
let failNext = 0;
let server: http.Server;
let base = "";

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      if (failNext > 0) {
        failNext -= 1;
        res.writeHead(500).end("receiver down");
        return;
      }
      received.push({ path: req.url ?? "", body: JSON.parse(text) as Record<string, unknown> });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const healthy: ProvisioningStatus = {
  state: "healthy",
  jobCode: "Active",
  lastSuccessAt: null,
  quarantineReason: null,
  consecutiveFailures: 0,
  lastCycle: { id: "run-1", state: "Succeeded", beganAt: null, endedAt: null, reason: null, error: null, entitled: 2, exported: 2, failed: 0 },
  provisioned: { users: 3, groups: 1 },
  token: { expiresAt: new Date("2027-10-01T00:00:00Z"), daysLeft: 300, rejected: false },
  firstProblem: null,
};
const facts =
  (provisioning: Partial<ProvisioningStatus>) =>
  (now: Date): Promise<AlertFacts> =>
    Promise.resolve({ provisioning: { ...healthy, ...provisioning }, federationCertificate: null, now });
const quarantined = facts({ state: "broken", jobCode: "Quarantine" });

describe(`alerts and webhooks on ${testProvider()}`, () => {
  it("refuses a webhook on a private network until lab webhooks are allowed (lab SCIM endpoints do not)", async () => {
    await updateSettings({ allowLabScimEndpoints: true }, by);
    const refused = await addWebhook({ name: "Ops", url: `${base}/generic`, format: "generic" }, by).then(
      () => expect.unreachable("the webhook was added"),
      (e: unknown) => e as AppError,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.message).toContain('"Allow lab webhooks" setting');
    expect(refused.message).not.toContain("SCIM");
    await updateSettings({ allowLabWebhooks: true }, by);
    await addWebhook({ name: "Ops", url: `${base}/generic`, format: "generic" }, by);
    await addWebhook({ name: "Slack", url: `${base}/slack`, format: "slack" }, by);
    await addWebhook({ name: "Teams", url: `${base}/teams`, format: "teams" }, by);
    const hooks = await listWebhooks();
    expect(hooks.map((h) => [h.name, h.host, h.format])).toEqual([
      ["Ops", base.slice(7), "generic"],
      ["Slack", base.slice(7), "slack"],
      ["Teams", base.slice(7), "teams"],
    ]);
    expect(JSON.stringify(hooks)).not.toContain("/generic");
  });

  it("fires a condition once across evaluations, with one delivery per webhook in its format", async () => {
    const t0 = new Date("2026-11-29T10:00:00Z");
    await evaluateAlerts(t0, quarantined);
    await evaluateAlerts(new Date(t0.getTime() + 5 * MINUTE), quarantined);
    const alert = await database.client.alert.findUniqueOrThrow({ where: { key: "provisioning-quarantine" } });
    expect(alert).toMatchObject({ severity: "critical", firstSeenAt: t0, lastSeenAt: new Date(t0.getTime() + 5 * MINUTE), resolvedAt: null, notifiedAt: null });
    expect(await database.client.webhookDelivery.count()).toBe(3);

    await deliverPending(new Date(t0.getTime() + 5 * MINUTE));
    expect(received.map((r) => r.path).sort()).toEqual(["/generic", "/slack", "/teams"]);
    const body = (path: string) => received.find((r) => r.path === path)!.body;
    expect(body("/generic")).toMatchObject({
      event: "fired",
      source: "sso-bridge",
      alert: { key: "provisioning-quarantine", severity: "critical", firstSeenAt: t0.toISOString() },
    });
    expect(String(body("/slack").text)).toContain("quarantined");
    expect(body("/teams")).toMatchObject({
      type: "message",
      attachments: [{ contentType: "application/vnd.microsoft.card.adaptive", content: { type: "AdaptiveCard" } }],
    });
    expect((await database.client.alert.findUniqueOrThrow({ where: { key: "provisioning-quarantine" } })).notifiedAt).not.toBeNull();
    expect(await database.client.auditEvent.count({ where: { action: "alert.fire" } })).toBe(1);
  });

  it("keeps alerts as they are when the status cannot be read", async () => {
    const outcome = await evaluateAlerts(new Date("2026-11-29T10:10:00Z"), () => Promise.reject(new AppError("Unavailable", "Graph did not answer")));
    expect(outcome).toContain("kept");
    expect(await database.client.alert.count({ where: { resolvedAt: null } })).toBe(1);
  });

  it("retries a failing receiver with backoff, then sends 'resolved' when the condition is gone", async () => {
    received.length = 0;
    const t1 = new Date("2026-11-29T11:00:00Z");
    await evaluateAlerts(t1, facts({}));
    expect((await database.client.alert.findUniqueOrThrow({ where: { key: "provisioning-quarantine" } })).resolvedAt).toEqual(t1);

    failNext = 2;
    await deliverPending(t1);
    const retried = await database.client.webhookDelivery.findMany({ where: { event: "resolved", done: false } });
    expect(retried).toHaveLength(2);
    expect(retried.every((d) => d.attempt === 1 && d.lastStatus === "500" && d.nextAttemptAt?.getTime() === t1.getTime() + MINUTE)).toBe(true);

    failNext = 1;
    await deliverPending(new Date(t1.getTime() + 30_000)); // not due yet
    await deliverPending(new Date(t1.getTime() + MINUTE));
    const second = await database.client.webhookDelivery.findMany({ where: { event: "resolved", done: false } });
    expect(second.map((d) => [d.attempt, d.nextAttemptAt?.getTime()])).toEqual([[2, t1.getTime() + 3 * MINUTE]]);

    await deliverPending(new Date(t1.getTime() + 3 * MINUTE));
    expect(await database.client.webhookDelivery.count({ where: { done: false } })).toBe(0);
    expect(received).toHaveLength(3);
    expect(received.find((r) => r.path === "/generic")?.body).toMatchObject({ event: "resolved" });
    expect(await database.client.auditEvent.count({ where: { action: "alert.resolve" } })).toBe(1);
    expect(await database.client.auditEvent.count({ where: { action: "webhook.deliver", outcome: "failure" } })).toBe(3);
  });

  it("supersedes a farther token threshold without a 'resolved' message, and gives up after six attempts", async () => {
    const t2 = new Date("2026-12-01T00:00:00Z");
    const token = (daysLeft: number) => facts({ token: { expiresAt: new Date(t2.getTime() + daysLeft * 86_400_000), daysLeft, rejected: false } });
    await evaluateAlerts(t2, token(20));
    await evaluateAlerts(t2, token(13));
    const active = await database.client.alert.findMany({ where: { resolvedAt: null } });
    expect(active.map((a) => a.key)).toEqual(["scim-token-expiry:14"]);
    expect(await database.client.webhookDelivery.count({ where: { alertKey: "scim-token-expiry:30", event: "resolved" } })).toBe(0);

    failNext = 1000;
    let at = t2.getTime();
    for (let i = 0; i < 6; i += 1) {
      await deliverPending(new Date(at));
      at += 2 ** i * MINUTE;
    }
    failNext = 0;
    const gaveUp = await database.client.webhookDelivery.findMany({ where: { alertKey: "scim-token-expiry:14" } });
    expect(gaveUp.every((d) => d.done && d.attempt === 6 && d.deliveredAt === null)).toBe(true);
    await database.client.webhookDelivery.updateMany({ where: { done: false }, data: { done: true } });
  });

  it("sends a test message to one webhook, and forgets removed webhooks", async () => {
    received.length = 0;
    const [ops] = await listWebhooks();
    // after the alert deliveries above, which ran at their own (later) clock
    expect(await sendTestDelivery(ops!.id, by, new Date("2026-12-05T00:00:00Z"))).toEqual({ ok: true, status: "200" });
    expect(received[0]?.body).toMatchObject({ event: "test", alert: { key: "test" } });
    expect((await listWebhooks())[0]!.lastDelivery).toMatchObject({ event: "test", delivered: true, pending: false, status: "200" });
    await removeWebhook(ops!.id, by);
    expect((await listWebhooks()).map((h) => h.name)).toEqual(["Slack", "Teams"]);
    expect(await database.client.auditEvent.count({ where: { action: { in: ["webhook.add", "webhook.remove"] } } })).toBe(4);
  });

  it("sends a paused webhook nothing until it is resumed, and says how its last delivery went", async () => {
    received.length = 0;
    const [slack, teams] = await listWebhooks();
    await setWebhookEnabled(teams!.id, false, by);
    await setWebhookEnabled(teams!.id, false, by); // already paused: no second event
    const t3 = new Date("2026-12-10T00:00:00Z");
    await evaluateAlerts(t3, quarantined);
    const queued = await database.client.webhookDelivery.count({ where: { webhookId: slack!.id, createdAt: t3 } });
    expect(queued).toBeGreaterThan(0);
    failNext = 1000;
    await deliverPending(t3);
    failNext = 0;
    expect(received).toHaveLength(0);
    const hooks = await listWebhooks();
    expect(hooks.map((h) => [h.name, h.enabled])).toEqual([
      ["Slack", true],
      ["Teams", false],
    ]);
    expect(hooks[0]!.lastDelivery).toMatchObject({ delivered: false, pending: true, attempts: 1, status: "500" });
    expect(await database.client.webhookDelivery.count({ where: { webhookId: teams!.id, createdAt: t3 } })).toBe(0);

    await setWebhookEnabled(teams!.id, true, by);
    await deliverPending(new Date(t3.getTime() + MINUTE));
    expect(received.map((r) => r.path)).toEqual(Array(queued).fill("/slack"));
    expect((await listWebhooks())[0]!.lastDelivery).toMatchObject({ delivered: true, pending: false, attempts: 2 });
    const changes = await database.client.auditEvent.findMany({ where: { action: { in: ["webhook.pause", "webhook.resume"] } }, orderBy: { seq: "asc" } });
    expect(changes.map((e) => [e.action, e.targetLabel])).toEqual([
      ["webhook.pause", "Teams"],
      ["webhook.resume", "Teams"],
    ]);
    expect(JSON.parse(changes[0]!.details)).toEqual({ before: { enabled: true }, after: { enabled: false } });
  });

  it("fires and resolves a condition once when evaluations overlap, as a change and the period's run can", async () => {
    const t = new Date("2026-12-11T00:00:00Z");
    const certificate = (daysLeft: number) => (now: Date) =>
      quarantined(now).then((f) => ({ ...f, federationCertificate: { notAfter: new Date(now.getTime() + daysLeft * 86_400_000), daysLeft } }));
    await Promise.all(Array.from({ length: 4 }, () => evaluateAlerts(t, certificate(10))));
    const fired = await database.client.auditEvent.findMany({ where: { action: "alert.fire", targetId: { startsWith: "signing-certificate-expiry" } } });
    expect(fired).toHaveLength(1);
    await Promise.all(Array.from({ length: 4 }, () => evaluateAlerts(new Date(t.getTime() + MINUTE), certificate(300))));
    expect(await database.client.auditEvent.count({ where: { action: "alert.resolve", targetId: fired[0]!.targetId } })).toBe(1);
  });
});
