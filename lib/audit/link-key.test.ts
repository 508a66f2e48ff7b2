import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { parseKeyRing } from "../security/key-ring";
import { keyedChainHash } from "./hash";
import { activeLinkKey, hmacFromPads, hmacPads, linkKeys } from "./link-key";

const ring = (text: string) => parseKeyRing(text, "test");
const key = () => crypto.randomBytes(32).toString("base64");

describe("audit link keys", () => {
  it("gives PostgreSQL pads from which sha256 alone computes the same link as HMAC-SHA256", () => {
    const link = activeLinkKey(ring(key()));
    const [id, ipad, opad] = link.pads.split(":");
    expect(id).toBe(link.id);
    const message = `${"0".repeat(64)}${"a".repeat(64)}`;
    expect(hmacFromPads({ ipad: Buffer.from(ipad!, "hex"), opad: Buffer.from(opad!, "hex") }, message)).toBe(
      keyedChainHash(link.key, "0".repeat(64), "a".repeat(64)),
    );
    expect(hmacPads(link.key).ipad).toHaveLength(64);
  });

  it("derives a key per ring key, never the ring key itself, and none for a key the ring lacks", () => {
    const oldKey = key();
    const rotated = ring(`${key()},${oldKey}`);
    const before = ring(oldKey);
    expect(activeLinkKey(rotated).id).not.toBe(before.active.id);
    expect(linkKeys(rotated)(before.active.id)?.equals(activeLinkKey(before).key)).toBe(true);
    expect(activeLinkKey(before).key.equals(before.active.key)).toBe(false);
    expect(linkKeys(before)("k-unknown")).toBeUndefined();
  });
});
