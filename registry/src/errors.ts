import type { ContractError, Result } from "@charter/contracts/core";

/**
 * The one error catalogue of the registry. Every failure a client can see is a {@link RegistryError}: an HTTP
 * status plus Confluent's `error_code` and a message, sent as `{error_code, message}`.
 * Source: Confluent `rest/exceptions/Errors.java` and rest-utils' exception mappers (see
 * /work/shared/notes/peer-registries.md §1.2).
 */
export interface RegistryError {
  /** HTTP status code. */
  readonly status: number;
  /** Confluent's numeric error code, sent as `error_code`. */
  readonly errorCode: number;
  readonly message: string;
}

/** The JSON body of an error response, as Confluent's `ErrorMessage` entity spells it. */
export interface ErrorBody {
  readonly error_code: number;
  readonly message: string;
}

/** Result of a registry operation: a value, or a {@link RegistryError} to send as is. */
export type Outcome<T> = Result<T, RegistryError>;

function error(status: number, errorCode: number, message: string): RegistryError {
  return { status, errorCode, message };
}

/** A user-supplied value for an error message: JSON, cut to 100 characters (the value may be huge). */
function shown(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined; // cyclic or too deep: cannot come from a parsed request body, but never a 500
  }
  if (text === undefined) return "nothing";
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}

/** Wraps a {@link RegistryError} as a failed {@link Outcome}. */
export function failure(e: RegistryError): { readonly ok: false; readonly error: RegistryError } {
  return { ok: false, error: e };
}

/** Wraps a value as a successful {@link Outcome}. */
export function success<T>(value: T): { readonly ok: true; readonly value: T } {
  return { ok: true, value };
}

/** The body sent for `e`. */
export function errorBody(e: RegistryError): ErrorBody {
  return { error_code: e.errorCode, message: e.message };
}

