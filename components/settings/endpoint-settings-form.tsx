"use client";

import { useActionState } from "react";
import { saveEndpointSettings } from "@/actions/settings";
import { buttonClass, FormStatus } from "@/components/ui/form-status";

export function EndpointSettingsForm({ allowLabEndpoints }: { allowLabEndpoints: boolean }) {
  const [state, action, pending] = useActionState(saveEndpointSettings, null);
  return (
    <form action={action} className="space-y-3">
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="allowLabEndpoints" defaultChecked={allowLabEndpoints} className="mt-0.5" />
        <span>
          <span className="font-medium">Allow lab SCIM endpoints</span>
          <span className="block text-slate-600 dark:text-slate-400">
            Accept SCIM endpoints that are not AWS's (https://scim.&lt;region&gt;.amazonaws.com/…) or that resolve to loopback, private or link-local addresses,
            over plain HTTP too. Needed for the demo's simulated AWS; leave it off in production, where it would let SSO Bridge be pointed at its own network.
          </span>
        </span>
      </label>
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Saving…" : "Save endpoint settings"}
        </button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}
