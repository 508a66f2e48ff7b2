"use client";

import { useActionState, useState } from "react";
import { saveEntraConnectionAction } from "@/app/(console)/settings/connection-actions";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import type { AuthenticationMethod } from "@/lib/connections/entra-connection";
import { nationalCloudLabels, NATIONAL_CLOUDS, type NationalCloud } from "@/lib/entra/national-clouds";
import { Field } from "./field";

type Props = {
  tenantId: string;
  clientId: string;
  cloud: NationalCloud;
  authentication: AuthenticationMethod;
  signInApp: { tenantId: string; clientId: string };
  secretFingerprint: string | null;
};

const sources: { value: AuthenticationMethod; label: string; hint: string }[] = [
  { value: "sign-in-app", label: "The app people sign in with", hint: "Uses the app registration and client secret SSO Bridge signs people in with (from its environment)." },
  { value: "client-secret", label: "Another app registration, with a client secret", hint: "The secret is stored encrypted and never shown again." },
  { value: "certificate", label: "Another app registration, with a certificate", hint: "Certificate and private key in PEM; stored encrypted." },
];

export function EntraConnectionForm(props: Props) {
  const [state, action, pending] = useActionState(saveEntraConnectionAction, null);
  const [source, setSource] = useState<AuthenticationMethod>(props.authentication);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const fromSignIn = source === "sign-in-app";
  const keepHint = props.secretFingerprint && source === props.authentication ? `Stored (fingerprint ${props.secretFingerprint}); leave empty to keep it.` : undefined;
  return (
    <form action={action} className="space-y-3">
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">Credentials for Microsoft Graph</legend>
        {sources.map((s) => (
          <label key={s.value} className="flex items-start gap-2 text-sm">
            <input type="radio" name="authentication" value={s.value} checked={source === s.value} onChange={() => setSource(s.value)} className="mt-1" />
            <span>
              {s.label}
              <span className="block text-xs text-slate-500 dark:text-slate-400">{s.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-col gap-1">
        <label htmlFor="entra-cloud" className="text-sm font-medium">Microsoft cloud</label>
        <select id="entra-cloud" name="cloud" defaultValue={props.cloud} className={`${inputClass} w-full max-w-md`}>
          {NATIONAL_CLOUDS.map((c) => <option key={c} value={c}>{nationalCloudLabels[c]}</option>)}
        </select>
      </div>
      <Field
        id="entra-tenant"
        name="tenantId"
        label="Directory (tenant) id"
        disabled={fromSignIn}
        key={`tenant-${fromSignIn}`}
        defaultValue={fromSignIn ? props.signInApp.tenantId : props.tenantId}
        error={errors?.tenantId}
      />
      <Field
        id="entra-client"
        name="clientId"
        label="Application (client) id"
        disabled={fromSignIn}
        key={`client-${fromSignIn}`}
        defaultValue={fromSignIn ? props.signInApp.clientId : props.clientId}
        error={errors?.clientId}
      />
      {source === "client-secret" && (
        <Field id="entra-secret" name="clientSecret" type="password" autoComplete="off" label="Client secret value" error={errors?.clientSecret} hint={keepHint} />
      )}
      {source === "certificate" && (
        <>
          <PemField id="entra-cert" name="certificatePem" label="Certificate (PEM)" error={errors?.certificatePem} hint={keepHint} />
          <PemField id="entra-key" name="privateKeyPem" label="Private key (PEM, unencrypted)" error={errors?.privateKeyPem} />
        </>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>{pending ? "Saving…" : "Save Entra connection"}</button>
        <FormStatus state={state} />
      </div>
    </form>
  );
}

function PemField({ id, name, label, error, hint }: { id: string; name: string; label: string; error?: string; hint?: string }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">{label}</label>
      <textarea id={id} name={name} rows={4} spellCheck={false} aria-invalid={error ? true : undefined} className={`${inputClass} w-full max-w-md font-mono text-xs`} />
      {hint && <span className="text-xs text-slate-500 dark:text-slate-400">{hint}</span>}
      {error && <span className="text-xs text-red-700 dark:text-red-400">{error}</span>}
    </div>
  );
}
