import { ALERTS_TASK, runAlerts } from "../alerts/evaluate-alerts";
import { config } from "../config";
import { PROVISIONING_MONITOR_TASK, takeProvisioningSnapshot } from "../provisioning/monitor";
import { startScheduler, type Scheduler } from "./scheduler";

let scheduler: Scheduler | undefined;

/** Starts this instance's share of the background work; the database decides who runs each period. */
export function startBackgroundTasks(): Scheduler {
  const periodMs = config().monitorIntervalMs;
  // Each tick runs them in this order: the snapshot first, then the alerts for the same period.
  scheduler ??= startScheduler([
    { name: PROVISIONING_MONITOR_TASK, periodMs, run: takeProvisioningSnapshot },
    { name: ALERTS_TASK, periodMs, run: runAlerts },
  ]);
  return scheduler;
}
