import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { anchorText, signAnchor, type Anchor } from "../audit/anchors";
import { parseKeyRing } from "../security/key-ring";
import { webhookBody } from "./webhook-payload";

// An anchor sent to a webhook is a copy kept where whoever owns the server cannot reach it, so it must be the anchor
// exactly as written (to be given back to `audit verify --anchor`) and must reach a chat as text, like an alert's words.

const ring = parseKeyRing(`ops_key_2:${crypto.randomBytes(32).toString("base64")}`, "test");
const anchor: Anchor = signAnchor(
  { seq: 1234, hash: "ab".repeat(32), events: 1200, fromSeq: 34, digest: "cd".repeat(32), createdAt: new Date("2026-11-30T12:00:00Z") },
  ring,
);
const sentAt = new Date("2026-11-30T12:05:00Z");
const message = { event: "anchor" as const, anchor };

describe("an anchor sent as generic JSON", () => {
  it("is the anchor as written, field for field and in the same order, marked with its type", () => {
    const body = webhookBody("generic", message, sentAt);
    expect(JSON.stringify(body)).toBe(`{"type":"audit-anchor",${anchorText(anchor).slice(1)}`);
  });
});

describe("an anchor sent to Slack", () => {
  it("says where the chain stood and quotes the anchor in a code block to copy", () => {
    const { text } = webhookBody("slack", message, sentAt) as { text: string };
    expect(text).toBe(
      "*SSO Bridge: audit anchor*\n" +
        `The audit chain stood at event #1234 with link ${"ab".repeat(32)}, 1200 events since #34, at 2026-11-30T12:00:00.000Z.\n` +
        "To check the audit history against this copy: npm run cli -- audit verify --anchor - (paste the anchor, then Ctrl-D).\n" +
        `\`\`\`${anchorText(anchor)}\`\`\``,
    );
  });

  it("escapes &, < and > anywhere in the message, the anchor included", () => {
    const { text } = webhookBody("slack", { event: "anchor", anchor: { ...anchor, keyId: "<!channel>&" } }, sentAt) as { text: string };
    expect(text).toContain('"keyId":"&lt;!channel&gt;&amp;"');
    expect(text.match(/</g)).toBeNull();
  });
});

describe("an anchor sent to Teams", () => {
  type Element = { type: string; text?: string; fontType?: string; inlines?: Element[]; facts?: { title: string; value: string }[] };
  const card = (webhookBody("teams", message, sentAt) as { attachments: { content: { body: Element[] } }[] }).attachments[0]!.content;
  const markdownTexts = card.body.flatMap((e) => [...(e.type === "TextBlock" && e.text !== undefined ? [e.text] : []), ...(e.facts ?? []).map((f) => f.value)]);

  it("lists where the chain stood as facts", () => {
    expect(card.body.find((e) => e.type === "FactSet")?.facts).toEqual([
      { title: "Event", value: "#1234" },
      { title: "Link", value: "ab".repeat(32) },
      { title: "Events", value: "1200 since #34" },
      { title: "Taken", value: "2026-11-30T12:00:00.000Z" },
    ]);
  });

  it("gives the anchor as written in a TextRun, which Teams shows without reading Markdown, so a key id's underscores survive", () => {
    const runs = card.body.filter((e) => e.type === "RichTextBlock").flatMap((e) => e.inlines ?? []);
    expect(runs).toEqual([{ type: "TextRun", text: anchorText(anchor), fontType: "Monospace" }]);
    expect(markdownTexts.join("\n")).not.toContain("ops_key_2");
  });
});
