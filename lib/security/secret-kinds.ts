// Every kind of secret SSO Bridge keeps encrypted, by the purpose its ciphertext is bound to: how a
// person knows it, and where they enter it again when it cannot be decrypted. A secret whose purpose
// is not here is still named, by its purpose.

type SecretKind = {
  /** what it is, for "… cannot be decrypted"; `name` is the row's own name (a webhook's) */
  what: (name?: string) => string;
  reenter: string;
};

export const WEBHOOK_URL_PURPOSE = "webhook-url";

const KINDS: Record<string, SecretKind> = {
  "aws.scim-token": { what: () => "the SCIM token", reenter: "Paste the SCIM token again in Setup, step “SCIM endpoint and token”" },
  "entra.client-secret": {
    what: () => "the Entra client secret",
    reenter: "Enter the client secret again under Settings → Connections → Microsoft Entra",
  },
  "entra.client-certificate": {
    what: () => "the Entra client certificate",
    reenter: "Enter the certificate again under Settings → Connections → Microsoft Entra",
  },
  [WEBHOOK_URL_PURPOSE]: {
    what: (name) => (name ? `the URL of webhook "${name}"` : "a webhook's URL"),
    reenter: "Remove the webhook under Settings → Webhooks and add it again",
  },
};

/** How a person knows the secret stored for `purpose`, e.g. "the SCIM token". */
export function secretName(purpose: string, name?: string): string {
  return KINDS[purpose]?.what(name) ?? `the stored secret "${purpose}"`;
}

/** Where a person enters that secret again. */
export function reenterSecret(purpose: string): string {
  return KINDS[purpose]?.reenter ?? "Enter it again where it was first entered";
}
