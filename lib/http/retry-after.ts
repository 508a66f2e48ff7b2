// Retry-After (RFC 9110 §10.2.3) is either whole seconds or an HTTP date. Each caller knows how long
// it can afford to wait and what to do without the header, so both come from the caller.

export type RetryAfterOptions = {
  /** the wait when the header is absent or unreadable */
  fallbackMs: number;
  /** the longest wait the caller accepts, whatever the server asked for */
  maxMs?: number;
  now?: number;
};

/** How long the answer asks the caller to wait, in whole milliseconds; a date in the past means now. */
export function retryAfterMs(headers: Headers | null | undefined, options: RetryAfterOptions): number {
  const asked = parseRetryAfter(headers?.get("retry-after") ?? null, options.now ?? Date.now());
  return Math.min(asked ?? options.fallbackMs, options.maxMs ?? Number.POSITIVE_INFINITY);
}

function parseRetryAfter(value: string | null, now: number): number | null {
  const header = value?.trim();
  if (!header) return null;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  // Every HTTP date form starts with the day's name; this keeps Date.parse from reading "1.5" as a date.
  if (!/^[a-z]{3}/i.test(header)) return null;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}
