"use client";

import { useActionState } from "react";
import { saveLabScimEndpointsSetting, saveLabWebhooksSetting } from "@/actions/settings";
import type { ActionResult } from "@/lib/action";
import { buttonClass, FormStatus } from "@/components/ui/form-status";

// Each lab setting has a form, an audit name and a refusal message of its own, so turning one on for a
// demo's simulated AWS does not also let webhooks reach the server's network.

export function LabScimEndpointsForm({ allowed }: { allowed: boolean }) {
  const [state, action, pending] = useActionState(saveLabScimEndpointsSetting, null);
  return (
    <LabSettingForm
      id="lab-scim-endpoints"
      name="allowLabScimEndpoints"
      label="Allow lab SCIM endpoints"
      save="Save SCIM endpoint setting"
      allowed={allowed}
      {...{ state, action, pending }}
    >
      Accept SCIM endpoints that are not AWS&apos;s (https://scim.&lt;region&gt;.amazonaws.com/…) or that resolve to loopback, private or other addresses that
      are not publicly reachable, over plain HTTP too. Needed for the demo&apos;s simulated AWS; leave it off in production, where it would let SSO Bridge be
      pointed at its own network.
    </LabSettingForm>
  );
}

export function LabWebhooksForm({ allowed }: { allowed: boolean }) {
  const [state, action, pending] = useActionState(saveLabWebhooksSetting, null);
  return (
    <LabSettingForm
      id="lab-webhooks"
      name="allowLabWebhooks"
      label="Allow lab webhooks"
      save="Save webhook setting"
      allowed={allowed}
      {...{ state, action, pending }}
    >
      Deliver alerts to webhooks that resolve to loopback, private or other addresses that are not publicly reachable, over plain HTTP too. For a lab or the
      demo; leave it off in production, where anyone who may add a webhook could point SSO Bridge at its own network.
    </LabSettingForm>
  );
}

type FormProps = {
  id: string;
  name: string;
  label: string;
  save: string;
  allowed: boolean;
  state: ActionResult | null;
  action: (form: FormData) => void;
  pending: boolean;
  children: React.ReactNode;
};

function LabSettingForm({ id, name, label, save, allowed, state, action, pending, children }: FormProps) {
  return (
    <form id={id} action={action} className="scroll-mt-4 space-y-3">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name={name} defaultChecked={allowed} className="mt-0.5" />
        <span>
          <span className="font-medium">{label}</span>
          <span className="block text-slate-600 dark:text-slate-400">{children}</span>
        </span>
      </label>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        The clouds&apos; metadata and credential services (such as 169.254.169.254) stay out of reach either way.
      </p>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Saving…" : save}
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
