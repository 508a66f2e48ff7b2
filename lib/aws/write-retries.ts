import { StandardRetryStrategy } from "@smithy/core/retry";
import type { Provider, RetryErrorInfo, RetryStrategyV2, StandardRetryToken } from "@smithy/types";

// The SDK's standard retries repeat any call after a 5xx, a timeout or a dropped connection. For a
// write that is a blind repeat: AWS may have carried out the first attempt and only its answer was
// lost, and then the repeat meets ConflictException (a create) or acts twice. Throttling is the one
// failure AWS answers before acting, so writes are retried on that alone, with the standard
// backoff, Retry-After and attempt count (AWS_MAX_ATTEMPTS or the profile's max_attempts, as the
// read clients have them); anything else reaches the caller, which can look at what AWS now holds.

export class ThrottlingOnlyRetryStrategy implements RetryStrategyV2 {
  readonly mode = "standard";
  private readonly standard: StandardRetryStrategy;

  constructor(maxAttempts: Provider<number>) {
    this.standard = new StandardRetryStrategy(maxAttempts);
  }

  acquireInitialRetryToken(scope: string): Promise<StandardRetryToken> {
    return this.standard.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: StandardRetryToken, info: RetryErrorInfo): Promise<StandardRetryToken> {
    // The SDK classifies 429 and the throttling error codes (ThrottlingException, TooManyRequestsException,
    // RequestLimitExceeded…) as THROTTLING; 5xx, timeouts and dropped connections are TRANSIENT or SERVER_ERROR.
    if (info.errorType !== "THROTTLING") return Promise.reject(new Error("a write is retried only when AWS throttled it"));
    return this.standard.refreshRetryTokenForRetry(token, info);
  }

  recordSuccess(token: StandardRetryToken): void {
    this.standard.recordSuccess(token);
  }
}
