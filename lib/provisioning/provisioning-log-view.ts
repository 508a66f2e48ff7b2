import type { StoredReading } from "../cloud-readings/cloud-reading";
import { readingView } from "../cloud-readings/reading-view";
import { LOG_ACTIONS, LOG_STATUSES } from "../entra/provisioning-logs";
import { loaded, type Loaded } from "../loaded";
import { sharedRead } from "../shared-reads";
import { provisioningLogReading, type LogIngestion } from "./log-ingestion";
import type { LogQuery } from "./log-query";
import { readProvisioningLog } from "./provisioning-log";

export type ProvisioningLogPage = Awaited<ReturnType<typeof readProvisioningLog>> & { ingestion: StoredReading<LogIngestion> };

/** What the log's filters offer: the actions and outcomes Graph reports. */
export const logFilterChoices = { actions: LOG_ACTIONS, outcomes: LOG_STATUSES };

/** One page of the provisioning log as kept here, with how far its reading has got, or the problem to show. */
export function provisioningLogView(query: LogQuery): Promise<Loaded<ProvisioningLogPage>> {
  return loaded("Could not show the provisioning log", async () => {
    const [page, ingestion] = await Promise.all([
      sharedRead(`provisioning-log:${JSON.stringify([query.filter, query.cursor])}`, ["ProvisioningLogEntry"], () =>
        readProvisioningLog(query.filter, query.cursor),
      ),
      readingView(provisioningLogReading),
    ]);
    return { ...page, ingestion };
  });
}
