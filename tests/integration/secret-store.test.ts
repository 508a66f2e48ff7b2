import { describe, expect, it } from "vitest";
import { describeSecret, readSecret, storeSecret } from "@/lib/security/secret-store";
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
});