/** Constructors for every error the registry answers with, named after Confluent's `Errors.java`. */
export const Errors = {
  /** 404 / 40401. */
  subjectNotFound: (subject: string) => error(404, 40401, `Subject '${subject}' not found.`),
  /** 404 / 40401: a context that does not exist (Confluent answers an unknown context with the subject-not-found code). */
  contextNotFound: (message: string) => error(404, 40401, message),
  /** 404 / 40402. */
  versionNotFound: (subject: string, version: string | number) =>
    error(404, 40402, `Version ${version} not found for subject '${subject}'.`),
  /** 404 / 40403 (by id, or a lookup that matched no version). */
  schemaNotFound: (detail = "Schema not found") => error(404, 40403, detail),
  /** 404 / 40404: soft-deleting a subject that is already soft-deleted. */
  subjectSoftDeleted: (subject: string) =>
    error(404, 40404, `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`),
  /** 404 / 40405: permanent delete of a subject that was not soft-deleted first. */
  subjectNotSoftDeleted: (subject: string) =>
    error(404, 40405, `Subject '${subject}' was not deleted first before being permanently deleted`),
  /** 404 / 40406: soft-deleting a version that is already soft-deleted. */
  versionSoftDeleted: (subject: string, version: number) =>
    error(
      404,
      40406,
      `Subject '${subject}' Version ${version} was soft deleted. Set permanent=true to delete permanently`,
    ),
  /** 404 / 40407: permanent delete of a version that was not soft-deleted first. */
  versionNotSoftDeleted: (subject: string, version: number) =>
    error(
      404,
      40407,
      `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`,
    ),
  /** 404 / 40408. */
  subjectCompatibilityNotConfigured: (subject: string) =>
    error(404, 40408, `Subject '${subject}' does not have subject-level compatibility configured`),
  /** 404 / 40409. */
  subjectModeNotConfigured: (subject: string) =>
    error(404, 40409, `Subject '${subject}' does not have subject-level mode configured`),
  /** 409 / 409: Confluent up to 8.0.3 sends `error_code` 409 (40901 from 8.0.4); we keep the classic 409. */
  incompatibleSchema: (message: string) => error(409, 409, message),
  /** 422 / 42201: invalid schema, unknown schema type, invalid reference. */
  invalidSchema: (message: string) => error(422, 42201, message),
  /** 422 / 42202. */
  invalidVersion: (version: string) =>
    error(
      422,
      42202,
      `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
    ),
  /** 422 / 42203. */
  invalidCompatibilityLevel: (level: unknown) =>
    error(
      422,
      42203,
      `Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive; got ${shown(level)}`,
    ),
  /** 422 / 42204. */
  invalidMode: (mode: unknown) =>
    error(
      422,
      42204,
      `Invalid mode. Valid values are READWRITE, READONLY, READONLY_OVERRIDE and IMPORT; got ${shown(mode)}`,
    ),
  /** 422 / 42205: read-only mode, IMPORT preconditions, explicit ids outside IMPORT. */
  operationNotPermitted: (message: string) => error(422, 42205, message),
  /** 422 / 42206: deleting a version another schema references. */
  referenceExists: (message: string) => error(422, 42206, message),
  /** 422 / 42207: an explicit id that differs from the id the schema already has. */
  idDoesNotMatch: (existing: number, given: number) =>
    error(422, 42207, `Schema already registered with id ${existing} instead of input id ${given}`),
  /** 422 / 42208. */
  invalidSubject: (reason: string) => error(422, 42208, `Invalid subject: ${reason}`),
  /** 422 / 42209: schema text (or the whole request body) over the configured limit. */
  schemaTooLarge: (limitBytes: number) =>
    error(422, 42209, `Schema too large: the limit is ${limitBytes} bytes`),
  /** 422 / 42210: a `ruleSet` (on a schema or in a config) that does not validate (Confluent `RuleSet.validate`). */
  invalidRuleSet: (message: string) => error(422, 42210, `Invalid rule set: ${message}`),
  /**
   * 422 / 42280 (Charter extension, no Confluent equivalent): the schema breaks lint rules the subject's config
   * makes errors (`lint: "error"`); the message lists the rule ids and places.
   */
  lintRefused: (message: string) => error(422, 42280, message),
  /** 422 / 422: a request body field of the wrong shape (rest-utils maps Jackson mapping errors to 422). */
  unprocessableEntity: (message: string) => error(422, 422, message),
  /** 401 / 40101: no or invalid credentials (rest-utils' authentication failure code). */
  unauthorized: (message = "Unauthorized") => error(401, 40101, message),
  /** 403 / 40301: authenticated, but the role or subject-prefix grant does not allow the operation. */
  forbidden: (message: string) => error(403, 40301, message),
  /** 429 / 42901: too many failed authentication attempts from one source. */
  tooManyAttempts: (retryAfterSeconds: number) =>
    error(429, 42901, `Too many failed authentication attempts; retry in ${retryAfterSeconds} s`),
  /** 500 / 50001: the backing store failed. The message never leaks internals. */
  storeError: () => error(500, 50001, "Error in the backend data store"),
  /** 400 / 400: malformed request (rest-utils `JsonParseExceptionMapper` / Jetty EOF give 400 with code 400). */
  badRequest: (message: string) => error(400, 400, message),
  /**
   * 415 / 415: a request body in a media type the registry does not read (Jersey's 415: only Confluent's JSON
   * types and `application/octet-stream` are consumed). Keeps "simple" cross-site requests (`text/plain`,
   * forms) from writing.
   */
  unsupportedMediaType: (contentType: string) =>
    error(
      415,
      415,
      `HTTP 415 Unsupported Media Type: ${contentType === "" ? "no content type" : shown(contentType)}; send application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json or application/octet-stream`,
    ),
  /** 404 / 404: no such route (Jersey's plain 404). */
  routeNotFound: (method: string, url: string) => error(404, 404, `HTTP 404 Not Found: ${method} ${url}`),
} as const;

/**
 * Maps an engine's {@link ContractError} onto the catalogue. Every schema-side code is 42201 (Confluent answers
 * "Invalid schema" for syntax errors, rule violations, too deep nesting, unresolved references and unsupported
 * features alike); the message keeps the engine's location so users can find the fault.
 */
export function fromContractError(e: ContractError): RegistryError {
  const where = [
    e.path !== undefined && e.path !== "" ? `at ${e.path}` : undefined,
    e.line !== undefined ? `line ${e.line}${e.column !== undefined ? `, column ${e.column}` : ""}` : undefined,
  ]
    .filter((part) => part !== undefined)
    .join(" ");
  const message = `Invalid schema (${e.code}): ${e.message}${where === "" ? "" : ` (${where})`}`;
  switch (e.code) {
    case "SCHEMA_SYNTAX":
    case "SCHEMA_INVALID":
    case "SCHEMA_TOO_DEEP":
    case "REFERENCE_UNRESOLVED":
    case "UNSUPPORTED":
    case "PAYLOAD_INVALID":
    case "WIRE_FORMAT_INVALID":
      return Errors.invalidSchema(message);
  }
}
