import { readStoredSteps } from "./step-store";
import { FEDERATION_STEP_IDS, PROVISIONING_STEP_IDS, STEPS, type StepId } from "./step-definitions";

// How far the wizard has come in one section, for the cards that show it next to their own status.

export type SetupProgress = { stepsDone: number; stepsTotal: number; nextStep: { title: string; href: string } | null };

const SECTIONS = { federation: FEDERATION_STEP_IDS, provisioning: PROVISIONING_STEP_IDS } as const;

export async function setupProgress(section: keyof typeof SECTIONS): Promise<SetupProgress> {
  const steps = await readStoredSteps();
  const ids: readonly StepId[] = SECTIONS[section];
  const next = ids.find((id) => steps.get(id)?.status !== "done");
  return {
    stepsDone: ids.filter((id) => steps.get(id)?.status === "done").length,
    stepsTotal: ids.length,
    nextStep: next ? { title: STEPS[next].title, href: `/setup#${next}` } : null,
  };
}
