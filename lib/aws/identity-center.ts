import type { AwsClients } from "./aws-clients";

// An IAM Identity Center instance as SSO Bridge reaches it: through the SDK clients of an AWS
// connection, addressed by the instance's ARN and identity store.

export type IdentityCenter = { clients: AwsClients; instanceArn: string; identityStoreId: string; ownerAccountId: string };

/**
 * The same instance, reached through clients that wait for `beforeRequest` ahead of every request
 * to sso-admin and the identity store (a page of a listing included): how a background reader keeps
 * to its budget whichever calls a read makes. Writes are not gated; readers make none.
 */
export function gatedIdentityCenter(t: IdentityCenter, beforeRequest: () => Promise<void>): IdentityCenter {
  return { ...t, clients: { ...t.clients, ssoAdmin: gated(t.clients.ssoAdmin, beforeRequest), identityStore: gated(t.clients.identityStore, beforeRequest) } };
}

function gated<C extends { send(...args: never[]): Promise<unknown> }>(client: C, beforeRequest: () => Promise<void>): C {
  // The SDK's paginators check the client's class, so the gate is the client itself with its send overridden.
  const wrapped = Object.create(client) as C;
  const send = client.send.bind(client) as (...args: unknown[]) => Promise<unknown>;
  wrapped.send = async (...args: unknown[]) => {
    await beforeRequest();
    return send(...args);
  };
  return wrapped;
}
