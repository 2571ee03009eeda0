/**
 * Serializers of payloads, keys and headers. JSON payloads are checked by ajv standalone validators compiled
 * when the package was generated (no schema compilation at run time); Avro and Protobuf serdes live in
 * `serde-avro.ts` and `serde-protobuf.ts`.
 */
import { MessagingError, errorText, type PayloadIssue } from "./errors.js";

/** Schema types as the Confluent registry spells them. */
export type SchemaType = "JSON" | "AVRO" | "PROTOBUF";

/** A schema as it is registered: what the registry client looks ids up with. */
export interface SchemaSource {
  readonly type: SchemaType;
  readonly text: string;
  /** Protobuf: the message's Confluent message indexes (`[0]` = first top-level message). */
  readonly messageIndexes?: readonly number[];
}

/**
 * Encodes and decodes one schema's values. `encode` and `decode` do not validate: callers call `validate`
 * (send: before encoding; receive: after decoding), so each step can be measured and reported on its own.
 */
export interface Serde<T> {
  readonly format: "json" | "avro" | "protobuf" | "string" | "bytes";
  /** The schema to register / look up; absent for untyped parts (a plain string key). */
  readonly schema?: SchemaSource;
  /** Problems of `value` against the schema; empty when valid (a shared, frozen array: do not modify). */
  validate(value: unknown): readonly PayloadIssue[];
  encode(value: T): Uint8Array;
  /** @throws MessagingError `WIRE_FORMAT_INVALID` when the bytes cannot be read. */
  decode(bytes: Uint8Array): unknown;
  /**
   * Avro: a decoder for data written with another schema (a registry schema this package has not seen),
   * resolved into this schema's shape by Avro schema resolution. Absent for other formats.
   */
  resolver?(writerSchema: string): (bytes: Uint8Array) => unknown;
}

/** The shape of an ajv standalone validation function (`ajv/dist/standalone`). */
export interface StandaloneValidator {
  (data: unknown): boolean;
  errors?: ReadonlyArray<AjvError> | null;
}

/** The fields of an ajv error this runtime reads. */
export interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly message?: string;
  readonly params?: { readonly [key: string]: unknown };
}

function pointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** ajv errors as issues: the path of a missing or extra property points at that property. */
export function ajvIssues(errors: ReadonlyArray<AjvError> | null | undefined): PayloadIssue[] {
  if (!errors || errors.length === 0) return [{ path: "", message: "does not match the schema" }];
  return errors.map((e) => {
    const property = e.params?.["missingProperty"] ?? e.params?.["additionalProperty"] ?? e.params?.["unevaluatedProperty"];
    const path = typeof property === "string" ? `${e.instancePath}/${pointerToken(property)}` : e.instancePath;
    return { path, message: e.message ?? e.keyword };
  });
}

/** The issues of a valid value: one shared frozen empty array, so the send path allocates nothing. */
export const NO_ISSUES: readonly PayloadIssue[] = Object.freeze([]);

/** Issues of `validator` on `value`, or none when there is no validator (the contract declares no schema). */
export function validateWith(validator: StandaloneValidator | undefined, value: unknown): readonly PayloadIssue[] {
  if (!validator || validator(value)) return NO_ISSUES;
  return ajvIssues(validator.errors);
}

/** UTF-8 bytes of a string, without copying through an intermediate array. */
export function utf8(text: string): Uint8Array {
  return Buffer.from(text, "utf8");
}

/** A string of UTF-8 bytes. */
export function fromUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
}

/**
 * JSON payloads: `JSON.stringify` as UTF-8, checked by an ajv standalone `validator` (none: any JSON value).
 * `schema` is the JSON Schema text registered for the Confluent wire format.
 */
export function jsonSerde<T>(validator: StandaloneValidator | undefined, schema?: string): Serde<T> {
  return {
    format: "json",
    ...(schema !== undefined ? { schema: { type: "JSON", text: schema } } : {}),
    validate: (value) => validateWith(validator, value),
    encode: (value) => utf8(JSON.stringify(value)),
    decode: (bytes) => {
      try {
        return JSON.parse(fromUtf8(bytes)) as unknown;
      } catch (e) {
        throw new MessagingError("WIRE_FORMAT_INVALID", `not JSON: ${errorText(e)}`);
      }
    },
  };
}

/**
 * Plain string values (Kafka `StringSerializer`): keys whose schema is a JSON `string`, checked by `validator`
 * when the contract constrains them.
 */
export function stringSerde<T extends string = string>(validator?: StandaloneValidator): Serde<T> {
  return {
    format: "string",
    validate: (value) => (typeof value === "string" ? validateWith(validator, value) : [{ path: "", message: "must be a string" }]),
    encode: (value) => utf8(value),
    decode: (bytes) => fromUtf8(bytes),
  };
}

/** Untyped keys: a string or bytes as given; received as a UTF-8 string. */
export const untypedKeySerde: Serde<string | Uint8Array> = {
  format: "bytes",
  validate: (value) => (typeof value === "string" || value instanceof Uint8Array ? [] : [{ path: "", message: "must be a string or bytes" }]),
  encode: (value) => (typeof value === "string" ? utf8(value) : value),
  decode: (bytes) => fromUtf8(bytes),
};

/** How each declared header travels: as the string itself, or as JSON text (numbers, booleans, objects). */
export type HeaderEncoding = "string" | "json";

/** Typed message headers ↔ the broker's string headers. */
export interface HeaderCodec<H> {
  validate(headers: unknown): readonly PayloadIssue[];
  encode(headers: H): Record<string, string>;
  /** The declared headers present in `raw`, decoded; other headers are left out. */
  decode(raw: Readonly<Record<string, string>>): Partial<H>;
}

/** A {@link HeaderCodec} for the headers schema's properties (`encodings`), checked by `validator`. */
export function headerCodec<H>(validator: StandaloneValidator | undefined, encodings: Readonly<Record<string, HeaderEncoding>>): HeaderCodec<H> {
  return {
    validate: (headers) => validateWith(validator, headers ?? {}),
    encode: (headers) => {
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
        if (value === undefined) continue;
        out[name] = encodings[name] === "string" || (encodings[name] === undefined && typeof value === "string") ? String(value) : JSON.stringify(value);
      }
      return out;
    },
    decode: (raw) => {
      const out: Record<string, unknown> = {};
      for (const [name, encoding] of Object.entries(encodings)) {
        const text = raw[name];
        if (text === undefined) continue;
        if (encoding === "string") out[name] = text;
        else {
          try {
            out[name] = JSON.parse(text) as unknown;
          } catch {
            out[name] = text;
          }
        }
      }
      return out as Partial<H>;
    },
  };
}

/**
 * One version of a message's payload in its history: how to read it, and how to bring a value of it to the
 * latest version (the chained upcasters; identity for the latest).
 */
export interface PayloadVersion<T> {
  readonly version: number;
  readonly serde: Serde<unknown>;
  toLatest(value: unknown): T;
  /** The chained downcasters from the latest version to this one (Confluent's DOWNGRADE), when derivable. */
  fromLatest?(value: T): unknown;
}

/**
 * A {@link PayloadVersion} whose `toLatest` takes values the version's own serde has validated; `fromLatest`
 * (optional) writes a latest-version value as this version, for consumers still on it.
 */
export function payloadVersion<V, T>(version: number, serde: Serde<V>, toLatest: (value: V) => T, fromLatest?: (value: T) => V): PayloadVersion<T> {
  return { version, serde: serde as Serde<unknown>, toLatest: (value) => toLatest(value as V), ...(fromLatest ? { fromLatest } : {}) };
}
