import { z } from "zod";
import type { AuditAction } from "./audit/audit-actions";
import { recordAuditEvent, type ChangedBy } from "./audit/record-audit-event";
import { db, readSharedOutsideTransaction, type Tx } from "./db";
import { serialiseAuditedChange } from "./db-dialect";
import type { OutboundPolicy } from "./http/outbound-address-policy";
import { jsonColumn, type JsonColumn } from "./json-column";
import { storedVocabulary } from "./stored-vocabulary";

// SSO Bridge's own settings, kept in the database so that every instance sees the same values and
// every change is audited.
export const settingsSchema = z.object({
  /** People of the tenant who were not added by an admin may sign in, as viewers. */
  selfSignUp: z.boolean(),
  /** SCIM endpoints outside AWS's hosts or on private networks, over http too, may be used: for labs and the demo's simulators */
  allowLabScimEndpoints: z.boolean(),
  /** Webhooks on private networks, over http too, may be used: for labs and the demo */
  allowLabWebhooks: z.boolean(),
  /** Audit events older than this many days are archived to a file and removed; null keeps them all */
  auditRetentionDays: z.number().int().min(30).max(3650).nullable(),
});

export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = { selfSignUp: true, allowLabScimEndpoints: false, allowLabWebhooks: false, auditRetentionDays: null };

// One Setting row per changed setting: its key, and its value as JSON.
const SETTING_KEYS = settingsSchema.keyof().options;
type SettingKey = keyof Settings;
const storedKey = storedVocabulary("Setting.key", SETTING_KEYS);
const valueSchemas: { [K in SettingKey]: z.ZodType<Settings[K]> } = settingsSchema.shape;
const storedValue = <K extends SettingKey>(key: K): JsonColumn<Settings[K]> => jsonColumn("Setting.value", valueSchemas[key]);

// Each setting belongs to one form of the Settings page; a change is audited under that form's name.
const CHANGED_AS: Record<SettingKey, AuditAction> = {
  selfSignUp: "settings.sign-in.update",
  allowLabScimEndpoints: "settings.lab-scim-endpoints.update",
  allowLabWebhooks: "settings.lab-webhooks.update",
  auditRetentionDays: "settings.audit-retention.update",
};

/** The settings that open outbound requests to private networks, with the names the Settings page shows for them. */
export const LAB_SETTINGS = {
  allowLabScimEndpoints: { label: "Allow lab SCIM endpoints" },
  allowLabWebhooks: { label: "Allow lab webhooks" },
} as const;
export type LabSetting = keyof typeof LAB_SETTINGS;

/** The outbound address policy for the URLs one lab setting governs. */
export function labPolicy(settings: Settings, setting: LabSetting): OutboundPolicy {
  return { allowPrivateNetworks: settings[setting], labSetting: LAB_SETTINGS[setting].label };
}

/** The lab settings that are on, for the banner every console page shows while one is. */
export async function labSettingsOn(): Promise<{ setting: LabSetting; label: string }[]> {
  const settings = await readSettings();
  return (Object.keys(LAB_SETTINGS) as LabSetting[]).filter((s) => settings[s]).map((setting) => ({ setting, label: LAB_SETTINGS[setting].label }));
}

/** The settings; outside a transaction, shared by the pages of the next second (lib/shared-reads.ts). */
export function readSettings(tx?: Tx): Promise<Settings> {
  return readSharedOutsideTransaction(tx, "settings", ["Setting"], readSettingRows);
}

async function readSettingRows(tx: Tx): Promise<Settings> {
  const rows = await tx.setting.findMany();
  const stored = Object.fromEntries(
    rows.map((r) => {
      const key = storedKey.read(r.key);
      return [key, storedValue(key).decode(r.value, key)];
    }),
  );
  return settingsSchema.parse({ ...defaultSettings, ...stored });
}

export async function updateSettings(change: Partial<Settings>, by: ChangedBy): Promise<Settings> {
  const patch = settingsSchema.partial().parse(change);
  return db().$transaction(async (tx) => {
    // Serialised with other audited writes so that "before" is what the change really replaces.
    await serialiseAuditedChange(tx);
    const before = await readSettings(tx);
    const after = { ...before, ...patch };
    const changed = SETTING_KEYS.filter((key) => patch[key] !== undefined && after[key] !== before[key]);
    for (const key of changed) {
      const value = storedValue(key).encode(after[key]);
      await tx.setting.upsert({
        where: { key },
        create: { key, value, updatedById: by.actor.id },
        update: { value, updatedById: by.actor.id },
      });
    }
    for (const action of new Set(changed.map((key) => CHANGED_AS[key]))) {
      const keys = changed.filter((key) => CHANGED_AS[key] === action);
      await recordAuditEvent(tx, {
        actor: by.actor,
        action,
        target: { type: "settings", id: "sso-bridge", label: "SSO Bridge settings" },
        outcome: "success",
        details: { before: pick(before, keys), after: pick(after, keys) },
        context: by.context,
      });
    }
    return after;
  });
}

function pick(s: Settings, keys: SettingKey[]) {
  return Object.fromEntries(keys.map((key) => [key, s[key]]));
}
