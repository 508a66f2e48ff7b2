import { GraphError } from "@microsoft/microsoft-graph-client";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { retryAfterMs } from "@/lib/http/retry-after";
import { GRAPH_RETRY_POLICY } from "./graph-transport";
import { parseGraph } from "./graph-read";
import type { GraphSession } from "./graph-session";

// Many small collections (each group's members) read through JSON $batch, twenty requests to a
// round trip, each collection followed to its last page. Graph throttles and answers each step on
// its own: a throttled or briefly unavailable step is asked again after the wait it names, while
// the rest of its batch stands, within the retry policy of every other Graph read.

/** Graph's limit on requests in one $batch. */
export const BATCH_LIMIT = 20;
const RETRYABLE = new Set([429, 503, 504]);

/** One collection to read: `key` names it to the caller, `path` is its first page relative to the version ("/groups/{id}/members?..."). */
export type Listing = { key: string; path: string };

export type BatchedListingHandlers<T> = {
  /** awaited before each round trip with the number of requests it carries (a budget) */
  beforeRequest: (requests: number) => Promise<void>;
  /** each page of a listing; `last` on its final page, when it may ask for more listings to read */
  onPage: (key: string, items: T[], last: boolean) => Listing[] | void;
  /** a listing whose resource Graph no longer has (404): deleted since it was listed */
  onGone: (key: string) => void;
};

type Step = { listing: Listing; path: string; tries: number; waitedMs: number };

/** One request of a $batch, its url relative to the version; a body is sent as JSON. */
export type BatchRequest = { method: "GET" | "POST" | "PATCH" | "DELETE"; url: string; body?: unknown };
/** Graph's answer to one request of a $batch. */
export type StepAnswer = { status: number; headers: Headers; body: unknown };

/** One round trip: up to BATCH_LIMIT requests, answered each on its own, in the order asked. */
export async function sendBatch(session: GraphSession, requests: BatchRequest[], what: string): Promise<StepAnswer[]> {
  const body = (await session.client.api("/$batch").post({
    requests: requests.map((r, i) => ({
      id: String(i),
      method: r.method,
      url: r.url,
      ...(r.body === undefined ? {} : { body: r.body, headers: { "Content-Type": "application/json" } }),
    })),
  })) as { responses?: unknown };
  if (!Array.isArray(body?.responses)) throw new AppError("CloudRejected", `Microsoft Graph answered a batch of ${what} in an unexpected form.`);
  const answers = new Map((body.responses as RawAnswer[]).map((r) => [String(r.id), r]));
  return requests.map((_, i) => {
    const answer = answers.get(String(i));
    return { status: typeof answer?.status === "number" ? answer.status : 0, headers: headersOf(answer), body: answer?.body };
  });
}

/** How long to wait before asking a step again, or null when it must not be asked again: not retryable, or out of tries or time. */
export function stepRetryDelayMs(answer: StepAnswer, tries: number, waitedMs: number): number | null {
  const delayMs = retryAfterMs(answer.headers, { fallbackMs: GRAPH_RETRY_POLICY.fallbackDelayMs * 2 ** tries });
  const retry = RETRYABLE.has(answer.status) && tries < GRAPH_RETRY_POLICY.maxRetries && waitedMs + delayMs <= GRAPH_RETRY_POLICY.maxTotalWaitMs;
  return retry ? delayMs : null;
}

export async function readListingsInBatches<S extends z.ZodType>(
  session: GraphSession,
  listings: Iterable<Listing>,
  item: S,
  what: string,
  handlers: BatchedListingHandlers<z.output<S>>,
): Promise<void> {
  const pending = listings[Symbol.iterator]();
  const queue: Step[] = [];
  const refill = () => {
    while (queue.length < BATCH_LIMIT) {
      const next = pending.next();
      if (next.done) return;
      queue.push({ listing: next.value, path: next.value.path, tries: 0, waitedMs: 0 });
    }
  };
  for (refill(); queue.length > 0; refill()) {
    const steps = queue.splice(0, BATCH_LIMIT);
    await handlers.beforeRequest(steps.length);
    const answers = await sendBatch(
      session,
      steps.map((s) => ({ method: "GET", url: s.path })),
      what,
    );
    let waitMs = 0;
    const again: Step[] = [];
    steps.forEach((step, i) => {
      const answer = answers[i] as StepAnswer;
      if (answer.status === 200) {
        const page = answer.body as { value?: unknown; "@odata.nextLink"?: unknown } | undefined;
        if (!Array.isArray(page?.value)) throw new AppError("CloudRejected", `Microsoft Graph answered with ${what} in an unexpected form.`);
        const items = page.value.map((entry) => parseGraph(item, entry, what));
        const next = typeof page["@odata.nextLink"] === "string" ? relativeToVersion(page["@odata.nextLink"]) : null;
        const more = handlers.onPage(step.listing.key, items, next === null);
        if (next !== null) queue.push({ listing: step.listing, path: next, tries: 0, waitedMs: 0 });
        for (const listing of more ?? []) queue.push({ listing, path: listing.path, tries: 0, waitedMs: 0 });
      } else if (answer.status === 404) {
        handlers.onGone(step.listing.key);
      } else {
        const delayMs = stepRetryDelayMs(answer, step.tries, step.waitedMs);
        if (delayMs === null) throw stepError(answer);
        again.push({ ...step, tries: step.tries + 1, waitedMs: step.waitedMs + delayMs });
        waitMs = Math.max(waitMs, delayMs);
      }
    });
    // Asked again first, so a throttled listing is not overtaken by the rest.
    queue.unshift(...again);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
  }
}

type RawAnswer = { id?: unknown; status?: unknown; headers?: unknown; body?: unknown };

/** A nextLink inside a batch must be asked as a path relative to the version: Graph refuses absolute step URLs. */
function relativeToVersion(link: string): string {
  const url = new URL(link);
  return `${url.pathname.replace(/^\/(v1\.0|beta)(?=\/)/, "")}${url.search}`;
}

function headersOf(answer: RawAnswer | undefined): Headers {
  const headers = new Headers();
  if (answer?.headers && typeof answer.headers === "object")
    for (const [k, v] of Object.entries(answer.headers as Record<string, unknown>)) if (typeof v === "string") headers.set(k, v);
  return headers;
}

/** A failed step as the Graph client would have raised it on its own, so graphError() explains it the same way. */
export function stepError(answer: StepAnswer): GraphError {
  const error = (answer.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const e = new GraphError(
    answer.status,
    typeof error?.message === "string" ? error.message : `Microsoft Graph answered a batch step with HTTP ${answer.status}.`,
  );
  if (typeof error?.code === "string") e.code = error.code;
  e.headers = answer.headers;
  return e;
}
