"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { evaluateAlertsAfterChange } from "@/lib/alerts/evaluate-alerts";
import { canConfigureFederation } from "@/lib/security/permissions";
import { assignPrincipals, findPrincipals, listGroupsToBrowse, unassignPrincipal } from "@/lib/setup/steps/assignments";
import { configureProvisioningJob } from "@/lib/setup/steps/provisioning-job";
import { saveScimCredentials, scimTokenInput } from "@/lib/setup/steps/scim-credentials";
import { startProvisioning } from "@/lib/setup/steps/start-provisioning";

/** After a change: the alerts follow the status it just read, then the pages redraw. */
async function refresh() {
  await evaluateAlertsAfterChange();
  revalidatePath("/setup");
  revalidatePath("/");
  revalidatePath("/provisioning");
}

export const saveScimCredentialsAction = defineAction({
  name: "setup.scim-credentials.save",
  input: scimTokenInput.extend({ endpoint: z.string().trim().min(1, "Paste the SCIM endpoint from the AWS console") }),
  allowed: canConfigureFederation,
  run: async (input, { by }) => {
    const data = await saveScimCredentials(input, by);
    await refresh();
    return { fingerprint: data.tokenFingerprint, expires: data.tokenExpiresAt.slice(0, 10) };
  },
  success: (d) => `AWS accepted the token (fingerprint ${d.fingerprint}, expires ${d.expires}). It is stored encrypted.`,
});

export const configureProvisioningJobAction = defineAction({
  name: "setup.provisioning-job.configure",
  input: z.object({}),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    const data = await configureProvisioningJob(by);
    await refresh();
    return data;
  },
  success: (d) =>
    d.created ? "Created the provisioning job; Entra reached AWS with the token." : "The provisioning job is configured; Entra reached AWS with the token.",
});

export const findPrincipalsAction = defineAction({
  name: "setup.assignments.search",
  input: z.object({ query: z.string().trim().max(100) }),
  allowed: canConfigureFederation,
  run: async ({ query }) => findPrincipals(query),
});

export const browseGroupsAction = defineAction({
  name: "setup.assignments.search",
  input: z.object({ query: z.string().max(0).optional() }),
  allowed: canConfigureFederation,
  run: async () => listGroupsToBrowse(),
});

export const assignPrincipalsAction = defineAction({
  name: "setup.assignments.add",
  input: z.object({
    principals: z
      .string()
      .transform((v) => v.split(",").filter(Boolean))
      .pipe(z.array(z.string().regex(/^(User|Group):[0-9a-f-]{36}$/i)).min(1, "Choose at least one user or group")),
  }),
  allowed: canConfigureFederation,
  run: async ({ principals }, { by }) => {
    const data = await assignPrincipals(
      principals.map((p) => ({ type: p.split(":")[0] as "User" | "Group", id: p.split(":")[1]! })),
      by,
    );
    await refresh();
    return { assigned: data.assignees.length, nested: data.nestedGroups.length };
  },
  success: (d) => `${d.assigned} assigned.${d.nested ? " Some groups contain nested groups: see the warning." : ""}`,
});

export const unassignPrincipalAction = defineAction({
  name: "setup.assignments.remove",
  input: z.object({ assignmentId: z.string().min(1) }),
  allowed: canConfigureFederation,
  run: async ({ assignmentId }, { by }) => {
    const data = await unassignPrincipal(assignmentId, by);
    await refresh();
    return { assigned: data.assignees.length };
  },
  success: () => "Removed. Entra removes the user or group from AWS at its next cycle.",
});

export const startProvisioningAction = defineAction({
  name: "setup.provisioning.start",
  input: z.object({}),
  allowed: canConfigureFederation,
  run: async (_input, { by }) => {
    const data = await startProvisioning(by);
    await refresh();
    return data;
  },
  success: () => "Provisioning started: the first cycle runs now.",
});
