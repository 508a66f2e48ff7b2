import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/db";
import { describeSecret, readSecret, storeSecret } from "@/lib/security/secret-store";
import { testProvider, useFreshDatabase } from "../support/databases";

let database: Awaited<ReturnType<typeof useFreshDatabase>>;
let client: Db;
beforeAll(async () => {
  database = await useFreshDatabase();
  client = database.client;
});
afterAll(async () => database.close());

describe(`secrets at rest on ${testProvider()}`, () => {
  it("stores only ciphertext, reads the value back, and describes it by fingerprint", async () => {
    const expiresAt = new Date("2027-11-29T00:00:00Z");
    const view = await storeSecret(client, "scim-token", "plain-scim-token-value", expiresAt);
    const row = await client.secret.findUniqueOrThrow({ where: { purpose: "scim-token" } });
    expect(row.ciphertext).not.toContain("plain-scim-token-value");
    expect(view).toEqual({ purpose: "scim-token", fingerprint: row.fingerprint, createdAt: row.createdAt, expiresAt });
    expect(await readSecret(client, "scim-token")).toBe("plain-scim-token-value");
    expect(await describeSecret(client, "scim-token")).not.toHaveProperty("ciphertext");
  });

  it("replaces a secret in place", async () => {
    await storeSecret(client, "entra-client-secret", "first");
    await storeSecret(client, "entra-client-secret", "second");
    expect(await readSecret(client, "entra-client-secret")).toBe("second");
    expect(await client.secret.count({ where: { purpose: "entra-client-secret" } })).toBe(1);
  });

  it("a ciphertext copied into another secret's row does not decrypt", async () => {
    await storeSecret(client, "a", "value-a");
    await storeSecret(client, "b", "value-b");
    const a = await client.secret.findUniqueOrThrow({ where: { purpose: "a" } });
    await client.secret.update({ where: { purpose: "b" }, data: { ciphertext: a.ciphertext } });
    await expect(readSecret(client, "b")).rejects.toThrow(/tampered with or moved/);
  });
});
