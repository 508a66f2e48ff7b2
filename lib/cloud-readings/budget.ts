import { cloudBudgetShare } from "../config";
import { db, isUniqueViolation, type Db } from "../db";
import { AppError } from "../errors";

// What SSO Bridge may ask of each cloud, shared by every instance through the database: a token
// bucket per cloud, tenant and budget class, filled at the configured share of the published limit.
// Ten instances together take from one bucket, so together they stay within it, and the rest of
// the limit is left to other tools on the same app registration or account.

export type BudgetClass = {
  name: string;
  /** the published limit: `requests` (or resource units) per `perMs` */
  requests: number;
  perMs: number;
  /** where the limit is published, for the benchmark's report and the README */
  source: string;
};

export const BUDGETS = {
  // learn.microsoft.com/graph/throttling-limits: reports, auditLogs/provisioning among them, allow 5 requests per 10 s per app and tenant.
  graphReports: { name: "graph-reports", requests: 5, perMs: 10_000, source: "Microsoft Graph reports: 5 requests per 10 s per app and tenant" },
  // Identity and access requests: 3,500 resource units per 10 s per app and tenant for the smallest tenants.
  graphDirectory: {
    name: "graph-directory",
    requests: 3_500,
    perMs: 10_000,
    source: "Microsoft Graph identity and access: 3,500 resource units per 10 s per app and tenant (small tenants)",
  },
  // IAM Identity Center's APIs share about 20 requests a second per account.
  awsIdentityCenter: { name: "aws-identity-center", requests: 20, perMs: 1_000, source: "IAM Identity Center APIs: about 20 requests per second, shared" },
  // Organizations publishes no per-API rate; it throttles bursts. A few requests a second is what its guides use.
  awsOrganizations: { name: "aws-organizations", requests: 5, perMs: 1_000, source: "AWS Organizations: throttles bursts; 5 requests per second assumed" },
} as const satisfies Record<string, BudgetClass>;

export type BudgetKey = { budget: BudgetClass; tenant: string };

export const budgetKey = ({ budget, tenant }: BudgetKey) => `${budget.name}:${tenant}`;

/** The bucket's size and refill: the configured share of the published limit, so a burst never exceeds it either. */
export function bucketOf(budget: BudgetClass, share = cloudBudgetShare()): { capacity: number; perMs: number } {
  // A bucket must hold one whole request; its refill stays at the share, so a small share is kept over time.
  return { capacity: Math.max(budget.requests * share, 1), perMs: (budget.requests * share) / budget.perMs };
}

export type Grant = { granted: true } | { granted: false; retryInMs: number };

const CONTENDED_TRIES = 20;

/**
 * Takes `cost` tokens from the bucket if it holds them. A compare-and-set on the row, so concurrent
 * takers on any number of instances never spend the same token twice; a taker that loses the race
 * reads again.
 */
export async function takeTokens(key: BudgetKey, cost = 1, now = new Date(), client: Db = db()): Promise<Grant> {
  const id = budgetKey(key);
  const { capacity, perMs } = bucketOf(key.budget);
  if (cost > capacity) throw new AppError("InvalidInput", `a request costing ${cost} can never fit the ${key.budget.name} budget of ${capacity}`);
  for (let i = 0; i < CONTENDED_TRIES; i++) {
    const row = await client.cloudBudget.findUnique({ where: { key: id } });
    if (!row) {
      try {
        await client.cloudBudget.create({ data: { key: id, tokens: capacity - cost, updatedAt: now } });
        return { granted: true };
      } catch (e) {
        if (isUniqueViolation(e)) continue;
        throw e;
      }
    }
    // A clock behind the last taker's adds nothing rather than taking tokens back.
    const at = Math.max(now.getTime(), row.updatedAt.getTime());
    const tokens = Math.min(capacity, row.tokens + (at - row.updatedAt.getTime()) * perMs);
    if (tokens < cost) return { granted: false, retryInMs: Math.ceil((cost - tokens) / perMs) };
    const { count } = await client.cloudBudget.updateMany({
      where: { key: id, tokens: row.tokens, updatedAt: row.updatedAt },
      data: { tokens: tokens - cost, updatedAt: new Date(at) },
    });
    if (count === 1) return { granted: true };
  }
  // Lost every race: as good as throttled, and the caller waits like it.
  return { granted: false, retryInMs: 100 };
}

/**
 * Waits for `cost` tokens, up to `maxWaitMs`; a background reader's way to stay within budget.
 * Past the wait it is throttled here, before the cloud would have to say so.
 */
export async function spend(key: BudgetKey, cost = 1, maxWaitMs = 30_000): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const grant = await takeTokens(key, cost);
    if (grant.granted) return;
    const wait = Math.min(grant.retryInMs, deadline - Date.now());
    if (wait <= 0) {
      throw new AppError("Throttled", `SSO Bridge's share of the ${key.budget.source.split(":")[0]} budget is spent; it reads again shortly.`);
    }
    await new Promise((r) => setTimeout(r, wait));
  }
}
