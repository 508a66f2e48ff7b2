import { describe, expect, it } from "vitest";
import { sendTestDelivery } from "@/lib/alerts/deliveries";
import { addWebhook } from "@/lib/alerts/webhooks";
import type { ChangedBy } from "@/lib/audit/record-audit-event";
import { AppError } from "@/lib/errors";
import { describeSecret, readSecret, storeSecret } from "@/lib/security/secret-store";
import { updateSettings } from "@/lib/settings";
import { testProvider, useFreshDatabase } from "../support/databases";

const database = useFreshDatabase();

describe(`secrets at rest on ${testProvider()}`, () => {
  it("stores only ciphertext, reads the value back, and describes it by fingerprint", async () => {
    const expiresAt = new Date("2027-11-29T00:00:00Z");
    const view = await storeSecret(database.client, "scim-token", "plain-scim-token-value", expiresAt);
    const row = await database.client.secret.findUniqueOrThrow({ where: { purpose: "scim-token" } });
    expect(row.ciphertext).not.toContain("plain-scim-token-value");
    expect(view).toEqual({ purpose: "scim-token", fingerprint: row.fingerprint, createdAt: row.createdAt, expiresAt });
    expect(await readSecret(database.client, "scim-token")).toBe("plain-scim-token-value");
    expect(await describeSecret(database.client, "scim-token")).not.toHaveProperty("ciphertext");
  });

  it("replaces a secret in place", async () => {
    await storeSecret(database.client, "entra-client-secret", "first");
    await storeSecret(database.client, "entra-client-secret", "second");
    expect(await readSecret(database.client, "entra-client-secret")).toBe("second");
    expect(await database.client.secret.count({ where: { purpose: "entra-client-secret" } })).toBe(1);
  });

  it("a ciphertext copied into another secret's row does not decrypt", async () => {
    await storeSecret(database.client, "a", "value-a");
    await storeSecret(database.client, "b", "value-b");
    const a = await database.client.secret.findUniqueOrThrow({ where: { purpose: "a" } });
    await database.client.secret.update({ where: { purpose: "b" }, data: { ciphertext: a.ciphertext } });
    await expect(readSecret(database.client, "b")).rejects.toThrow(/tampered with or moved/);
  });

  it("names a secret that does not decrypt and how to recover it, instead of an unexpected failure", async () => {
    await storeSecret(database.client, "aws.scim-token", "scim-token-value");
    const row = await database.client.secret.findUniqueOrThrow({ where: { purpose: "aws.scim-token" } });
    const parts = row.ciphertext.split(".");
    parts[4] = Buffer.from("something else").toString("base64url");
    await database.client.secret.update({ where: { purpose: "aws.scim-token" }, data: { ciphertext: parts.join(".") } });
    const read = readSecret(database.client, "aws.scim-token");
    await expect(read).rejects.toThrow(AppError);
    await expect(read).rejects.toThrow(/^The SCIM token cannot be decrypted: .*Paste the SCIM token again/);
  });

  it("names the webhook whose URL does not decrypt in what its delivery recorded", async () => {
    const by: ChangedBy = { actor: { type: "person", id: "u-ada", label: "Ada Admin" }, context: {} };
    await updateSettings({ allowLabWebhooks: true }, by);
    const hook = await addWebhook({ name: "Ops", url: "http://127.0.0.1:9/hook", format: "generic" }, by);
    const other = await addWebhook({ name: "Other", url: "http://127.0.0.1:9/other", format: "generic" }, by);
    const moved = await database.client.webhook.findUniqueOrThrow({ where: { id: other.id } });
    await database.client.webhook.update({ where: { id: hook.id }, data: { urlCiphertext: moved.urlCiphertext } });
    const sent = await sendTestDelivery(hook.id, by);
    expect(sent.ok).toBe(false);
    expect(sent.status).toMatch(/^The URL of webhook "Ops" cannot be decrypted: .*Settings → Webhooks/);
  });
});
