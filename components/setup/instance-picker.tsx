"use client";

import { useActionState } from "react";
import { chooseInstanceAction } from "@/actions/setup";
import { buttonClass, FormStatus } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

type Instance = { instanceArn: string; identityStoreId: string; ownerAccountId: string; name: string | null };

export function InstancePicker({ instances, chosen }: { instances: Instance[]; chosen: string | null }) {
  const [state, action, pending] = useActionState(chooseInstanceAction, null);
  return (
    <ActionForm action={action} className="space-y-3">
      {instances.length > 1 && (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium">Instances found by the last AWS connection test</legend>
          {instances.map((i, n) => (
            <label key={i.instanceArn} className="flex items-start gap-2 text-sm">
              <input type="radio" name="instanceArn" value={i.instanceArn} defaultChecked={chosen ? chosen === i.instanceArn : n === 0} className="mt-1" />
              <span className="font-mono break-all">
                {i.name ? `${i.name} — ` : ""}
                {i.instanceArn} ({i.identityStoreId}, account {i.ownerAccountId})
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {instances.length === 1 && <input type="hidden" name="instanceArn" value={instances[0]?.instanceArn} />}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Checking with AWS…" : chosen ? "Check the instance again" : instances.length === 0 ? "Find the instance in AWS" : "Use this instance"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
