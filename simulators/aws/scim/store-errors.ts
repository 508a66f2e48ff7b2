import { IdentityStoreError } from "../directory-store";
import { conflict, invalid, notFound } from "./errors";

// Runs an identity store write and renders its failures in SCIM terms.
export function viaStore<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!(err instanceof IdentityStoreError)) throw err;
    if (err.kind === "Conflict") throw conflict();
    if (err.kind === "NotFound") throw notFound(err.message);
    throw invalid(err.message);
  }
}
