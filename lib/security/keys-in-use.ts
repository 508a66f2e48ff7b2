import { auditKeysInUse, type KeyUse } from "../audit/audit-keys";
import type { AnchorPlace } from "../audit/anchors";
import type { Db } from "../db";
import { encryptedValues } from "./encrypted-values";
import type { KeyRing } from "./key-ring";

// Which keys of SSO_BRIDGE_ENCRYPTION_KEY what is stored still needs, and what needs each: the
// encrypted values, and what verifying the audit history needs. A key nothing needs can be dropped.

export async function keysInUse(client: Db, place: AnchorPlace): Promise<KeyUse[]> {
  const values = await encryptedValues(client);
  const byValue = values.filter((v) => v.keyId !== null).map((v) => ({ keyId: v.keyId!, by: v.name }));
  return [...byValue, ...(await auditKeysInUse(client, place))];
}

/** One line per key the ring lacks, naming what needs it and how to fix it; empty when the ring holds every key needed. */
export function missingKeyProblems(uses: KeyUse[], ring: KeyRing): string[] {
  const missing = new Map<string, string[]>();
  for (const u of uses) if (!ring.byId.has(u.keyId)) missing.set(u.keyId, [...(missing.get(u.keyId) ?? []), u.by]);
  return [...missing].map(
    ([keyId, by]) =>
      `SSO_BRIDGE_ENCRYPTION_KEY lacks key "${keyId}", which ${listed(by)} still need${by.length === 1 ? "s" : ""}: ` +
      "list it after the new key (SSO_BRIDGE_ENCRYPTION_KEY=<new>,<old>), then run `npm run cli -- keys rotate` so that nothing needs it any more",
  );
}

/** The keys of the ring other than the first that nothing stored needs any more. */
export function retiredKeys(uses: KeyUse[], ring: KeyRing): string[] {
  const needed = new Set(uses.map((u) => u.keyId));
  return [...ring.byId.keys()].filter((id) => id !== ring.active.id && !needed.has(id));
}

function listed(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
