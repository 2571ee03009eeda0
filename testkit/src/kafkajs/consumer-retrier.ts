import type { RetryOptions } from "kafkajs";
import { KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded } from "./kafkajs-runtime.js";

/** kafkajs's retry defaults (`src/retry/defaults.js`): 5 retries from 300 ms, ×2 each, ±20 %, at most 30 s. */
export const KAFKAJS_RETRY_DEFAULTS = { maxRetryTime: 30_000, initialRetryTime: 300, factor: 0.2, multiplier: 2, retries: 5 } as const;

/** kafkajs `src/retry/index.js`: these error names are never retried, whatever their `retriable` says. */
const UNRECOVERABLE_ERRORS = ["RangeError", "ReferenceError", "SyntaxError", "TypeError"];

/** kafkajs's runtime constructor takes `(e, { cause })`; its typings declare only `(e)`. */
const NonRetriableError = KafkaJSNonRetriableError as unknown as new (e: Error, options: { cause: unknown }) => InstanceType<typeof KafkaJSNonRetriableError>;

/** What a consumer does after its handler threw (see {@link ConsumerRetrier.onFailure}). */
export type RetryDecision =
  /** Fetch again (from the failed message on) after `waitMs`. */
  | { readonly action: "retry"; readonly waitMs: number; readonly retryCount: number }
  /** Give up: the consumer crashes with `error` (kafkajs's wrapped error), `restartable` when kafkajs may restart it. */
  | { readonly action: "crash"; readonly error: Error; readonly restartable: boolean };

/**
 * kafkajs's retrier around a consumer's fetch loop (`Runner#scheduleFetchManager` with `createRetry(retry)`):
 * a handler that throws a retriable error is fetched again after `retryTime` — the first wait
 * `initialRetryTime ± factor`, each next one `min((prev ± factor) × multiplier, maxRetryTime)` — until
 * `retries` retries are spent, when the consumer crashes with `KafkaJSNumberOfRetriesExceeded` (restartable).
 * A non-retriable error (`retriable: false`, or a `TypeError`, `RangeError`, `ReferenceError`, `SyntaxError`)
 * crashes at once with `KafkaJSNonRetriableError`, which kafkajs does not restart. The budget is shared by every
 * failure since the consumer (re)joined, as kafkajs's retrier wraps the whole fetch loop; {@link reset} starts
 * it over (a rejoin after a rebalance, or a restart).
 */
export class ConsumerRetrier {
  private readonly retries: number;
  private readonly initialRetryTime: number;
  private readonly factor: number;
  private readonly multiplier: number;
  private readonly maxRetryTime: number;
  private retryCount = 0;
  private retryTime = 0;

  constructor(
    options: RetryOptions = {},
    /** `Math.random` unless a test pins it. */
    private readonly random: () => number = Math.random,
  ) {
    this.retries = options.retries ?? KAFKAJS_RETRY_DEFAULTS.retries;
    this.initialRetryTime = options.initialRetryTime ?? KAFKAJS_RETRY_DEFAULTS.initialRetryTime;
    this.factor = options.factor ?? KAFKAJS_RETRY_DEFAULTS.factor;
    this.multiplier = options.multiplier ?? KAFKAJS_RETRY_DEFAULTS.multiplier;
    this.maxRetryTime = options.maxRetryTime ?? KAFKAJS_RETRY_DEFAULTS.maxRetryTime;
    this.reset();
  }

  /** Starts a new budget, as each `scheduleFetchManager` call starts a new kafkajs retrier. */
  reset(): void {
    this.retryCount = 0;
    this.retryTime = this.randomized(this.initialRetryTime);
  }

  /**
   * The next step after `error` came out of `eachMessage` / `eachBatch`: kafkajs's `createRetriable` —
   * `retry(retryTime, retryCount)` schedules the next attempt after `retryTime` while `retryCount < retries`.
   */
  onFailure(error: unknown): RetryDecision {
    const e = error instanceof Error ? error : new Error(String(error));
    if (!isRetriable(e)) {
      const cause = (e as { cause?: unknown }).cause ?? e;
      return { action: "crash", error: new NonRetriableError(e, { cause }), restartable: false };
    }
    if (this.retryCount >= this.retries) {
      const exceeded = new KafkaJSNumberOfRetriesExceeded(e, { retryCount: this.retryCount, retryTime: this.retryTime });
      return { action: "crash", error: exceeded, restartable: true };
    }
    const waitMs = this.retryTime;
    this.retryCount++;
    this.retryTime = Math.min(this.randomized(this.retryTime) * this.multiplier, this.maxRetryTime);
    return { action: "retry", waitMs, retryCount: this.retryCount };
  }

  /** kafkajs `randomFromRetryTime`: `ceil(uniform(t − factor·t, t + factor·t))`. */
  private randomized(retryTime: number): number {
    const delta = this.factor * retryTime;
    return Math.ceil(this.random() * 2 * delta + retryTime - delta);
  }
}

/** kafkajs `isErrorRetriable`: anything not marked `retriable: false` and not an unrecoverable JavaScript error. */
export function isRetriable(error: Error): boolean {
  return (error as { retriable?: unknown }).retriable !== false && !UNRECOVERABLE_ERRORS.includes(error.name);
}

/**
 * kafkajs `consumer/index.js#onCrash`: a crash restarts the consumer when the error is
 * `KafkaJSNumberOfRetriesExceeded` or its original cause is `retriable: true`, unless `retry.restartOnFailure`
 * resolves to false (a `restartOnFailure` that rejects counts as true, as kafkajs logs and restarts).
 */
export async function shouldRestart(
  error: Error,
  restartable: boolean,
  restartOnFailure: ((e: Error) => Promise<boolean>) | undefined,
  onCallbackError: (e: unknown) => void,
): Promise<boolean> {
  if (!restartable && originalCause(error).retriable !== true) return false;
  if (!restartOnFailure) return true;
  try {
    return await restartOnFailure(error);
  } catch (e) {
    onCallbackError(e);
    return true;
  }
}

function originalCause(error: Error): { retriable?: unknown } {
  let e: unknown = error;
  while (e instanceof Error && e.cause) e = e.cause;
  return (e ?? {}) as { retriable?: unknown };
}
