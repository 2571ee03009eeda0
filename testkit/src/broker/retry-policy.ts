/**
 * Redelivery policy for messages whose handler throws (`createBroker({ retry })`). Spring Kafka's
 * `DefaultErrorHandler` with an `ExponentialBackOff`: the message is redelivered after
 * `initialBackoffMs × multiplier^(n−1)` ms (capped at `maxBackoffMs`) for the n-th retry, and after
 * `maxAttempts` deliveries in all it is dead-lettered.
 */
export interface RetryPolicy {
  /** Deliveries in all, the first included (Spring `@RetryableTopic(attempts)` counts the same way). ≥ 1. */
  readonly maxAttempts: number;
  /** Wait before the first redelivery, in ms. Default 0. */
  readonly initialBackoffMs?: number;
  /** Factor applied to the wait at each further redelivery. Default 2. */
  readonly multiplier?: number;
  /** Upper bound of one wait, in ms. Default 30 000 (Spring's `ExponentialBackOff.DEFAULT_MAX_INTERVAL`). */
  readonly maxBackoffMs?: number;
}

/**
 * The wait before the delivery that follows `failedAttempts` failed ones, in ms (`failedAttempts` ≥ 1).
 * Throws `RangeError` for a policy with `maxAttempts` < 1 or a negative backoff or multiplier.
 */
export function backoffMs(policy: RetryPolicy, failedAttempts: number): number {
  const initial = policy.initialBackoffMs ?? 0;
  const multiplier = policy.multiplier ?? 2;
  const max = policy.maxBackoffMs ?? 30_000;
  return Math.min(max, initial * Math.pow(multiplier, Math.max(0, failedAttempts - 1)));
}

/** Checks a policy's numbers; throws `RangeError` naming the bad field. */
export function checkRetryPolicy(policy: RetryPolicy): void {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer ≥ 1 (deliveries in all, the first included); got ${policy.maxAttempts}`);
  }
  for (const field of ["initialBackoffMs", "multiplier", "maxBackoffMs"] as const) {
    const v = policy[field];
    if (v !== undefined && !(Number.isFinite(v) && v >= 0)) throw new RangeError(`retry.${field} must be a finite number ≥ 0; got ${v}`);
  }
}
