"use client";

import { utcMinutes } from "@/lib/utc-time";
import { useActionState } from "react";
import {
  pauseWebhookAction,
  removeWebhookAction,
  resumeWebhookAction,
  sendAnchorsToWebhookAction,
  sendTestWebhookAction,
  stopAnchorsToWebhookAction,
} from "@/actions/webhooks";
import { FormStatus, secondaryButtonClass } from "@/components/ui/form-status";
import type { LastDelivery, WebhookView } from "@/lib/alerts/webhooks";

const EVENT_WORDS: Record<LastDelivery["event"], string> = { fired: "alert", resolved: "resolution", test: "test", anchor: "audit anchor" };
const time = (d: Date) => `${utcMinutes(d)} UTC`;

function DeliverySummary({ d }: { d: LastDelivery | null }) {
  if (!d) return <span className="text-slate-500 dark:text-slate-400">Nothing sent yet</span>;
  const what = EVENT_WORDS[d.event];
  if (d.delivered) return <span className="text-emerald-700 dark:text-emerald-400">{`Delivered (${what}), ${time(d.at)}`}</span>;
  if (d.pending)
    return (
      <span className="text-amber-800 dark:text-amber-300">{`Retrying (${what}) after ${d.attempts} ${d.attempts === 1 ? "attempt" : "attempts"}: ${d.status ?? "not tried yet"}`}</span>
    );
  return <span className="text-red-700 dark:text-red-400">{`Failed (${what}), ${time(d.at)}: ${d.status ?? "no answer"}`}</span>;
}

export function WebhookRow({ webhook }: { webhook: WebhookView }) {
  const [testState, testAction, testPending] = useActionState(sendTestWebhookAction, null);
  const [enableState, enableAction, enablePending] = useActionState(webhook.enabled ? pauseWebhookAction : resumeWebhookAction, null);
  const [anchorsState, anchorsAction, anchorsPending] = useActionState(webhook.receivesAnchors ? stopAnchorsToWebhookAction : sendAnchorsToWebhookAction, null);
  const [removeState, removeAction, removePending] = useActionState(removeWebhookAction, null);
  return (
    <tr className="border-t border-slate-200 align-top dark:border-slate-800" data-testid={`webhook-${webhook.name}`}>
      <td className="py-2 pr-4 font-medium">
        {webhook.name}
        {!webhook.enabled && <span className="ml-2 rounded bg-slate-200 px-1.5 py-0.5 text-xs font-normal dark:bg-slate-700">Paused</span>}
      </td>
      <td className="py-2 pr-4 text-slate-600 dark:text-slate-400">{webhook.host}</td>
      <td className="py-2 pr-4">{webhook.format}</td>
      <td className="py-2 pr-4" data-testid="webhook-sends">
        {webhook.receivesAnchors ? "Alerts and audit anchors" : "Alerts"}
      </td>
      <td className="py-2 pr-4" data-testid="webhook-last-delivery">
        <DeliverySummary d={webhook.lastDelivery} />
      </td>
      <td className="py-2">
        <div className="flex flex-wrap gap-2">
          <form action={testAction}>
            <input type="hidden" name="webhookId" value={webhook.id} />
            <button type="submit" disabled={testPending} className={secondaryButtonClass}>
              {testPending ? "Sending…" : "Send test"}
            </button>
          </form>
          <form action={enableAction}>
            <input type="hidden" name="webhookId" value={webhook.id} />
            <button type="submit" disabled={enablePending} className={secondaryButtonClass}>
              {webhook.enabled ? "Pause" : "Resume"}
            </button>
          </form>
          <form action={anchorsAction}>
            <input type="hidden" name="webhookId" value={webhook.id} />
            <button type="submit" disabled={anchorsPending} className={secondaryButtonClass}>
              {webhook.receivesAnchors ? "Stop anchors" : "Send anchors"}
            </button>
          </form>
          <form
            action={removeAction}
            onSubmit={(e) => {
              if (!window.confirm(`Remove the webhook ${webhook.name}? It stops receiving alerts.`)) e.preventDefault();
            }}
          >
            <input type="hidden" name="webhookId" value={webhook.id} />
            <button type="submit" disabled={removePending} className={secondaryButtonClass}>
              {removePending ? "Removing…" : "Remove"}
            </button>
          </form>
        </div>
        <FormStatus state={testState} />
        <FormStatus state={enableState} />
        <FormStatus state={anchorsState} />
        <FormStatus state={removeState} />
      </td>
    </tr>
  );
}
