"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { clearMirrorException, confirmHeldRemovals, mirrorGroup, turnMirrorOff, updateMirrorSettings } from "@/lib/mirrors/manage-mirrors";
import { startMirrorRun } from "@/lib/mirrors/mirror-run";
import { previewMirror, type PreviewPerson } from "@/lib/mirrors/preview-mirror";
import { canConfigureFederation, canOperate } from "@/lib/security/permissions";

const groupId = z.string().regex(/^[0-9a-f-]{36}$/i, "Choose an Entra group");
const mirrorId = z.object({ mirrorId: z.string().min(1).max(100) });
const PREVIEW_NAMES = 10;

function refresh() {
  revalidatePath("/nested-groups");
  revalidatePath("/setup");
}

export const mirrorGroupAction = defineAction({
  name: "mirror.create",
  input: z.object({ sourceGroupId: groupId, swapAssignment: z.enum(["on"]).optional() }),
  allowed: canConfigureFederation,
  run: async ({ sourceGroupId, swapAssignment }, { by }) => {
    const created = await mirrorGroup(sourceGroupId, by, { swapAssignment: swapAssignment === "on" });
    refresh();
    return created;
  },
  success: (r) =>
    `Mirrored: the group is created and assigned; its members are being added, and Entra's next provisioning cycle brings them to AWS.${
      r.swapWaiting ? " Once it is there, SSO Bridge gives it the source's AWS access and then removes the source from the application." : ""
    }`,
});

export const previewMirrorAction = defineAction({
  name: "mirror.preview",
  input: z.object({ sourceGroupId: groupId }),
  allowed: canOperate,
  run: ({ sourceGroupId }) => previewMirror(sourceGroupId),
  success: (p) => {
    const names = (people: PreviewPerson[]) =>
      people.length === 0
        ? ""
        : ` (${people
            .slice(0, PREVIEW_NAMES)
            .map((x) => x.name)
            .join(", ")}${people.length > PREVIEW_NAMES ? ", …" : ""})`;
    return `Dry run for “${p.sourceName}”: would add ${p.add.length}${names(p.add)} and remove ${p.remove.length}${names(p.remove)}; ${p.unchanged} already in the mirror. Nothing was changed.`;
  },
});

export const runMirrorsAction = defineAction({
  name: "mirror.run",
  input: z.object({ full: z.enum(["true", "false"]) }),
  allowed: canOperate,
  run: async ({ full }, { by }) => {
    const { started } = await startMirrorRun(by.actor.label, { full: full === "true" });
    refresh();
    return { started, full: full === "true" };
  },
  success: (r) =>
    r.started
      ? r.full
        ? "Reconciling: every group is read again and every mirror checked."
        : "Running: Entra's changes since the last run are being applied."
      : "A run is already going; its progress shows here.",
});

export const confirmRemovalsAction = defineAction({
  name: "mirror.removals.confirm",
  input: mirrorId,
  allowed: canConfigureFederation,
  run: async ({ mirrorId }, { by }) => {
    const r = await confirmHeldRemovals(mirrorId, by);
    refresh();
    return r;
  },
  success: () => "Confirmed: a run is making the removals now.",
});

export const mirrorSettingsAction = defineAction({
  name: "mirror.settings.update",
  input: mirrorId.extend({
    handEdits: z.enum(["correct", "leave"]),
    removalGuardPercent: z.coerce
      .number({ message: "Enter a whole percentage" })
      .int("Enter a whole percentage")
      .min(1, "From 1 to 100")
      .max(100, "From 1 to 100"),
  }),
  allowed: canConfigureFederation,
  run: async ({ mirrorId, handEdits, removalGuardPercent }, { by }) => {
    await updateMirrorSettings(mirrorId, { handEdits, removalGuardPercent }, by);
    refresh();
  },
  success: () => "Saved: the next run follows these settings.",
});

export const clearExceptionAction = defineAction({
  name: "mirror.exception.clear",
  input: mirrorId.extend({ userId: z.string().min(1).max(100) }),
  allowed: canConfigureFederation,
  run: async ({ mirrorId, userId }, { by }) => {
    await clearMirrorException(mirrorId, userId, by);
    refresh();
  },
  success: () => "No longer left: the next run puts the person right.",
});

export const turnMirrorOffAction = defineAction({
  name: "mirror.off",
  input: mirrorId,
  allowed: canConfigureFederation,
  run: async ({ mirrorId }, { by }) => {
    await turnMirrorOff(mirrorId, by);
    refresh();
  },
  success: () => "Turned off: SSO Bridge no longer changes the group, which stays in Entra as it is.",
});

export const deleteMirrorAction = defineAction({
  name: "mirror.delete",
  input: mirrorId,
  allowed: canConfigureFederation,
  run: async ({ mirrorId }, { by }) => {
    await turnMirrorOff(mirrorId, by, { deleteGroup: true });
    refresh();
  },
  success: () => "Deleted: the group is gone from Entra; Entra's next provisioning cycle removes it from AWS.",
});
