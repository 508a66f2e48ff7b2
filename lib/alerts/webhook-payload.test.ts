import { describe, expect, it } from "vitest";
import { signAnchor } from "../audit/anchors";
import { parseKeyRing } from "../security/key-ring";
import { StoredValueFault } from "../stored-vocabulary";
import { storedDeliveryMessage, webhookBody, type AlertSnapshot, type DeliveryMessage } from "./webhook-payload";

// An alert's message carries words from people (who sent a test) and from the clouds (Entra's error
// texts, names of users and groups). In a chat message they must stay words: no mention that notifies a
// whole channel, no link whose text hides where it goes.
const HOSTILE = [
  "Sync failed for <!channel> <!here|here> <@U024BE7LH> <#C024BE7LH>",
  "<https://evil.example/login|Sign in again> & [Sign in again](https://evil.example/login)",
  "**urgent** _now_ <at>Everyone</at> ![pixel](https://evil.example/p.png)",
].join(" ");
const alert: AlertSnapshot = { key: "provisioning-failures", severity: "critical", message: HOSTILE, firstSeenAt: new Date("2026-11-29T10:00:00Z") };
const sentAt = new Date("2026-11-29T10:05:00Z");

describe("a Slack message", () => {
  const { text } = webhookBody("slack", { event: "fired", alert }, sentAt) as { text: string };

  it("escapes &, < and > in the alert's words, so Slack reads no mention, channel link or hidden link", () => {
    expect(text).toBe(
      "*SSO Bridge: alert (critical)*\n" +
        "Sync failed for &lt;!channel&gt; &lt;!here|here&gt; &lt;@U024BE7LH&gt; &lt;#C024BE7LH&gt; " +
        "&lt;https://evil.example/login|Sign in again&gt; &amp; [Sign in again](https://evil.example/login) " +
        "**urgent** _now_ &lt;at&gt;Everyone&lt;/at&gt; ![pixel](https://evil.example/p.png)",
    );
    // Slack's control sequences all start with "<".
    expect(text.match(/</g)).toBeNull();
  });

  it("escapes an ampersand once, so an escaped sequence in the words stays as written", () => {
    const { text: written } = webhookBody("slack", { event: "test", alert: { ...alert, message: "&lt;!channel&gt;" } }, sentAt) as { text: string };
    expect(written).toBe("*SSO Bridge: test message (critical)*\n&amp;lt;!channel&amp;gt;");
  });
});

describe("a Teams message", () => {
  type Element = { type: string; text?: string; inlines?: Element[]; facts?: { title: string; value: string }[] };
  const card = (webhookBody("teams", { event: "fired", alert }, sentAt) as { attachments: { content: { body: Element[] } }[] }).attachments[0]!.content;

  /** Every text Teams renders as Markdown: TextBlock texts and FactSet titles and values. */
  const markdownTexts = (elements: Element[]): string[] =>
    elements.flatMap((e) => [
      ...(e.type === "TextBlock" && e.text !== undefined ? [e.text] : []),
      ...(e.facts ?? []).flatMap((f) => [f.title, f.value]),
      ...markdownTexts(e.inlines ?? []),
    ]);

  it("shows the alert's words in a TextRun, which Teams displays as written: no Markdown, no links, no mentions", () => {
    const runs = card.body.filter((e) => e.type === "RichTextBlock").flatMap((e) => e.inlines ?? []);
    expect(runs).toEqual([{ type: "TextRun", text: HOSTILE }]);
  });

  it("keeps the alert's words out of every text Teams reads as Markdown", () => {
    const rendered = markdownTexts(card.body).join("\n");
    expect(rendered).toContain("SSO Bridge: alert (critical)");
    for (const fragment of ["Sign in again", "evil.example", "urgent", "Everyone", "channel"]) expect(rendered).not.toContain(fragment);
  });
});

describe("a stored delivery", () => {
  const ring = parseKeyRing(Buffer.alloc(32, 7).toString("base64"), "test");
  const anchor = signAnchor({ seq: 7, hash: "a".repeat(64), events: 7, fromSeq: 0, digest: "b".repeat(64), createdAt: new Date("2026-11-30T12:00:00Z") }, ring);

  it("reads back what was written, an alert or an anchor, by its event", () => {
    for (const message of [
      { event: "fired", alert },
      { event: "anchor", anchor },
    ] satisfies DeliveryMessage[]) {
      expect(storedDeliveryMessage.decode(storedDeliveryMessage.encode(message))).toEqual(message);
    }
  });

  it("is a fault naming the column when the payload is not what its event says", () => {
    const { payload } = storedDeliveryMessage.encode({ event: "anchor", anchor });
    expect(() => storedDeliveryMessage.decode({ event: "fired", payload }, "d-1")).toThrow(StoredValueFault);
    expect(() => storedDeliveryMessage.decode({ event: "fired", payload }, "d-1")).toThrow(/^WebhookDelivery\.payload \(d-1\)/);
    expect(() => storedDeliveryMessage.decode({ event: "checkpoint", payload }, "d-1")).toThrow(/^WebhookDelivery\.event /);
  });
});
