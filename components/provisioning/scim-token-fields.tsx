"use client";

import { useState } from "react";
import { Field } from "@/components/connections/field";

const inAYear = () => new Date(Date.now() + 365 * 86_400_000).toISOString().slice(0, 10);

/** A SCIM access token and its expiry, as the AWS console shows them; controlled, so a refused token stays to be corrected. */
export function ScimTokenFields({
  idPrefix,
  labels,
  errors,
}: {
  idPrefix: string;
  labels: { token: string; expiresOn: string };
  errors?: Record<string, string>;
}) {
  const [token, setToken] = useState("");
  const [expiresOn, setExpiresOn] = useState(inAYear);
  return (
    <>
      <Field
        id={`${idPrefix}-token`}
        name="token"
        type="password"
        autoComplete="off"
        label={labels.token}
        required
        value={token}
        onChange={(e) => setToken(e.target.value)}
        error={errors?.token}
        hint="Stored encrypted; afterwards only its fingerprint is shown."
      />
      <Field
        id={`${idPrefix}-expires`}
        name="expiresOn"
        type="date"
        label={labels.expiresOn}
        value={expiresOn}
        onChange={(e) => setExpiresOn(e.target.value)}
        error={errors?.expiresOn}
        hint="The AWS console shows it next to the token; tokens last one year."
      />
    </>
  );
}
