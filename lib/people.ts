import { z } from "zod";
import type { AuditAction } from "./audit/audit-actions";
import { recordAuditEvent, type ChangedBy } from "./audit/record-audit-event";
import { db, isUniqueViolation, type Tx } from "./db";
import { sharedRead } from "./shared-reads";
import { serialiseAuditedChange } from "./db-dialect";
import { AppError } from "./errors";
import { ROLES, type Role } from "./security/permissions";
import { storedVocabulary } from "./stored-vocabulary";

// The team: who may sign in to SSO Bridge and with which role.

export type Person = {
  id: string;
  login: string;
  name: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  lastSignInAt: Date | null;
};

// An admin added by name who never signed in may be a typo: only admins who can sign in count.
const ACTIVE_ADMIN = { role: "admin", disabled: false, entraObjectId: { not: null } };

/** How every reader of User.role reads it. */
export const storedRole = storedVocabulary("User.role", ROLES);

const personSelect = { id: true, login: true, name: true, email: true, role: true, disabled: true, lastSignInAt: true } as const;

const person = (row: Omit<Person, "role"> & { role: string }): Person => ({ ...row, role: storedRole.read(row.role) });

/** Everyone who may sign in; shared by the pages of the next second (lib/shared-reads.ts). */
export function listPeople(): Promise<Person[]> {
  return sharedRead("people", ["User"], async () => {
    const rows = await db().user.findMany({ select: personSelect, orderBy: [{ disabled: "asc" }, { name: "asc" }] });
    return rows.map(person);
  });
}

export const addPersonInput = z.object({
  login: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[^\s@]+@[^\s@]+$/, "Enter the person's Entra user principal name, such as ada@contoso.com"),
  role: z.enum(ROLES),
});

/** Lets a person sign in before they ever have (needed when self sign-up is off). */
export async function addPerson(input: z.input<typeof addPersonInput>, by: ChangedBy): Promise<Person> {
  const { login, role } = addPersonInput.parse(input);
  try {
    return await db().$transaction(async (tx) => {
      const added = await tx.user.create({ data: { login, name: login, role }, select: personSelect });
      await recordAuditEvent(tx, {
        actor: by.actor,
        action: "person.add",
        target: { type: "person", id: added.id, label: login },
        outcome: "success",
        details: { after: { login, role } },
        context: by.context,
      });
      return person(added);
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new AppError("Conflict", `${login} is already on the team.`, { login: "Already on the team" });
    throw e;
  }
}

async function existingPerson(tx: Tx, personId: string): Promise<Person> {
  const row = await tx.user.findUnique({ where: { id: personId }, select: personSelect });
  if (!row) throw new AppError("NotFound", "That person is no longer on the team. Reload the page.");
  return person(row);
}

async function lockedChange(personId: string, by: ChangedBy, change: { action: AuditAction; data: { role?: Role; disabled?: boolean } }): Promise<Person> {
  return db().$transaction(async (tx) => {
    // Serialised with other audited writes, so two admins cannot demote each other at the same time.
    await serialiseAuditedChange(tx);
    const before = await existingPerson(tx, personId);
    const losesAdmin =
      before.role === "admin" && !before.disabled && (change.data.role !== undefined ? change.data.role !== "admin" : change.data.disabled === true);
    if (losesAdmin) {
      const admins = await tx.user.count({ where: ACTIVE_ADMIN });
      if (admins <= 1) throw new AppError("Conflict", "SSO Bridge needs at least one active admin. Make someone else admin first.");
    }
    const after = await tx.user.update({ where: { id: personId }, data: change.data, select: personSelect });
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: change.action,
      target: { type: "person", id: personId, label: before.login },
      outcome: "success",
      details: {
        before: { role: before.role, disabled: before.disabled },
        after: { role: after.role, disabled: after.disabled },
      },
      context: by.context,
    });
    return person(after);
  });
}

export async function changeRole(personId: string, role: Role, by: ChangedBy): Promise<Person> {
  return lockedChange(personId, by, { action: "person.role.change", data: { role } });
}

export async function setDisabled(personId: string, disabled: boolean, by: ChangedBy): Promise<Person> {
  if (disabled && personId === by.actor.id) {
    throw new AppError("Conflict", "You cannot disable your own account.");
  }
  return lockedChange(personId, by, { action: disabled ? "person.disable" : "person.enable", data: { disabled } });
}

/** Takes a person off the team: they can no longer sign in, and their user name is free again. */
export async function removePerson(personId: string, by: ChangedBy): Promise<{ login: string }> {
  if (personId === by.actor.id) throw new AppError("Conflict", "You cannot remove yourself from the team.");
  return db().$transaction(async (tx) => {
    await serialiseAuditedChange(tx);
    const before = await existingPerson(tx, personId);
    // Two admins removing each other at once: whoever goes second would leave no admin.
    if (before.role === "admin" && !before.disabled && (await tx.user.count({ where: ACTIVE_ADMIN })) <= 1) {
      throw new AppError("Conflict", "SSO Bridge needs at least one active admin. Make someone else admin first.");
    }
    await tx.user.delete({ where: { id: personId } });
    await recordAuditEvent(tx, {
      actor: by.actor,
      action: "person.remove",
      target: { type: "person", id: personId, label: before.login },
      outcome: "success",
      details: { before: { login: before.login, role: before.role, disabled: before.disabled } },
      context: by.context,
    });
    return { login: before.login };
  });
}
