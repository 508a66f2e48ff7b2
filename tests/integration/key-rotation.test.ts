import crypto from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { addWebhook } from "@/lib/alerts/webhooks";
import { auditDetails } from "@/lib/audit/audit-event-columns";
import { recordAuditEvent, type ChangedBy } from "@/lib/audit/record-audit-event";
import { checkpointSignatureValid } from "@/lib/audit/checkpoints";
import { archiveOldEvents } from "@/lib/audit/retention";
import { verifyAndRecord } from "@/lib/audit/verify-chain";
import { decrypt } from "@/lib/security/encryption";
import { parseKeyRing } from "@/lib/security/key-ring";
import { storeSecret } from "@/lib/security/secret-store";
import { updateSettings } from "@/lib/settings";
import { testProvider, useFreshDatabase } from "../support/databases";
import { runCli } from "../support/run-cli";
import { startUpProblems } from "../support/start-up-problems";

// Rotating SSO_BRIDGE_ENCRYPTION_KEY to the end: start with `<new>,<old>`, run `keys rotate`, and
// the old key is no longer needed by anything stored, so it can be dropped. Until then start-up
// refuses a key list that lacks a key something stored still needs.

const OLD = crypto.randomBytes(32).toString("base64");
const NEW = crypto.randomBytes(32).toString("base64");
const oldId = parseKeyRing(OLD, "test").active.id;
const newId = parseKeyRing(NEW, "test").active.id;
// This process writes everything under the old key, as the installation did before the rotation.
vi.stubEnv("SSO_BRIDGE_ENCRYPTION_KEY", OLD);
afterAll(() => vi.unstubAllEnvs());

const database = useFreshDatabase();
const by: ChangedBy = { actor: { type: "person", id: "u-ada", label: "Ada Admin" }, context: {} };
const DAY = 86_400_000;

const cli = (args: string[], key: string) => runCli(args, { env: { SSO_BRIDGE_ENCRYPTION_KEY: key }, keepEntra: true });

const startWith = (key: string) => startUpProblems({ DATABASE_URL: process.env.DATABASE_URL, SSO_BRIDGE_ENCRYPTION_KEY: key });

describe(`key rotation on ${testProvider()}`, () => {
  it("refuses to start without a key that the webhooks, checkpoints, anchors or audit links still need", async () => {
    await updateSettings({ allowLabWebhooks: true, auditRetentionDays: 30 }, by);
    await addWebhook({ name: "Ops", url: "http://127.0.0.1:9/hook/s3cr3t", format: "generic" }, by);
    for (let n = 0; n < 3; n++) {
      await database.client.$transaction((tx) =>
        recordAuditEvent(tx, { actor: by.actor, action: "settings.sign-in.update", target: { type: "settings" }, outcome: "success", details: { n } }),
      );
    }
    expect(await archiveOldEvents(new Date(Date.now() + 31 * DAY))).toMatch(/^archived /);
    expect((await verifyAndRecord(by)).ok).toBe(true);

    const lines = await startWith(NEW);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`^SSO_BRIDGE_ENCRYPTION_KEY .*"${oldId}"`));
    for (const needs of ['webhook "Ops"', "retention checkpoint", "audit anchor", "audit events", "keys rotate"]) expect(lines[0]).toContain(needs);
  });

  it("refuses to start without a key that a stored secret needs, naming the secret", async () => {
    await database.client.$transaction((tx) => storeSecret(tx, "aws.scim-token", "scim-token-value", null));
    expect((await startWith(NEW))[0]).toContain("the SCIM token");
    expect(await startWith(`${NEW},${OLD}`)).toEqual([]);
  });

  it("re-encrypts every secret and re-signs every signature under the first key, audited, so the old key can be dropped", async () => {
    const run = await cli(["keys", "rotate"], `${NEW},${OLD}`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`re-encrypted under key "${newId}": 1 secret (the SCIM token), 1 webhook URL (webhook "Ops")`);
    expect(run.stdout).toContain(`re-signed under key "${newId}": 1 retention checkpoint, a new audit anchor at #`);
    expect(run.stdout).toContain(`nothing stored needs key "${oldId}" any more: remove it from SSO_BRIDGE_ENCRYPTION_KEY`);

    const ring = parseKeyRing(NEW, "test");
    const secret = await database.client.secret.findUniqueOrThrow({ where: { purpose: "aws.scim-token" } });
    expect(secret.keyId).toBe(newId);
    expect(decrypt(ring, secret.ciphertext, { purpose: secret.purpose, rowId: secret.id })).toBe("scim-token-value");
    const hook = await database.client.webhook.findFirstOrThrow();
    expect(decrypt(ring, hook.urlCiphertext, { purpose: "webhook-url", rowId: hook.id })).toBe("http://127.0.0.1:9/hook/s3cr3t");
    const checkpoint = await database.client.auditCheckpoint.findFirstOrThrow();
    expect(checkpoint.keyId).toBe(newId);
    expect(checkpointSignatureValid(checkpoint, ring)).toBe(true);

    const rotation = await database.client.auditEvent.findFirstOrThrow({ where: { action: "keys.rotate" } });
    expect(auditDetails.decode(rotation.details)).toEqual({
      keyId: newId,
      fromKeys: [oldId],
      reencrypted: ["the SCIM token", 'the URL of webhook "Ops"'],
      checkpoints: 1,
    });

    expect(await startWith(NEW)).toEqual([]);
    const verify = await cli(["audit", "verify"], NEW);
    expect(verify.stdout).toMatch(/^audit chain verifies: \d+ events/);
    expect(verify.code).toBe(0);
  });
});
