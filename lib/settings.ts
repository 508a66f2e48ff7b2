import { z } from "zod";
import { recordAuditEvent, type ChangedBy } from "./audit/record-audit-event";
import { db, type Tx } from "./db";
import { serialiseAuditedChange } from "./db-dialect";
import { jsonColumn, type JsonColumn } from "./json-column";
import { storedVocabulary } from "./stored-vocabulary";

// SSO Bridge's own settings, kept in the database so that every instance sees the same values and
// every change is audited.
export const settingsSchema = z.object({
  /** People of the tenant who were not added by an admin may sign in, as viewers. */
  selfSignUp: z.boolean(),
  /** SCIM endpoints outside AWS's hosts or on private networks may be used: for labs and the demo's simulators */
  allowLabEndpoints: z.boolean(),
  /** Audit events older than this many days are archived to a file and removed; null keeps them all */
  auditRetentionDays: z.number().int().min(30).max(3650).nullable(),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = { selfSignUp: true, allowLabEndpoints: false, auditRetentionDays: null };

// One Setting row per changed setting: its key, and its value as JSON.
const storedKey = storedVocabulary("Setting.key", settingsSchema.keyof().options);
type SettingKey = keyof Settings;
const valueSchemas: { [K in SettingKey]: z.ZodType<Settings[K]> } = settingsSchema.shape;
const storedValue = <K extends SettingKey>(key: K): JsonColumn<Settings[K]> => jsonColumn("Setting.value", valueSchemas[key]);

export async function readSettings(tx: Tx = db()): Promise<Settings> {
  const rows = await tx.setting.findMany();
  const stored = Object.fromEntries(
    rows.map((r) => {
      const key = storedKey.read(r.key);
      return [key, storedValue(key).decode(r.value, key)];
    }),
  );
  return settingsSchema.parse({ ...defaultSettings, ...stored });
}

export async function updateSettings(
  change: Partial<Settings>,
  by: ChangedBy,
): Promise<Settings> {
  const patch = settingsSchema.partial().parse(change);
  return db().$transaction(async (tx) => {
    // Serialised with other audited writes so that "before" is what the change really replaces.
    await serialiseAuditedChange(tx);
    const before = await readSettings(tx);
    const changed = Object.entries(patch).filter(([k, v]) => before[k as keyof Settings] !== v);
    for (const [key, value] of changed) {
      await tx.setting.upsert({
        where: { key },
        create: { key, value: JSON.stringify(value), updatedById: by.actor.id },
        update: { value: JSON.stringify(value), updatedById: by.actor.id },
      });
    }
    const after = { ...before, ...patch };
    if (changed.length > 0) {
      await recordAuditEvent(tx, {
        actor: by.actor,
        action: "settings.update",
        target: { type: "settings", id: "sso-bridge", label: "SSO Bridge settings" },
        outcome: "success",
        details: { before: pick(before, changed), after: pick(after, changed) },
        context: by.context,
      });
    }
    return after;
  });
}

function pick(s: Settings, entries: [string, unknown][]) {
  return Object.fromEntries(entries.map(([k]) => [k, s[k as keyof Settings]]));
}
