"use client";

import { useActionState } from "react";
import { removeWebhookAction, sendTestWebhookAction } from "@/app/(console)/settings/webhook-actions";
import { FormStatus, secondaryButtonClass } from "@/components/ui/form-status";
import type { WebhookView } from "@/lib/alerts/webhooks";

export function WebhookRow({ webhook }: { webhook: WebhookView }) {
  const [testState, testAction, testPending] = useActionState(sendTestWebhookAction, null);
  const [removeState, removeAction, removePending] = useActionState(removeWebhookAction, null);
  return (
    <tr className="border-t border-slate-200 align-top dark:border-slate-800" data-testid={`webhook-${webhook.name}`}>
      <td className="py-2 pr-4 font-medium">{webhook.name}</td>
      <td className="py-2 pr-4 text-slate-600 dark:text-slate-400">{webhook.host}</td>
      <td className="py-2 pr-4">{webhook.format}</td>
      <td className="py-2">
        <div className="flex flex-wrap gap-2">
          <form action={testAction}>
            <input type="hidden" name="webhookId" value={webhook.id} />
            <button type="submit" disabled={testPending} className={secondaryButtonClass}>{testPending ? "Sending…" : "Send test"}</button>
          </form>
          <form
            action={removeAction}
            onSubmit={(e) => {
              if (!window.confirm(`Remove the webhook ${webhook.name}? It stops receiving alerts.`)) e.preventDefault();
            }}
          >
            <input type="hidden" name="webhookId" value={webhook.id} />
            <button type="submit" disabled={removePending} className={secondaryButtonClass}>{removePending ? "Removing…" : "Remove"}</button>
          </form>
        </div>
        <FormStatus state={testState} />
        <FormStatus state={removeState} />
      </td>
    </tr>
  );
}
