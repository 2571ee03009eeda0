/**
 * Avro payloads with avsc. Value conventions match the generated types: records are objects, enums their
 * symbol strings, unions unwrapped unless two branches share a JavaScript kind (avsc `wrapUnions: "auto"`:
 * then `{ "<branch name>": value }`), `bytes`/`fixed` Buffers, `long` a `number` or a `bigint` and
 * `timestamp-millis` a `number` or a `Date`, as the package was generated.
 */
import avro from "avsc";
import { MessagingError, errorText, type PayloadIssue } from "./errors.js";
import { NO_ISSUES, type Serde } from "./serde.js";

/** How `long` and `timestamp-millis` values are represented. */
export interface AvroValueOptions {
  readonly longs: "number" | "bigint";
  readonly timestamps: "number" | "date";
}

type AvroSchema = Parameters<typeof avro.Type.forSchema>[0];
type AvroType = ReturnType<typeof avro.Type.forSchema>;

/** `long` as `bigint`, 64 bits exact (avsc's documented `LongType.__with` recipe). */
const BIGINT_LONG = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: unknown) => BigInt(v as string | number),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === "bigint" && n >= -(2n ** 63n) && n < 2n ** 63n,
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** `timestamp-millis` as a `Date` (its underlying `long` stays avsc's own: a number of milliseconds). */
class DateType extends avro.types.LogicalType {
  protected override _fromValue(value: number | bigint): Date {
    return new Date(Number(value));
  }
  protected override _toValue(value: unknown): number | bigint | undefined {
    if (!(value instanceof Date) || Number.isNaN(value.getTime())) return undefined;
    const ms = value.getTime();
    return this.underlyingType.isValid(ms) ? ms : BigInt(ms);
  }
  protected override _resolve(type: AvroType): ((value: number | bigint) => Date) | undefined {
    return avro.Type.isType(type, "long", "abstract:long", "logical:timestamp-millis") ? (v) => this._fromValue(v) : undefined;
  }
}

/** True for a `long` schema avsc should read as {@link BIGINT_LONG}: plain, or with a logical type not registered. */
function isPlainLong(schema: unknown, logical: ReadonlySet<string>): boolean {
  if (schema === "long") return true;
  if (typeof schema !== "object" || schema === null) return false;
  const s = schema as { type?: unknown; logicalType?: unknown };
  return s.type === "long" && !(typeof s.logicalType === "string" && logical.has(s.logicalType));
}

/** The avsc type of `schema` with the value conventions of `options`. */
export function avroType(schema: unknown, options: AvroValueOptions): AvroType {
  const logical = new Set(options.timestamps === "date" ? ["timestamp-millis"] : []);
  // avsc's `registry` only replaces `"long"` written as a name; a type hook sees `{ "type": "long" }` too.
  const typeHook = options.longs === "bigint" ? (s: unknown) => (isPlainLong(s, logical) ? BIGINT_LONG : undefined) : undefined;
  return avro.Type.forSchema(schema as AvroSchema, {
    wrapUnions: "auto",
    ...(typeHook ? { typeHook: typeHook as NonNullable<Parameters<typeof avro.Type.forSchema>[1]>["typeHook"] } : {}),
    logicalTypes: options.timestamps === "date" ? { "timestamp-millis": DateType } : {},
  });
}

function pointer(path: readonly string[]): string {
  return path.map((p) => "/" + p.replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (value instanceof Date) return value.toISOString();
  const text = value === undefined ? "undefined" : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The issues avsc finds in `value`: one per invalid leaf, with its JSON Pointer. */
export function avroIssues(type: AvroType, value: unknown): PayloadIssue[] {
  const issues: PayloadIssue[] = [];
  type.isValid(value, {
    errorHook: (path: string[], leaf: unknown, leafType: AvroType) => {
      const name = (leafType as { name?: string }).name ?? leafType.typeName;
      issues.push({ path: pointer(path), message: `${describe(leaf)} is not a valid ${name}` });
    },
  });
  return issues;
}

/**
 * An Avro {@link Serde} for `schema` (the schema JSON). `schemaText` is what the registry holds for it (the
 * contract's text). Decoding reads data written with exactly this schema; `resolver()` reads data written with
 * another registry schema by Avro schema resolution (defaults, aliases, promotions).
 */
export function avroSerde<T>(schema: unknown, options: AvroValueOptions, schemaText = JSON.stringify(schema)): Serde<T> {
  const type = avroType(schema, options);
  const decodeWith = (bytes: Uint8Array, read: (buf: Buffer) => unknown): unknown => {
    try {
      return read(toBuffer(bytes));
    } catch (e) {
      throw new MessagingError("WIRE_FORMAT_INVALID", `not Avro of ${(type as { name?: string }).name ?? type.typeName}: ${errorText(e)}`);
    }
  };
  return {
    format: "avro",
    schema: { type: "AVRO", text: schemaText },
    validate: (value) => (type.isValid(value) ? NO_ISSUES : avroIssues(type, value)),
    encode: (value) => type.toBuffer(value),
    decode: (bytes) => decodeWith(bytes, (buf) => type.fromBuffer(buf)),
    resolver: (writerSchema) => {
      const resolver = type.createResolver(avroType(JSON.parse(writerSchema), options));
      return (bytes) => decodeWith(bytes, (buf) => type.fromBuffer(buf, resolver));
    },
  };
}
