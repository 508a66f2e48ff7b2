import crypto from "node:crypto";

export const GENESIS_HASH = "0".repeat(64);

export type HashedFields = {
  id: string;
  occurredAt: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string | null;
  outcome: string;
  details: string;
  requestId: string | null;
  ipAddress: string | null;
  userAgent: string | null;
  prevHash: string;
};

// A fixed field order (not object key order) makes the hash independent of how a row was loaded.
const ORDER: (keyof HashedFields)[] = [
  "id", "occurredAt", "actorType", "actorId", "actorLabel", "action", "targetType", "targetId",
  "targetLabel", "outcome", "details", "requestId", "ipAddress", "userAgent", "prevHash",
];

export function eventHash(e: HashedFields): string {
  const values = ORDER.map((k) => {
    const v = e[k];
    return v instanceof Date ? v.toISOString() : v;
  });
  return crypto.createHash("sha256").update(JSON.stringify(values)).digest("hex");
}
