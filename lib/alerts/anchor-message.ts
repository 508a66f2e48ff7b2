import { anchorJson, anchorText, type Anchor } from "../audit/anchors";
import { slackEscaped, teamsCard } from "./chat-text";
import type { WebhookFormat } from "./webhook-payload";

// An audit anchor as each kind of receiver gets it: the anchor exactly as written in the data folder, so that a copy
// taken from the receiver can be given back to `npm run cli -- audit verify --anchor`. A log collector gets the anchor
// object itself; a chat gets a short message (event number, link, count, time) and the anchor to copy. In Teams that
// copy goes in a TextRun, which shows it as written: a fact is read as Markdown, which would turn the "_" a named key's
// id may hold into italics and the copy into one that no longer verifies.

const VERIFY_HINT = "To check the audit history against this copy: npm run cli -- audit verify --anchor - (paste the anchor, then Ctrl-D).";

export function anchorBody(format: WebhookFormat, anchor: Anchor): unknown {
  const taken = anchor.createdAt.toISOString();
  if (format === "slack") {
    const summary = `The audit chain stood at event #${anchor.seq} with link ${anchor.hash}, ${anchor.events} events since #${anchor.fromSeq}, at ${taken}.`;
    return { text: slackEscaped(`*SSO Bridge: audit anchor*\n${summary}\n${VERIFY_HINT}\n\`\`\`${anchorText(anchor)}\`\`\``) };
  }
  if (format === "teams") {
    return teamsCard([
      { type: "TextBlock", text: "SSO Bridge: audit anchor", weight: "Bolder", size: "Medium", wrap: true },
      {
        type: "FactSet",
        facts: [
          { title: "Event", value: `#${anchor.seq}` },
          { title: "Link", value: anchor.hash },
          { title: "Events", value: `${anchor.events} since #${anchor.fromSeq}` },
          { title: "Taken", value: taken },
        ],
      },
      { type: "TextBlock", text: VERIFY_HINT, wrap: true, isSubtle: true },
      { type: "RichTextBlock", inlines: [{ type: "TextRun", text: anchorText(anchor), fontType: "Monospace" }] },
    ]);
  }
  return { type: "audit-anchor", ...anchorJson(anchor) };
}
