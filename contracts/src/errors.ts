/**
 * The one catalogue of error codes the format engines return. Engines never throw for bad input: they return
 * a {@link ContractError} value; the registry maps each code to its Confluent error code (see
 * `@charter/registry` `errors.ts`).
 */
export type ContractErrorCode =
  /** Text is not well-formed (JSON syntax, proto syntax, YAML syntax). Registry: 42201. */
  | "SCHEMA_SYNTAX"
  /** Well-formed text that breaks the format's rules (bad name, default of the wrong type …). Registry: 42201. */
  | "SCHEMA_INVALID"
  /** Nesting deeper than the configured limit (default 256). Registry: 42201. */
  | "SCHEMA_TOO_DEEP"
  /** A named type, import or `$ref` that no reference provides. Registry: 42201. */
  | "REFERENCE_UNRESOLVED"
  /** A feature the engine does not support yet (says which). Registry: 42201. */
  | "UNSUPPORTED"
  /** A payload does not match its schema (validation, serialization). */
  | "PAYLOAD_INVALID"
  /** Bytes that are not in the Confluent wire format (bad magic byte, too short). */
  | "WIRE_FORMAT_INVALID";

/**
 * An error as a value. `path` is a JSON Pointer into the schema (or payload) where that makes sense; `line` and
 * `column` are 1-based positions in the text when the parser knows them.
 */
export interface ContractError {
  readonly code: ContractErrorCode;
  readonly message: string;
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
}

/** Result of an operation that can fail with a {@link ContractError}. Switch on `ok`. */
export type Result<T, E = ContractError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

/** Builds a successful {@link Result}. */
export function ok<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** Builds a failed {@link Result} from a code, message and optional location. */
export function fail(
  code: ContractErrorCode,
  message: string,
  location: { path?: string; line?: number; column?: number } = {},
): { readonly ok: false; readonly error: ContractError } {
  return { ok: false, error: { code, message, ...location } };
}

/**
 * Thrown only inside an engine to unwind a deep recursive parse; every public entry point catches it and
 * returns its `error` as a value. Never escapes `@charter/contracts`.
 */
export class ContractFailure extends Error {
  readonly error: ContractError;
  constructor(error: ContractError) {
    super(error.message);
    this.error = error;
  }
}
