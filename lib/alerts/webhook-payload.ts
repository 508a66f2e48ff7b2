import { z } from "zod";
import { anchorSchema, type Anchor } from "../audit/anchors";
import { jsonColumn } from "../json-column";
import { storedVocabulary } from "../stored-vocabulary";
import { anchorBody } from "./anchor-message";
import { slackEscaped, teamsCard } from "./chat-text";
import { ALERT_SEVERITIES } from "./conditions";

// What a webhook delivery carries, and the body each kind of receiver expects for it (the escaping rules are in
// chat-text.ts, an anchor's bodies in anchor-message.ts).

export const WEBHOOK_FORMATS = ["generic", "slack", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const DELIVERY_EVENTS = ["fired", "resolved", "test", "anchor"] as const;
export type DeliveryEvent = (typeof DELIVERY_EVENTS)[number];
type AlertEvent = Exclude<DeliveryEvent, "anchor">;

export const storedWebhookFormat = storedVocabulary("Webhook.format", WEBHOOK_FORMATS);
export const storedDeliveryEvent = storedVocabulary("WebhookDelivery.event", DELIVERY_EVENTS);

/** The alert as it was when the event happened; stored with the delivery. */
const alertSnapshot = z.object({ key: z.string(), severity: z.enum(ALERT_SEVERITIES), message: z.string(), firstSeenAt: z.coerce.date() });
export type AlertSnapshot = z.infer<typeof alertSnapshot>;

/** One delivery's message: an alert event with the alert as it was, or an audit anchor as it was written. */
export type DeliveryMessage = { event: AlertEvent; alert: AlertSnapshot } | { event: "anchor"; anchor: Anchor };

// WebhookDelivery.payload holds the message without its event, which has a column of its own and says how the payload reads.
const alertPayload = jsonColumn("WebhookDelivery.payload", alertSnapshot);
const anchorPayload = jsonColumn("WebhookDelivery.payload", anchorSchema);

/** The codec of WebhookDelivery.event and .payload together: every delivery is written and read through it. */
export const storedDeliveryMessage = {
  encode(message: DeliveryMessage): { event: DeliveryEvent; payload: string } {
    return message.event === "anchor"
      ? { event: message.event, payload: anchorPayload.encode(message.anchor) }
      : { event: message.event, payload: alertPayload.encode(message.alert) };
  },
  /** `row` names the delivery in a fault */
  decode(stored: { event: string; payload: string }, row?: string): DeliveryMessage {
    const event = storedDeliveryEvent.read(stored.event);
    return event === "anchor" ? { event, anchor: anchorPayload.decode(stored.payload, row) } : { event, alert: alertPayload.decode(stored.payload, row) };
  },
};

export function webhookBody(format: WebhookFormat, message: DeliveryMessage, sentAt: Date): unknown {
  return message.event === "anchor" ? anchorBody(format, message.anchor) : alertBody(format, message.event, message.alert, sentAt);
}

function alertBody(format: WebhookFormat, event: AlertEvent, alert: AlertSnapshot, sentAt: Date): unknown {
  const headline = `${headlineFor(event)} ${alert.severity === "critical" ? "(critical)" : "(warning)"}`;
  if (format === "slack") return { text: `*SSO Bridge: ${headline}*\n${slackEscaped(alert.message)}` };
  if (format === "teams") {
    return teamsCard([
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
    ]);
  }
  return {
    alert: { key: alert.key, severity: alert.severity, message: alert.message, firstSeenAt: alert.firstSeenAt.toISOString() },
    event,
    sentAt: sentAt.toISOString(),
    source: "sso-bridge",
  };
}

function headlineFor(event: AlertEvent): string {
  return event === "fired" ? "alert" : event === "resolved" ? "resolved" : "test message";
}
