"use client";

import { useActionState, useState } from "react";
import { saveEntraConnectionAction } from "@/actions/connections";
import { buttonClass, FormStatus, inputClass } from "@/components/ui/form-status";
import type { AuthenticationMethod } from "@/lib/connections/entra-connection";
import type { NationalCloud } from "@/lib/entra/national-clouds";
import { Field } from "./field";
import { ActionForm } from "@/components/ui/action-form";

type Props = {
  tenantId: string;
  clientId: string;
  cloud: NationalCloud;
  /** the Microsoft clouds to choose from, with their names */
  clouds: { value: NationalCloud; label: string }[];
  authentication: AuthenticationMethod;
  signInApp: { tenantId: string; clientId: string };
  secretFingerprint: string | null;
};

const sources: { value: AuthenticationMethod; label: string; hint: string }[] = [
  {
    value: "sign-in-app",
    label: "The app people sign in with",
    hint: "Uses the app registration and client secret SSO Bridge signs people in with (from its environment).",
  },
  { value: "client-secret", label: "Another app registration, with a client secret", hint: "The secret is stored encrypted and never shown again." },
  { value: "certificate", label: "Another app registration, with a certificate", hint: "Certificate and private key in PEM; stored encrypted." },
];

export function EntraConnectionForm(props: Props) {
  const [state, action, pending] = useActionState(saveEntraConnectionAction, null);
  const [source, setSource] = useState<AuthenticationMethod>(props.authentication);
  // Controlled, so a refused save keeps what was typed or pasted.
  const [tenantId, setTenantId] = useState(props.tenantId);
  const [clientId, setClientId] = useState(props.clientId);
  const [cloud, setCloud] = useState<NationalCloud>(props.cloud);
  const [secret, setSecret] = useState("");
  const [certificatePem, setCertificatePem] = useState("");
  const [privateKeyPem, setPrivateKeyPem] = useState("");
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const fromSignIn = source === "sign-in-app";
  const keepHint =
    props.secretFingerprint && source === props.authentication ? `Stored (fingerprint ${props.secretFingerprint}); leave empty to keep it.` : undefined;
  return (
    <ActionForm action={action} className="space-y-3">
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
        <label htmlFor="entra-cloud" className="text-sm font-medium">
          Microsoft cloud
        </label>
        <select
          id="entra-cloud"
          name="cloud"
          value={cloud}
          onChange={(e) => setCloud(e.target.value as NationalCloud)}
          className={`${inputClass} w-full max-w-md`}
        >
          {props.clouds.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <Field
        id="entra-tenant"
        name="tenantId"
        label="Directory (tenant) id"
        disabled={fromSignIn}
        value={fromSignIn ? props.signInApp.tenantId : tenantId}
        onChange={(e) => setTenantId(e.target.value)}
        error={errors?.tenantId}
      />
      <Field
        id="entra-client"
        name="clientId"
        label="Application (client) id"
        disabled={fromSignIn}
        value={fromSignIn ? props.signInApp.clientId : clientId}
        onChange={(e) => setClientId(e.target.value)}
        error={errors?.clientId}
      />
      {source === "client-secret" && (
        <Field
          id="entra-secret"
          name="clientSecret"
          type="password"
          autoComplete="off"
          label="Client secret value"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          error={errors?.clientSecret}
          hint={keepHint}
        />
      )}
      {source === "certificate" && (
        <>
          <PemField
            id="entra-cert"
            name="certificatePem"
            label="Certificate (PEM)"
            value={certificatePem}
            onChange={setCertificatePem}
            error={errors?.certificatePem}
            hint={keepHint}
          />
          <PemField
            id="entra-key"
            name="privateKeyPem"
            label="Private key (PEM, unencrypted)"
            value={privateKeyPem}
            onChange={setPrivateKeyPem}
            error={errors?.privateKeyPem}
          />
        </>
      )}
      <div className="flex items-center gap-3">
        <button type="submit" disabled={pending} className={buttonClass}>
          {pending ? "Saving…" : "Save Entra connection"}
        </button>
        <FormStatus state={state} />
      </div>
    </ActionForm>
  );
}

function PemField(p: { id: string; name: string; label: string; value: string; onChange: (v: string) => void; error?: string; hint?: string }) {
  const describedBy = [p.hint ? `${p.id}-hint` : null, p.error ? `${p.id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={p.id} className="text-sm font-medium">
        {p.label}
      </label>
      <textarea
        id={p.id}
        name={p.name}
        rows={4}
        spellCheck={false}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
        aria-invalid={p.error ? true : undefined}
        aria-describedby={describedBy}
        className={`${inputClass} w-full max-w-md font-mono text-xs`}
      />
      {p.hint && (
        <span id={`${p.id}-hint`} className="text-xs text-slate-500 dark:text-slate-400">
          {p.hint}
        </span>
      )}
      {p.error && (
        <span id={`${p.id}-error`} className="text-xs text-red-700 dark:text-red-400">
          {p.error}
        </span>
      )}
    </div>
  );
}
