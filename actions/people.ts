"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { defineAction } from "@/lib/action";
import { addPerson, addPersonInput, changeRole, removePerson, setDisabled } from "@/lib/people";
import { canManageRoles, ROLES } from "@/lib/security/permissions";

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

export const disablePerson = defineAction({
  name: "person.disable",
  input: z.object({ personId: z.string().min(1) }),
  allowed: canManageRoles,
  run: async ({ personId }, { by }) => {
    const person = await setDisabled(personId, true, by);
    revalidatePath("/settings");
    return { login: person.login };
  },
  success: (p) => `${p.login} is disabled.`,
});

export const enablePerson = defineAction({
  name: "person.enable",
  input: z.object({ personId: z.string().min(1) }),
  allowed: canManageRoles,
  run: async ({ personId }, { by }) => {
    const person = await setDisabled(personId, false, by);
    revalidatePath("/settings");
    return { login: person.login };
  },
  success: (p) => `${p.login} is enabled again.`,
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
