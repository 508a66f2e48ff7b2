"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { addPerson, addPersonInput, changeRole, removePerson, setDisabled } from "@/lib/people";
import { canManageRoles, canManageSettings, ROLES } from "@/lib/security/permissions";
import { updateSettings } from "@/lib/settings";

const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

export const saveSignInSettings = defineAction({
  name: "settings.update",
  input: z.object({ selfSignUp: checkbox }),
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const settings = await updateSettings(input, by);
    revalidatePath("/settings");
    return settings;
  },
  success: () => "Sign-in settings saved.",
});

export const saveEndpointSettings = defineAction({
  name: "settings.update",
  input: z.object({ allowLabEndpoints: checkbox }),
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const settings = await updateSettings(input, by);
    revalidatePath("/settings");
    return settings;
  },
  success: (s) => (s.allowLabEndpoints ? "SCIM endpoints outside AWS and on private networks are allowed." : "Only AWS's own SCIM endpoints are allowed."),
});

export const saveAuditRetention = defineAction({
  name: "settings.update",
  input: z.object({
    auditRetentionDays: z
      .string()
      .trim()
      .transform((v) => (v === "" ? null : Number(v)))
      .pipe(z.number({ message: "Enter a number of days, or leave it empty." }).int("Whole days only.").min(30, "Keep at least 30 days.").max(3650, "At most 3,650 days (ten years).").nullable()),
  }),
  allowed: canManageSettings,
  run: async (input, { by }) => {
    const settings = await updateSettings(input, by);
    revalidatePath("/settings");
    return settings;
  },
  success: (s) => (s.auditRetentionDays === null ? "Every audit event is kept." : `Audit events older than ${s.auditRetentionDays} days will be archived to a file and removed, once a day.`),
});

export const changePersonRole = defineAction({
  name: "person.role.change",
  input: z.object({ personId: z.string().min(1), role: z.enum(ROLES) }),
  allowed: canManageRoles,
  run: async ({ personId, role }, { by }) => {
    const person = await changeRole(personId, role, by);
    revalidatePath("/settings");
    return { login: person.login, role: person.role };
  },
  success: (p) => `${p.login} is now ${p.role}.`,
});

export const setPersonDisabled = defineAction({
  name: "person.disable",
  input: z.object({ personId: z.string().min(1), disabled: z.enum(["true", "false"]).transform((v) => v === "true") }),
  allowed: canManageRoles,
  run: async ({ personId, disabled }, { by }) => {
    const person = await setDisabled(personId, disabled, by);
    revalidatePath("/settings");
    return { login: person.login, disabled: person.disabled };
  },
  success: (p) => `${p.login} is ${p.disabled ? "disabled" : "enabled again"}.`,
});

export const addTeamMember = defineAction({
  name: "person.add",
  input: addPersonInput,
  allowed: canManageRoles,
  run: async (input, { by }) => {
    const person = await addPerson(input, by);
    revalidatePath("/settings");
    return { login: person.login, role: person.role };
  },
  success: (p) => `${p.login} can now sign in as ${p.role}.`,
});

export const removeTeamMember = defineAction({
  name: "person.remove",
  input: z.object({ personId: z.string().min(1) }),
  allowed: canManageRoles,
  run: async ({ personId }, { by }) => {
    const removed = await removePerson(personId, by);
    revalidatePath("/settings");
    return removed;
  },
  success: (p) => `${p.login} was removed from the team.`,
});
