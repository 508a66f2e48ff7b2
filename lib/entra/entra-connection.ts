import type { NationalCloud } from "./national-clouds";

// Which Entra tenant SSO Bridge acts in, as which app registration, and with what proof.

export type EntraCredential = { kind: "secret"; secret: string } | { kind: "certificate"; certificatePem: string; privateKeyPem: string };

export type EntraConnection = { tenantId: string; clientId: string; credential: EntraCredential; cloud: NationalCloud };
