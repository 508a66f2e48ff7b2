import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { webhookBody } from "../alerts/webhook-payload";
import { parseKeyRing } from "../security/key-ring";
import { anchorProblem, anchorText, readAnchorCopy, signAnchor } from "./anchors";

// A copy of an anchor comes back from wherever it was sent: a line of an anchor file, the body a log collector kept,
// or a chat message copied whole. Each reads back as the anchor that was written, and only that verifies.

const ring = parseKeyRing(crypto.randomBytes(32).toString("base64"), "test");
const anchor = signAnchor(
  { seq: 42, hash: "1f".repeat(32), events: 42, fromSeq: 0, digest: "2e".repeat(32), createdAt: new Date("2026-11-30T12:00:00Z") },
  ring,
);

describe("a copy of an anchor", () => {
  it("reads back from a line of an anchor file, a generic webhook's body and a whole Slack message, and verifies", () => {
    const slack = (webhookBody("slack", { event: "anchor", anchor }, new Date()) as { text: string }).text;
    for (const copy of [anchorText(anchor), `${JSON.stringify(webhookBody("generic", { event: "anchor", anchor }, new Date()))}\n`, slack]) {
      const read = readAnchorCopy(copy);
      expect(read).toEqual({ ok: true, anchor });
      expect(read.ok && anchorProblem(read.anchor, ring, "the copy")).toBeNull();
    }
  });

  it("does not verify once altered, naming the copy", () => {
    const read = readAnchorCopy(anchorText({ ...anchor, events: 41 }));
    expect(read.ok && anchorProblem(read.anchor, ring, "the copy")).toBe("has a signature that does not verify (the copy was altered)");
  });

  it("is refused when the text holds no anchor, or several", () => {
    expect(readAnchorCopy("good morning")).toMatchObject({ ok: false, problem: expect.stringMatching(/^holds no audit anchor/) });
    expect(readAnchorCopy(`${anchorText(anchor)}\n${anchorText(anchor)}\n`)).toMatchObject({ ok: false, problem: expect.stringContaining("not a whole file") });
    expect(readAnchorCopy(anchorText(anchor).replace(/"hash":"1f/, '"hash":"<b'))).toMatchObject({ ok: false, problem: expect.stringContaining("hash") });
  });
});
