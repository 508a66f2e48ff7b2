import type { AwsWorld } from "../world";
import type { JsonService, OperationHandler } from "../json-protocol/protocol";
import { internalError, throttled } from "./errors";
import { ssoAdminState, type SsoAdminSettings } from "./state";
import { permissionSetOperations } from "./permission-sets";
import { assignmentOperations } from "./assignments";

// sso-admin (X-Amz-Target SWBExternalService.*) for the world's one IAM Identity Center instance.

export type SsoAdminOptions = Partial<SsoAdminSettings>;

export const DEFAULT_SSO_ADMIN_SETTINGS: SsoAdminSettings = {
  operationDelayMs: 500,
  // The IAM Identity Center quota on outstanding asynchronous write calls.
  maxOutstandingOperations: 10,
};

export function ssoAdminService(world: AwsWorld, options: SsoAdminOptions = {}): JsonService {
  const state = ssoAdminState(world, { ...DEFAULT_SSO_ADMIN_SETTINGS, ...options });
  const raw = { ...permissionSetOperations(state), ...assignmentOperations(state) };
  const operations: Record<string, OperationHandler> = {};
  // Operations that finished in the background become visible before any request reads state.
  for (const [name, handler] of Object.entries(raw)) {
    operations[name] = (input) => {
      state.settle();
      return handler(input);
    };
  }
  return { targetPrefix: "SWBExternalService", routePrefix: "sso-admin", operations, throttled: () => throttled(), internalError };
}
