import { z } from "zod";
import { jsonColumn } from "../json-column";
import { storedVocabulary } from "../stored-vocabulary";
import { ALERT_SEVERITIES } from "./conditions";

// The body each kind of receiver expects. Teams takes an Adaptive Card wrapped in a message
// envelope: the shape its Workflows "when a Teams webhook request is received" trigger accepts, now
// that the Office 365 connectors' MessageCard webhooks are retired.
//
// An alert's message holds words from people and from the clouds (a sender's name, Entra's error
// text), which must reach the chat as words. Slack reads mentions and links from "<…>" sequences in
// mrkdwn, so &, < and > are escaped as its "Formatting text" reference asks. Teams reads Markdown
// (links included) in a TextBlock and in facts, but not in a RichTextBlock's TextRun, so the message
// goes there and only SSO Bridge's own words go anywhere Markdown is read.

export const WEBHOOK_FORMATS = ["generic", "slack", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const DELIVERY_EVENTS = ["fired", "resolved", "test"] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];

export const storedWebhookFormat = storedVocabulary("Webhook.format", WEBHOOK_FORMATS);
export const storedDeliveryEvent = storedVocabulary("WebhookDelivery.event", DELIVERY_EVENTS);

/** The alert as it was when the event happened; stored with the delivery. */
const alertSnapshot = z.object({ key: z.string(), severity: z.enum(ALERT_SEVERITIES), message: z.string(), firstSeenAt: z.coerce.date() });
export type AlertSnapshot = z.infer<typeof alertSnapshot>;

export const storedAlertSnapshot = jsonColumn("WebhookDelivery.payload", alertSnapshot);

export function webhookBody(format: WebhookFormat, event: DeliveryEvent, alert: AlertSnapshot, sentAt: Date): unknown {
  const headline = `${headlineFor(event)} ${alert.severity === "critical" ? "(critical)" : "(warning)"}`;
  if (format === "slack") return { text: `*SSO Bridge: ${headline}*\n${slackEscaped(alert.message)}` };
  if (format === "teams") {
    return {
      type: "message",
      attachments: [
        {
          contentType: "application/vnd.microsoft.card.adaptive",
          contentUrl: null,
          content: {
            $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
            type: "AdaptiveCard",
            version: "1.4",
            body: [
              {
                type: "TextBlock",
                text: `SSO Bridge: ${headline}`,
                weight: "Bolder",
                size: "Medium",
                color: event === "resolved" ? "Good" : alert.severity === "critical" ? "Attention" : "Warning",
                wrap: true,
              },
              { type: "RichTextBlock", inlines: [{ type: "TextRun", text: alert.message }] },
              {
                type: "FactSet",
                facts: [
                  { title: "Alert", value: alert.key },
                  { title: "First seen", value: alert.firstSeenAt.toISOString() },
                ],
              },
            ],
          },
        },
      ],
    };
  }
  return {
    alert: { key: alert.key, severity: alert.severity, message: alert.message, firstSeenAt: alert.firstSeenAt.toISOString() },
    event,
    sentAt: sentAt.toISOString(),
    source: "sso-bridge",
  };
}

/** Text that Slack shows as written: its control characters, escaped once. */
function slackEscaped(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function headlineFor(event: DeliveryEvent): string {
  return event === "fired" ? "alert" : event === "resolved" ? "resolved" : "test message";
}
