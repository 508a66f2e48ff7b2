import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverPending } from "@/lib/alerts/deliveries";
import { addWebhook, listWebhooks, setWebhookEnabled, setWebhookReceivesAnchors } from "@/lib/alerts/webhooks";
import { anchorAuditChain } from "@/lib/audit/anchor-chain";
import { anchorFile, signAnchor } from "@/lib/audit/anchors";
import { recordAuditEvent, type ChangedBy } from "@/lib/audit/record-audit-event";
import { archiveOldEvents } from "@/lib/audit/retention";
import { verifyAndRecord } from "@/lib/audit/verify-chain";
import { updateSettings } from "@/lib/settings";
import { truncateNewest } from "../support/audit-attacker";
import { testProvider, useFreshDatabase } from "../support/databases";

// Anchors kept only in the data folder can be deleted by whoever owns the server. Each anchor is also
// sent to the webhooks an admin chose (a chat channel, a log collector), and a copy taken from there
// verifies the chain with `audit verify --anchor`: it still catches a truncation after the local
// anchors were deleted too. The receiver is a local HTTP server, as in the alerts tests.

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "u-ada", label: "Ada Admin" }, context: { requestId: "req-anchors" } };
const DAY = 86_400_000;

type Received = { path: string; text: string };
const received: Received[] = [];
let server: http.Server;
let base = "";
const copies = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-anchor-copies-"));

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => {
      received.push({ path: req.url ?? "", text });
      res.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(copies, { recursive: true, force: true });
});

const append = (n: number) =>
  database.client.$transaction((tx) =>
    recordAuditEvent(tx, {
      actor: by.actor,
      action: "person.role.change",
      target: { type: "person", id: `p-${n}`, label: `Person ${n}` },
      outcome: "success",
      details: { before: { role: "viewer" }, after: { role: "operator" }, n },
    }),
  );
let appended = 0;
const appendSome = async (count: number) => {
  for (let i = 0; i < count; i++) await append((appended += 1));
};

/** The anchor file's last line: the anchor exactly as written. */
const newestLine = () => fs.readFileSync(anchorFile(), "utf8").trimEnd().split("\n").at(-1)!;
const bodiesAt = (where: string) => received.filter((r) => r.path === where).map((r) => JSON.parse(r.text) as Record<string, unknown>);

type Run = { code: number | null; stdout: string; stderr: string };

