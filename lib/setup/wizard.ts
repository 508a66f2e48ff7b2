import { latestFederationCheck, type FederationCheckResult } from "./federation-check";
import { readStoredSteps, RUN_EXPIRES_AFTER_MS } from "./step-store";
import { STEP_IDS, STEPS, type StepDefinition, type StepId } from "./step-definitions";

// The wizard as the setup page shows it: each step's state, derived from what the steps stored.

export type StepStatus = "not-started" | "in-progress" | "waiting-for-you" | "done" | "failed";

export type StepView = StepDefinition & {
  status: StepStatus;
  /** every earlier step is done, so this one may run */
  available: boolean;
  problem: string | null;
  updatedAt: Date | null;
  updatedByLabel: string | null;
  /** what the step produced, without the metadata documents themselves */
  data: Record<string, unknown> | null;
};

export type WizardView = { steps: StepView[]; byId: Record<StepId, StepView>; current: StepId | null; lastCheck: FederationCheckResult | null };

export async function readWizard(now = new Date()): Promise<WizardView> {
  const stored = await readStoredSteps();
  let earlierDone = true;
  const steps = STEP_IDS.map((id): StepView => {
    const s = stored.get(id);
    const available = earlierDone;
    earlierDone &&= s?.status === "done";
    let status: StepStatus = s?.status ?? "not-started";
    let problem = s?.problem ?? null;
    if (s?.running && now.getTime() - s.running.since.getTime() <= RUN_EXPIRES_AFTER_MS) {
      status = "in-progress";
      problem = `${s.running.byLabel ?? "Someone"} is running this step; reload the page to see the result.`;
    } else if (s?.running) {
      problem = "The last run was interrupted (the server stopped while it ran). Run it again; it does not create duplicates.";
    }
    if (status === "not-started" && available && STEPS[id].where === "console") status = "waiting-for-you";
    const data = s?.data ? withoutDocuments(s.data) : null;
    return { ...STEPS[id], status, available, problem, updatedAt: s?.updatedAt ?? null, updatedByLabel: s?.updatedByLabel ?? null, data };
  });
  const current = steps.find((s) => s.status !== "done")?.id ?? null;
  const lastCheck = await latestFederationCheck();
  const byId = Object.fromEntries(steps.map((s) => [s.id, s])) as Record<StepId, StepView>;
  return { steps, byId, current, lastCheck };
}

function withoutDocuments(data: Record<string, unknown>): Record<string, unknown> {
  const { xml: _xml, ...rest } = data;
  return rest;
}
