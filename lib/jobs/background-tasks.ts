import { config } from "../config";
import { PROVISIONING_MONITOR_TASK, takeProvisioningSnapshot } from "../provisioning/monitor";
import { startScheduler, type Scheduler } from "./scheduler";

let scheduler: Scheduler | undefined;

/** Starts this instance's share of the background work; the database decides who runs each period. */
export function startBackgroundTasks(): Scheduler {
  scheduler ??= startScheduler([{ name: PROVISIONING_MONITOR_TASK, periodMs: config().monitorIntervalMs, run: takeProvisioningSnapshot }]);
  return scheduler;
}
