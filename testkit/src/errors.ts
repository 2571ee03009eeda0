/**
 * The one catalogue of `@charter/testkit` error codes. Every error the testkit throws is a
 * {@link TestkitError} with one of these codes and a message that says what to do.
 */
export type TestkitErrorCode =
  /** A send failed because a test injected the failure (`broker.faults.failNextSends`). */
  | "INJECTED_SEND_FAILURE"
  /** A produced key or value broke the contract bound to its topic; nothing was stored. */
  | "CONTRACT_VIOLATION"
  /** A contract could not be loaded (file unreadable, registry unreachable, subject unknown, schema invalid). */
  | "CONTRACT_UNAVAILABLE"
  /** A record names a partition the topic does not have. */
  | "INVALID_PARTITION"
  /** A topic operation on a topic that does not exist (auto-creation off, or admin calls). */
  | "UNKNOWN_TOPIC"
  /** Bad arguments to a testkit call (says which). */
  | "INVALID_ARGUMENT"
  /** `waitForIdle` gave up: a message keeps failing (no retry policy) or never gets resolved. */
  | "CONSUMER_STUCK"
  /** `waitForIdle` gave up after its `timeoutMs` of wall time. */
  | "IDLE_TIMEOUT"
  /** A consumer crashed because a test injected it (`broker.faults.crashConsumer`). */
  | "INJECTED_CONSUMER_CRASH"
  /** Provider verification found messages that do not match the pact or the contract. */
  | "VERIFICATION_FAILED";

/** The message of a thrown value: an `Error`'s `message`, anything else as text. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** An error with a stable {@link TestkitErrorCode}. `details` carries machine-readable context. */
export class TestkitError extends Error {
  readonly code: TestkitErrorCode;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: TestkitErrorCode, message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "TestkitError";
    this.code = code;
    this.details = details;
  }
}
