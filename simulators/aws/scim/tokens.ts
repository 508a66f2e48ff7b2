import crypto from "node:crypto";
import type { AwsWorld, ScimToken } from "../world";

// SCIM bearer tokens as the IAM Identity Center console issues them: opaque, valid for a year by
// default, and at most two per instance (the console refuses a third until one is deleted, which
// is what makes zero-downtime rotation a two-step affair).

export const MAX_SCIM_TOKENS = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

export class ScimTokenLimitError extends Error {
  constructor() {
    super(`An IAM Identity Center instance can have at most ${MAX_SCIM_TOKENS} SCIM access tokens; delete one before generating another.`);
  }
}

export function issueScimToken(world: AwsWorld, opts: { expiresInDays?: number; now?: Date } = {}): ScimToken {
  // Expired tokens still occupy a slot until deleted, as in the console.
  if (world.scim.tokens.length >= MAX_SCIM_TOKENS) throw new ScimTokenLimitError();
  const now = opts.now ?? new Date();
  const token: ScimToken = {
    id: crypto.randomUUID(),
    token: crypto.randomBytes(96).toString("base64"),
    createdAt: now,
    expiresAt: new Date(now.getTime() + (opts.expiresInDays ?? 365) * DAY_MS),
  };
  world.scim.tokens.push(token);
  return token;
}

export function revokeScimToken(world: AwsWorld, tokenId: string): void {
  const index = world.scim.tokens.findIndex((t) => t.id === tokenId);
  if (index < 0) throw new Error(`No SCIM access token with id ${tokenId}`);
  world.scim.tokens.splice(index, 1);
}

export function findValidToken(world: AwsWorld, bearer: string, now: Date = new Date()): ScimToken | undefined {
  const presented = Buffer.from(bearer);
  return world.scim.tokens.find((t) => {
    const expected = Buffer.from(t.token);
    // Compare in constant time so the simulator does not teach clients to rely on a timing leak.
    return expected.length === presented.length && crypto.timingSafeEqual(expected, presented) && t.expiresAt.getTime() > now.getTime();
  });
}
