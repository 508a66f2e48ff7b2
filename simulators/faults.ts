// Fault injection shared by every simulated endpoint. Each server names its routes (for example
// "sso-admin:CreateAccountAssignment", "graph:GET /users", "scim:POST /Users") and asks, before
// answering, whether to misbehave; it then renders the fault in its own protocol's words.

export type FaultRule = {
  /** "*" or a route name; a trailing "*" matches a prefix ("graph:*") */
  route: string;
  /** share of requests answered with a server error (0..1) */
  errorRate?: number;
  /** share of requests answered as throttled (0..1) */
  throttleRate?: number;
  /** seconds the throttled answer asks the client to wait */
  retryAfterSeconds?: number;
  /** added delay for every matching request */
  latencyMs?: number;
  /** share of requests whose connection is dropped without an answer (0..1) */
  dropRate?: number;
  /**
   * share of requests carried out whose answer is then lost (0..1): the change is made, but the
   * client receives `lostAnswerAs` instead, as when a service fails after committing or a proxy
   * loses the response
   */
  lostAnswerRate?: number;
  /** what replaces a lost answer: a 500 (the default), a 503, or a connection dropped before any answer */
  lostAnswerAs?: LostAnswer;
  /** how many matching requests pass untouched before the rule applies: `skip: 2` starts with the third */
  skip?: number;
  /** how many requests the rule fails (error, throttle, drop or lost answer) before it lets every request through; unlimited when absent */
  times?: number;
  /**
   * a request rate the matching routes share, as a cloud's published limit: a token bucket; a
   * request finding it empty is throttled, asked to retry when a token is due
   */
  ratePerSecond?: number;
  /** how many requests the bucket holds, a burst allowed at once: one second's worth unless given (Graph counts over 10 s) */
  burst?: number;
};

export const LOST_ANSWERS = ["server-error", "unavailable", "drop"] as const;
export type LostAnswer = (typeof LOST_ANSWERS)[number];

export type FaultDecision =
  | { kind: "none" }
  | { kind: "error" }
  | { kind: "throttle"; retryAfterSeconds: number }
  | { kind: "drop" }
  /** carry the request out, then answer with `as` instead of its result */
  | { kind: "lost-answer"; as: LostAnswer };

function matches(rule: string, route: string): boolean {
  if (rule === "*") return true;
  return rule.endsWith("*") ? route.startsWith(rule.slice(0, -1)) : rule === route;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  /** the token bucket of each rule with a rate */
  private buckets = new Map<FaultRule, { tokens: number; at: number }>();

  constructor(
    rules: FaultRule[] = [],
    /** replaceable so tests can make the dice deterministic */
    private readonly random: () => number = Math.random,
  ) {
    this.set(rules);
  }

  set(rules: FaultRule[]): void {
    this.rules = rules.map((r) => ({ ...r }));
    this.buckets.clear();
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
    this.buckets.clear();
  }

  /** Waits for any configured latency, then says what to do with this request. */
  async decide(route: string): Promise<FaultDecision> {
    // A rule that has failed its `times` requests is spent, latency included.
    const applicable = this.rules.filter((r) => matches(r.route, route) && (r.times === undefined || r.times > 0));
    const latency = Math.max(0, ...applicable.map((r) => r.latencyMs ?? 0));
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    for (const r of applicable) {
      if (r.skip) {
        r.skip -= 1;
        continue;
      }
      const decision = this.roll(r);
      if (decision.kind === "none") continue;
      if (r.times !== undefined) r.times -= 1;
      return decision;
    }
    return { kind: "none" };
  }

  private roll(r: FaultRule): FaultDecision {
    if (r.ratePerSecond) {
      const wait = this.takeToken(r, r.ratePerSecond, r.burst ?? r.ratePerSecond);
      if (wait > 0) return { kind: "throttle", retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    }
    if (r.dropRate && this.random() < r.dropRate) return { kind: "drop" };
    if (r.throttleRate && this.random() < r.throttleRate) return { kind: "throttle", retryAfterSeconds: r.retryAfterSeconds ?? 1 };
    if (r.errorRate && this.random() < r.errorRate) return { kind: "error" };
    if (r.lostAnswerRate && this.random() < r.lostAnswerRate) return { kind: "lost-answer", as: r.lostAnswerAs ?? "server-error" };
    return { kind: "none" };
  }

  /** Takes a token from the rule's bucket; the milliseconds until one is due when it is empty. */
  private takeToken(r: FaultRule, rate: number, capacity: number): number {
    const now = performance.now();
    const bucket = this.buckets.get(r) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) * rate) / 1000);
    bucket.at = now;
    this.buckets.set(r, bucket);
    if (bucket.tokens < 1) return ((1 - bucket.tokens) * 1000) / rate;
    bucket.tokens -= 1;
    return 0;
  }
}

/** Parses `--faults` / SIM_FAULTS JSON: an array of rules. */
export function parseFaultRules(text: string | undefined): FaultRule[] {
  if (!text) return [];
  const parsed = JSON.parse(text) as unknown;
  if (!Array.isArray(parsed))
    throw new Error(
      "fault rules must be a JSON array of {route, errorRate?, throttleRate?, retryAfterSeconds?, latencyMs?, dropRate?, lostAnswerRate?, lostAnswerAs?, skip?, times?, ratePerSecond?, burst?}",
    );
  for (const rule of parsed as FaultRule[]) checkLostAnswer(rule);
  return parsed as FaultRule[];
}

/** A misspelt `lostAnswerAs` would otherwise fall back to a 500 unnoticed. */
export function checkLostAnswer(rule: FaultRule): void {
  if (rule.lostAnswerAs !== undefined && !(LOST_ANSWERS as readonly unknown[]).includes(rule.lostAnswerAs))
    throw new Error(`lostAnswerAs must be one of ${LOST_ANSWERS.join(", ")}, not ${JSON.stringify(rule.lostAnswerAs)}`);
}
