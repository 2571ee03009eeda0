/**
 * Errors the generated client throws or reports, one class per kind, each with a stable `code`. Part of the
 * runtime that `charter codegen` copies into every generated package (`src/runtime/`).
 */

/** Stable codes of {@link MessagingError}. */
export type MessagingErrorCode =
  /** A payload, key or header value does not match its schema (`issues` say where). Nothing was sent. */
  | "PAYLOAD_INVALID"
  /** Bytes that are not in the expected encoding (Confluent wire format, Avro, Protobuf, JSON). */
  | "WIRE_FORMAT_INVALID"
  /** A schema id or version the client does not know and cannot decode. */
  | "SCHEMA_UNKNOWN"
  /** The schema registry refused a request or could not be reached. */
  | "REGISTRY_ERROR"
  /** An upcaster step of the message history has not been written yet (a generated stub). */
  | "UPCASTER_NOT_IMPLEMENTED"
  /** A request got no reply in time. */
  | "REPLY_TIMEOUT"
  /** A channel parameter is missing or its value cannot be placed in an address. */
  | "PARAMETER_INVALID";

/** One reason a value does not match its schema: `path` is a JSON Pointer into the value (`""` = the root). */
export interface PayloadIssue {
  readonly path: string;
  readonly message: string;
}

/** Base class of every error of the generated client. */
export class MessagingError extends Error {
  readonly code: MessagingErrorCode;
  constructor(code: MessagingErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MessagingError";
    this.code = code;
  }
}

/**
 * A value that does not match its schema. `message` names the message, the part (payload, key, headers) and
 * the first path; `issues` lists every problem found.
 */
export class PayloadValidationError extends MessagingError {
  /** The contract's message name, e.g. `OrderCreated`. */
  readonly messageName: string;
  readonly part: "payload" | "key" | "headers";
  readonly issues: readonly PayloadIssue[];
  /** JSON Pointer of the first issue. */
  readonly path: string;
  constructor(messageName: string, part: "payload" | "key" | "headers", issues: readonly PayloadIssue[]) {
    const first = issues[0] ?? { path: "", message: "is invalid" };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
    super("PAYLOAD_INVALID", `${messageName} ${part} is invalid at ${first.path === "" ? "/" : first.path}: ${first.message}${more}`);
    this.name = "PayloadValidationError";
    this.messageName = messageName;
    this.part = part;
    this.issues = issues;
    this.path = first.path;
  }
}

/** Thrown by a generated upcaster stub until someone writes the step. */
export class UpcasterNotImplementedError extends MessagingError {
  readonly messageName: string;
  readonly from: number;
  readonly to: number;
  constructor(messageName: string, from: number, to: number, reason: string) {
    super("UPCASTER_NOT_IMPLEMENTED", `${messageName} v${from} → v${to} needs a hand-written upcaster: ${reason}`);
    this.name = "UpcasterNotImplementedError";
    this.messageName = messageName;
    this.from = from;
    this.to = to;
  }
}

/** The text of an unknown thrown value. */
export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