/** `npm run cli -- …` against this database, as an operator runs it; `input` goes to its standard input. */
function cli(args: string[], input = ""): Promise<Run> {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/cli.ts", ...args], { env: process.env, stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A copy of a delivered body, saved as someone would from the log collector. */
function saveCopy(name: string, text: string): string {
  const file = path.join(copies, name);
  fs.writeFileSync(file, text);
  return file;
}

const hookId = async (name: string) => (await listWebhooks()).find((h) => h.name === name)!.id;
const anchorDeliveries = async () =>
  (await database.client.webhookDelivery.findMany({ where: { event: "anchor" }, include: { webhook: true }, orderBy: { createdAt: "asc" } })).map(
    (d) => d.webhook.name,
  );

describe(`audit anchors sent to webhooks on ${testProvider()}`, () => {
  it("queues each anchor only to the enabled webhooks that chose to receive anchors", async () => {
    await updateSettings({ allowLabWebhooks: true }, by);
    await addWebhook({ name: "Log collector", url: `${base}/collector`, format: "generic", receivesAnchors: true }, by);
    await addWebhook({ name: "Slack", url: `${base}/slack`, format: "slack", receivesAnchors: true }, by);
    await addWebhook({ name: "Teams", url: `${base}/teams`, format: "teams" }, by);
    await addWebhook({ name: "Paused", url: `${base}/paused`, format: "generic", receivesAnchors: true }, by);
    await setWebhookEnabled(await hookId("Paused"), false, by);
    expect((await listWebhooks()).map((h) => [h.name, h.receivesAnchors])).toEqual([
      ["Log collector", true],
      ["Slack", true],
      ["Teams", false],
      ["Paused", true],
    ]);

    await appendSome(5);
    expect((await verifyAndRecord(by)).ok).toBe(true);
    expect((await anchorDeliveries()).sort()).toEqual(["Log collector", "Slack"]);

    await deliverPending(new Date());
    expect(received.map((r) => r.path).sort()).toEqual(["/collector", "/slack"]);
    const [generic] = bodiesAt("/collector");
    const { type, ...anchor } = generic!;
    expect(type).toBe("audit-anchor");
    // Exactly as written beside the server, field for field and in the same order.
    expect(JSON.stringify(anchor)).toBe(newestLine());
    const written = JSON.parse(newestLine()) as { seq: number; hash: string; events: number; createdAt: string };
    const [slack] = bodiesAt("/slack") as { text: string }[];
    expect(slack!.text).toContain(`#${written.seq}`);
    expect(slack!.text).toContain(written.hash);
    expect(slack!.text).toContain(`${written.events} events`);
    expect(slack!.text).toContain(written.createdAt);
    expect(slack!.text).toContain(`\`\`\`${newestLine()}\`\`\``);

    const delivered = await database.client.auditEvent.findMany({ where: { action: "webhook.deliver" }, orderBy: { seq: "asc" } });
    expect(delivered.map((e) => [e.targetLabel, e.outcome, (JSON.parse(e.details) as { event: string }).event]).sort()).toEqual([
      ["Log collector", "success", "anchor"],
      ["Slack", "success", "anchor"],
    ]);
    expect((await listWebhooks()).find((h) => h.name === "Slack")!.lastDelivery).toMatchObject({ event: "anchor", delivered: true });
  });

  it("sends the hourly anchor and the command line's too", async () => {
    received.length = 0;
    await database.client.webhookDelivery.deleteMany({ where: { event: "anchor" } });
    await appendSome(2);
    expect((await anchorAuditChain()).anchor).not.toBeNull();
    expect((await anchorDeliveries()).sort()).toEqual(["Log collector", "Slack"]);
    await appendSome(1);
    const run = await cli(["audit", "anchor"]);
    expect(run.stdout).toMatch(/^anchored the chain at #\d+/);
    expect(await anchorDeliveries()).toHaveLength(4);
    await deliverPending(new Date());
    expect(bodiesAt("/collector").at(-1)).toEqual({ type: "audit-anchor", ...JSON.parse(newestLine()) });
  });

  it("verifies the chain against a delivered copy, given as a file or on standard input, and refuses an altered one", async () => {
    const copy = saveCopy("generic.json", received.filter((r) => r.path === "/collector").at(-1)!.text);
    const run = await cli(["audit", "verify", "--anchor", copy]);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const seq = (JSON.parse(newestLine()) as { seq: number }).seq;
    expect(run.stdout).toMatch(new RegExp(`passes through the anchor given, taken .* at #${seq}\\.`));

    // A Slack message copied whole from the channel: the anchor is its code block.
    const slackText = (JSON.parse(received.filter((r) => r.path === "/slack").at(-1)!.text) as { text: string }).text;
    const fromSlack = await cli(["audit", "verify", "--anchor", "-"], slackText);
    expect(fromSlack.code).toBe(0);
    expect(fromSlack.stdout).toContain("passes through the anchor given");

    const altered = saveCopy(
      "altered.json",
      fs.readFileSync(copy, "utf8").replace(/"events":(\d+)/, (_, n: string) => `"events":${Number(n) + 1}`),
    );
    const refused = await cli(["audit", "verify", "--anchor", altered]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^audit chain BROKEN at event #\d+ .*anchor given.*signature that does not verify/);

    const notAnAnchor = await cli(["audit", "verify", "--anchor", "-"], "good morning");
    expect(notAnAnchor.code).toBe(3); // cannot run: the anchor given is not one
    expect(notAnAnchor.stderr).toMatch(/--anchor: .*holds no audit anchor/);
  });

  it("turns anchors on and off per webhook, audited with before and after", async () => {
    const teams = await hookId("Teams");
    await setWebhookReceivesAnchors(teams, true, by);
    await setWebhookReceivesAnchors(teams, true, by); // already on: no second event
    await setWebhookReceivesAnchors(teams, false, by);
    const changes = await database.client.auditEvent.findMany({
      where: { action: { in: ["webhook.anchors.send", "webhook.anchors.stop"] } },
      orderBy: { seq: "asc" },
    });
    expect(changes.map((e) => [e.action, e.targetLabel, JSON.parse(e.details) as unknown])).toEqual([
      ["webhook.anchors.send", "Teams", { before: { receivesAnchors: false }, after: { receivesAnchors: true } }],
      ["webhook.anchors.stop", "Teams", { before: { receivesAnchors: true }, after: { receivesAnchors: false } }],
    ]);
    const added = await database.client.auditEvent.findFirstOrThrow({ where: { action: "webhook.add", targetLabel: "Slack" } });
    expect(JSON.parse(added.details)).toMatchObject({ format: "slack", receivesAnchors: true });
  });

  it("keeps an anchor it could not queue, and says so in the server log", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void logged.push(String(line)));
    await appendSome(1);
    await database.client.$executeRawUnsafe('ALTER TABLE "WebhookDelivery" RENAME TO "WebhookDeliveryAway"');
    try {
      const { anchor } = await anchorAuditChain();
      expect(anchor).not.toBeNull();
      expect((JSON.parse(newestLine()) as { seq: number }).seq).toBe(anchor!.seq);
    } finally {
      await database.client.$executeRawUnsafe('ALTER TABLE "WebhookDeliveryAway" RENAME TO "WebhookDelivery"');
      spy.mockRestore();
    }
    const lines = logged.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { level: string; message: string });
    expect(lines).toContainEqual(expect.objectContaining({ level: "warn", message: expect.stringMatching(/anchor .*not queued/) }));
  });

  it("checks a copy older than the retained history against the archive retention wrote", async () => {
    await appendSome(1);
    await verifyAndRecord(by);
    const old = saveCopy("old.jsonl", `${newestLine()}\n`);
    const oldAnchor = JSON.parse(newestLine()) as { seq: number; hash: string; events: number; createdAt: string };
    await updateSettings({ auditRetentionDays: 30 }, by);
    expect(await archiveOldEvents(new Date(Date.now() + 31 * DAY))).toMatch(/^archived /);

    const run = await cli(["audit", "verify", "--anchor", old]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`matches event #${oldAnchor.seq} in the archive`);

    // Signed with the right key, but recording a link the archived event does not have.
    const forged = signAnchor({ ...oldAnchor, fromSeq: 0, digest: "0".repeat(64), createdAt: new Date(oldAnchor.createdAt), hash: "f".repeat(64) });
    const refused = await cli(["audit", "verify", "--anchor", "-"], JSON.stringify(forged));
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(new RegExp(`^audit chain BROKEN at event #${oldAnchor.seq} .*archive`));
  });

  it("catches, with the delivered copy, a truncation that also deleted the anchors beside the server", async () => {
    received.length = 0;
    await appendSome(3);
    const later = new Date(Date.now() + 32 * DAY);
    expect((await anchorAuditChain(later)).anchor).not.toBeNull();
    await deliverPending(later);
    const copy = saveCopy("before-truncation.json", received.filter((r) => r.path === "/collector").at(-1)!.text);
    const anchored = (JSON.parse(fs.readFileSync(copy, "utf8")) as { seq: number }).seq;
    expect((await cli(["audit", "verify", "--anchor", copy])).code).toBe(0);

    // The attacker removes the newest events, the anchored one among them, moves the head back and deletes the local anchors.
    const head = await database.client.auditEvent.findFirstOrThrow({ orderBy: { seq: "desc" } });
    await truncateNewest(database.client, head.seq - anchored + 2);
    fs.rmSync(anchorFile(), { force: true });

    // With nothing left beside the server, the shortened chain looks whole…
    expect((await cli(["audit", "verify"])).code).toBe(0);
    // …but not to the copy that left it.
    const caught = await cli(["audit", "verify", "--anchor", copy]);
    expect(caught.code).toBe(1);
    expect(caught.stdout).toMatch(new RegExp(`^audit chain BROKEN at event #${anchored} .*the anchor given.*newest events were removed`));
  });
});
