import { LOG_ACTIONS, LOG_STATUSES } from "../entra/provisioning-logs";
import { loaded, type Loaded } from "../loaded";
import type { LogQuery } from "./log-query";
import { readProvisioningLog } from "./provisioning-log";

export type ProvisioningLogPage = Awaited<ReturnType<typeof readProvisioningLog>>;

/** What the log's filters offer: the actions and outcomes Graph reports. */
export const logFilterChoices = { actions: LOG_ACTIONS, outcomes: LOG_STATUSES };

/** One page of the provisioning log, read live from Graph, or the problem to show. */
export function provisioningLogView(query: LogQuery): Promise<Loaded<ProvisioningLogPage>> {
  return loaded("Could not read the provisioning log", () => readProvisioningLog(query.filter, query.skipToken));
}
