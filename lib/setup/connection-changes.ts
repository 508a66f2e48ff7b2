import type { Tx } from "../db";
import { resetStepsFrom } from "./step-store";

// The setup steps built on each cloud connection. When a connection changes to reach something
// else, they and every step after them run again; each returns the titles of the steps sent back.

export function runStepsAgainAfterAwsChange(tx: Tx): Promise<string[]> {
  return resetStepsFrom(tx, "identity-center-instance", "the AWS connection changed");
}

export function runStepsAgainAfterEntraChange(tx: Tx): Promise<string[]> {
  return resetStepsFrom(tx, "enterprise-app", "the Entra connection changed");
}
