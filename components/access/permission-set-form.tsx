"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState } from "react";
import { createPermissionSetAction, updatePermissionSetAction } from "@/actions/access";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import type { ActionResult } from "@/lib/action";
import { ActionForm } from "@/components/ui/action-form";

export type PermissionSetFormValues = {
  name: string;
  description: string;
  sessionHours: string;
  relayState: string;
  managedPolicies: string;
  customerPolicies: string;
  inlinePolicy: string;
  boundary: string;
  boundaryPolicy: string;
};

/** Create (no arn) or edit a permission set. Values are kept in state, so a refused save loses nothing. */
export function PermissionSetForm({ initial, arn }: { initial: PermissionSetFormValues; arn?: string }) {
  const router = useRouter();
  const save: (previous: unknown, form: FormData) => Promise<ActionResult<{ name: string; problems: string[] }>> = arn
    ? updatePermissionSetAction
    : createPermissionSetAction;
  const [state, action, pending] = useActionState(save, null);
  const [v, setV] = useState(initial);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const set = (key: keyof PermissionSetFormValues) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    setV({ ...v, [key]: e.target.value });

  // A set created with something to say about it (it could not be read back) stays here to say it;
  // the form cannot send it again, which AWS would refuse as a duplicate name.
  const created = !arn && state?.ok === true;
  useEffect(() => {
    if (state?.ok && !arn && state.data.problems.length === 0) router.push(`/access?created=${encodeURIComponent(state.data.name)}`);
  }, [state, arn, router]);

  const field = (key: keyof PermissionSetFormValues, label: string, input: React.ReactNode, hint?: string) => (
    <div className="flex flex-col gap-1">
      <label htmlFor={`ps-${key}`} className="text-sm font-medium">
        {label}
      </label>
      {input}
      {hint && !errors?.[key] && (
        <span id={`ps-${key}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
          {hint}
        </span>
      )}
      {errors?.[key] && (
        <span id={`ps-${key}-error`} role="alert" className="text-xs text-red-700 dark:text-red-400">
          {errors[key]}
        </span>
      )}
    </div>
  );
  const aria = (key: keyof PermissionSetFormValues, hint = false) => ({
    id: `ps-${key}`,
    name: key,
    "aria-invalid": errors?.[key] ? true : undefined,
    "aria-describedby": errors?.[key] ? `ps-${key}-error` : hint ? `ps-${key}-hint` : undefined,
  });

  return (
    <ActionForm action={action} className="max-w-3xl space-y-4">
      {arn && <input type="hidden" name="arn" value={arn} />}
      <div className="grid gap-4 sm:grid-cols-2">
        {field(
          "name",
          "Name",
          <input
            {...aria("name", true)}
            value={v.name}
            onChange={set("name")}
            required
            readOnly={!!arn}
            maxLength={32}
            className={`${inputClass} ${arn ? "bg-slate-100 dark:bg-slate-800" : ""}`}
          />,
          arn ? "AWS does not rename permission sets." : "Shown to people in the AWS access portal. Letters, digits and + = , . @ - _",
        )}
        {field(
          "sessionHours",
          "Session length",
          <select {...aria("sessionHours")} value={v.sessionHours} onChange={set("sessionHours")} className={inputClass}>
            {Array.from({ length: 12 }, (_, i) => i + 1).map((h) => (
              <option key={h} value={h}>
                {h} {h === 1 ? "hour" : "hours"}
              </option>
            ))}
          </select>,
        )}
      </div>
      {field(
        "description",
        "Description",
        <input {...aria("description")} value={v.description} onChange={set("description")} maxLength={700} className={inputClass} />,
      )}
      {field(
        "relayState",
        "Start page (relay state)",
        <input
          {...aria("relayState", true)}
          value={v.relayState}
          onChange={set("relayState")}
          placeholder="https://console.aws.amazon.com/…"
          className={inputClass}
        />,
        "Optional: the console page people land on after signing in.",
      )}
      {field(
        "managedPolicies",
        "AWS managed policies",
        <textarea
          {...aria("managedPolicies", true)}
          value={v.managedPolicies}
          onChange={set("managedPolicies")}
          rows={3}
          className={`${inputClass} font-mono text-xs`}
        />,
        "One ARN per line, e.g. arn:aws:iam::aws:policy/ReadOnlyAccess.",
      )}
      {field(
        "customerPolicies",
        "Customer managed policies",
        <textarea
          {...aria("customerPolicies", true)}
          value={v.customerPolicies}
          onChange={set("customerPolicies")}
          rows={2}
          className={`${inputClass} font-mono text-xs`}
        />,
        "One per line, by name or path and name (/team/ReadLogs). A policy of that name must exist in every account the set is assigned in.",
      )}
      {field(
        "inlinePolicy",
        "Inline policy",
        <textarea
          {...aria("inlinePolicy", true)}
          value={v.inlinePolicy}
          onChange={set("inlinePolicy")}
          rows={8}
          spellCheck={false}
          className={`${inputClass} font-mono text-xs`}
          placeholder={'{\n  "Version": "2012-10-17",\n  "Statement": [ … ]\n}'}
        />,
        "Optional JSON policy document, checked before saving.",
      )}
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Permissions boundary</legend>
        <div className="flex flex-wrap gap-4 text-sm">
          {[
            ["none", "None"],
            ["managed", "AWS managed policy"],
            ["customer", "Customer managed policy"],
          ].map(([value, label]) => (
            <label key={value} className="flex items-center gap-2">
              <input type="radio" name="boundary" value={value} checked={v.boundary === value} onChange={set("boundary")} />
              {label}
            </label>
          ))}
        </div>
        {v.boundary !== "none" &&
          field(
            "boundaryPolicy",
            v.boundary === "managed" ? "Boundary policy ARN" : "Boundary policy name",
            <input {...aria("boundaryPolicy")} value={v.boundaryPolicy} onChange={set("boundaryPolicy")} className={`${inputClass} font-mono text-xs`} />,
          )}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending || created} className={buttonClass}>
          {pending ? (arn ? "Saving in AWS…" : "Creating in AWS…") : arn ? "Save changes" : "Create permission set"}
        </button>
        <Link href="/access" className="text-sm text-sky-700 underline dark:text-sky-400">
          Back to access
        </Link>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}
