"use client";

import Link from "next/link";
import { useActionState, useState } from "react";
import type { ActionResult } from "@/lib/action";
import type { InspectionReport } from "@/lib/setup/sign-in-proof";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import { ActionForm } from "@/components/ui/action-form";

type Action = (previous: unknown, form: FormData) => Promise<ActionResult<InspectionReport>>;

/** Paste a captured SAMLResponse; every check AWS makes is listed, the first failure with its fix. */
export function SamlInspector({ action }: { action: Action }) {
  const [state, run, pending] = useActionState(action, null);
  // Controlled, so the pasted response stays in the box after each inspection.
  const [value, setValue] = useState("");
  const report = state?.ok ? state.data : null;
  const fieldError = state && !state.ok ? state.fieldErrors?.samlResponse : undefined;
  return (
    <ActionForm action={run} className="space-y-3" aria-labelledby="inspector-title">
      <h3 id="inspector-title" className="font-medium">
        SAML response inspector
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        During a sign-in, your browser posts a SAMLResponse from Entra to AWS. Copy it from the developer tools (Network, the POST to IAM Identity Center&apos;s
        assertion consumer service) and paste it here: SSO Bridge checks it the way AWS does and explains the first thing AWS would refuse.
      </p>
      <label htmlFor="saml-response-input" className="block text-sm font-medium">
        SAMLResponse
      </label>
      <textarea
        id="saml-response-input"
        name="samlResponse"
        rows={5}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        className={`${inputClass} w-full font-mono text-xs`}
        aria-invalid={fieldError ? true : undefined}
        aria-describedby={fieldError ? "saml-response-error" : undefined}
        spellCheck={false}
      />
      {fieldError && (
        <p id="saml-response-error" className="text-sm text-red-700 dark:text-red-400">
          {fieldError}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Inspecting…" : "Inspect"}
        </button>
        {pending ? (
          <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
            Checking the response and looking up its user in AWS…
          </span>
        ) : (
          <FormStatus state={state} />
        )}
      </div>
      {report && <InspectionResult report={report} />}
    </ActionForm>
  );
}

function InspectionResult({ report }: { report: InspectionReport }) {
  return (
    <div className="space-y-3 text-sm" data-testid="saml-inspection" data-proven={report.proven}>
      {report.firstFailure && (
        <div role="alert" className="rounded-md border-l-4 border-red-600 bg-red-50 p-3 dark:bg-red-950/40">
          <p className="font-medium">
            {report.firstFailure.label}: {report.firstFailure.detail}
          </p>
          <p className="mt-1">
            {report.firstFailure.fix.text}{" "}
            {report.firstFailure.fix.href && (
              <Link href={report.firstFailure.fix.href} className="font-medium text-sky-800 underline dark:text-sky-300">
                Go to the fix
              </Link>
            )}
          </p>
        </div>
      )}
      <ul className="space-y-1">
        {report.checks.map((c) => (
          <li key={c.id} className="flex gap-2">
            <span className={c.passed ? "text-emerald-800 dark:text-emerald-300" : "text-red-700 dark:text-red-400"}>{c.passed ? "Passed" : "Failed"}</span>
            <span>
              <span className="font-medium">{c.label}</span>: {c.detail}
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
