import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isAppError } from "../errors";
import { decrypt, DecryptionError, encrypt, fingerprint } from "./encryption";
import { KeyRingError, loadKeyRing, parseKeyRing } from "./key-ring";

const key = () => crypto.randomBytes(32).toString("base64");
const row = { purpose: "scim-token", rowId: "row-1" };

describe("secret encryption", () => {
  it("round-trips and never contains the plaintext", () => {
    const ring = parseKeyRing(key(), "test");
    const envelope = encrypt(ring, "s3cr3t-token-value", row);
    expect(envelope).not.toContain("s3cr3t");
    expect(decrypt(ring, envelope, row)).toBe("s3cr3t-token-value");
  });

  it("uses a new nonce each time", () => {
    const ring = parseKeyRing(key(), "test");
    expect(encrypt(ring, "same", row)).not.toBe(encrypt(ring, "same", row));
  });

  it("refuses a ciphertext moved to another row or purpose", () => {
    const ring = parseKeyRing(key(), "test");
    const envelope = encrypt(ring, "value", row);
    expect(() => decrypt(ring, envelope, { ...row, rowId: "row-2" })).toThrow(DecryptionError);
    expect(() => decrypt(ring, envelope, { ...row, purpose: "entra-client-secret" })).toThrow(DecryptionError);
  });

  it("refuses a tampered ciphertext", () => {
    const ring = parseKeyRing(key(), "test");
    const parts = encrypt(ring, "value", row).split(".");
    const ct = Buffer.from(parts[4]!, "base64url");
    ct[0] = ct[0]! ^ 1;
    parts[4] = ct.toString("base64url");
    expect(() => decrypt(ring, parts.join("."), row)).toThrow(/tampered/);
  });

  it("rotates keys: the new key encrypts, the old one still decrypts", () => {
    const oldKey = key();
    const before = parseKeyRing(oldKey, "test");
    const envelope = encrypt(before, "value", row);
    const newKey = key();
    const after = parseKeyRing(`${newKey},${oldKey}`, "test");
    expect(decrypt(after, envelope, row)).toBe("value");
    expect(encrypt(after, "value", row).split(".")[1]).toBe(parseKeyRing(newKey, "test").active.id);
    const withoutOld = parseKeyRing(key(), "test");
    expect(() => decrypt(withoutOld, envelope, row)).toThrow(new RegExp(`key "${before.active.id}"`));
  });

  it("names keys by their bytes, and refuses a key listed twice", () => {
    const k = key();
    const id = parseKeyRing(k, "test").active.id;
    expect(parseKeyRing(`${key()},${k}`, "test").byId.get(id)?.equals(Buffer.from(k, "base64"))).toBe(true);
    expect(() => parseKeyRing(`${k},${k}`, "SSO_BRIDGE_ENCRYPTION_KEY")).toThrow(/twice/);
    expect(() => parseKeyRing(`a:${k},a:${key()}`, "SSO_BRIDGE_ENCRYPTION_KEY")).toThrow(/"a" twice/);
  });

  it("rejects keys that are not 32 bytes with the fix in the message", () => {
    expect(() => parseKeyRing("c2hvcnQ=", "SSO_BRIDGE_ENCRYPTION_KEY")).toThrow(KeyRingError);
    expect(() => parseKeyRing("c2hvcnQ=", "SSO_BRIDGE_ENCRYPTION_KEY")).toThrow(/openssl rand -base64 32/);
  });

  it("creates a local key file readable only by its owner, once", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssob-key-"));
    const first = loadKeyRing({ envKey: undefined, dataDir: dir });
    const second = loadKeyRing({ envKey: undefined, dataDir: dir });
    expect(first.active.key.equals(second.active.key)).toBe(true);
    expect(fs.statSync(path.join(dir, "encryption.key")).mode & 0o777).toBe(0o600);
  });

  it("names a secret that does not decrypt, and how to recover it, in words a person may read", () => {
    const ring = parseKeyRing(key(), "test");
    const refusal = (envelope: string, binding: { purpose: string; rowId: string; name?: string }, with_ = ring) => {
      try {
        decrypt(with_, envelope, binding);
      } catch (e) {
        return e;
      }
      throw new Error("it decrypted");
    };
    const scim = { purpose: "aws.scim-token", rowId: "row-1" };
    const parts = encrypt(ring, "value", scim).split(".");
    parts[3] = Buffer.alloc(16).toString("base64url");
    const tampered = refusal(parts.join("."), scim);
    expect(isAppError(tampered)).toBe(true);
    expect((tampered as Error).message).toMatch(/^The SCIM token cannot be decrypted: .*tampered with or moved.*Paste the SCIM token again/);

    const elsewhere = parseKeyRing(key(), "test");
    const missing = refusal(encrypt(elsewhere, "value", { purpose: "entra.client-secret", rowId: "r" }), { purpose: "entra.client-secret", rowId: "r" });
    expect(isAppError(missing)).toBe(true);
    expect((missing as Error).message).toMatch(
      new RegExp(
        `^The Entra client secret cannot be decrypted: it was encrypted with key "${elsewhere.active.id}", which SSO_BRIDGE_ENCRYPTION_KEY does not hold`,
      ),
    );
    expect((missing as Error).message).toContain("Settings → Connections");

    const hook = { purpose: "webhook-url", rowId: "w1", name: "Ops" };
    const webhook = refusal(encrypt(elsewhere, "https://hooks.example.com/s3cr3t", hook), hook);
    expect((webhook as Error).message).toMatch(/^The URL of webhook "Ops" cannot be decrypted: /);
    expect((webhook as Error).message).not.toContain("s3cr3t");
  });

  it("fingerprints are stable per installation and differ between installations", () => {
    const ring = parseKeyRing(key(), "test");
    expect(fingerprint(ring, "token")).toBe(fingerprint(ring, "token"));
    expect(fingerprint(ring, "token")).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(fingerprint(parseKeyRing(key(), "test"), "token")).not.toBe(fingerprint(ring, "token"));
  });
});
