import type { JsonValue } from "../json-text.js";

/**
 * The in-memory model of a parsed Avro schema (Avro spec 1.11 §Schema Declaration). Named types are shared
 * objects: every use of a name points at the one definition, so recursive schemas are cyclic graphs. All names
 * are full names (`namespace.name`); `namespace` is `""` for the null namespace.
 */
export type AvroType = AvroPrimitive | AvroRecord | AvroEnum | AvroFixed | AvroArray | AvroMap | AvroUnion;

/** The eight primitive type names (Avro spec §Primitive Types). */
export type AvroPrimitiveName = "null" | "boolean" | "int" | "long" | "float" | "double" | "bytes" | "string";

/** All primitive type names, for lookups. */
export const PRIMITIVE_NAMES: ReadonlySet<string> = new Set<AvroPrimitiveName>([
  "null",
  "boolean",
  "int",
  "long",
  "float",
  "double",
  "bytes",
  "string",
]);

/**
 * Attributes that are not part of the Avro type system proper (`logicalType`, `precision`, `scale`, `java-class`,
 * anything custom), keyed by attribute name, as written. Kept for the canonical form (Confluent's normalized
 * form keeps them too) and ignored by compatibility.
 */
export type AvroProps = Readonly<Record<string, JsonValue>>;

/**
 * A valid logical type annotation (Avro spec §Logical Types). Absent when the schema has no `logicalType` or
 * an invalid one: like Java `LogicalTypes.fromSchemaIgnoreInvalid`, an invalid logical type leaves the
 * underlying type in force (its attributes stay in `props`).
 */
export type AvroLogicalType =
  | { readonly name: "decimal"; readonly precision: number; readonly scale: number }
  | {
      readonly name:
        | "uuid"
        | "date"
        | "time-millis"
        | "time-micros"
        | "timestamp-millis"
        | "timestamp-micros"
        | "timestamp-nanos"
        | "local-timestamp-millis"
        | "local-timestamp-micros"
        | "local-timestamp-nanos"
        | "duration";
    };

/** A primitive type, possibly annotated (`{"type":"long","logicalType":"timestamp-millis"}`). */
export interface AvroPrimitive {
  readonly kind: "primitive";
  readonly type: AvroPrimitiveName;
  readonly logical: AvroLogicalType | undefined;
  readonly props: AvroProps;
}

/** What record, enum and fixed share (Avro spec §Names). */
export interface AvroNamedBase {
  /** The full name, e.g. `io.example.User` (or `User` in the null namespace). */
  readonly name: string;
  /** The namespace part of {@link name}; `""` for the null namespace. */
  readonly namespace: string;
  /** The last component of {@link name}, which Java's compatibility check compares. */
  readonly simpleName: string;
  /** Aliases as full names (an unqualified alias takes the type's namespace). */
  readonly aliases: readonly string[];
  readonly doc: string | undefined;
  readonly props: AvroProps;
}

/** A record (or `error`, which Avro treats as a record). */
export interface AvroRecord extends AvroNamedBase {
  readonly kind: "record";
  /** True when declared with `"type":"error"` (kept only for the canonical text). */
  readonly error: boolean;
  readonly fields: readonly AvroField[];
}

/** Sort order of a field (Avro spec §Sort Order); `ascending` when not given. */
export type AvroFieldOrder = "ascending" | "descending" | "ignore";

/** One record field. `default` is absent when the field has none (a `null` default is `{ value: null }`). */
export interface AvroField {
  readonly name: string;
  readonly type: AvroType;
  readonly doc: string | undefined;
  readonly default: { readonly value: JsonValue } | undefined;
  readonly order: AvroFieldOrder;
  /** Field aliases: plain names, never namespace-qualified. */
  readonly aliases: readonly string[];
  readonly props: AvroProps;
}

/** An enum. `default` (Avro 1.9+) is the symbol readers use for unknown writer symbols. */
export interface AvroEnum extends AvroNamedBase {
  readonly kind: "enum";
  readonly symbols: readonly string[];
  readonly default: string | undefined;
}

/** A fixed-size byte string. `size` is in bytes. */
export interface AvroFixed extends AvroNamedBase {
  readonly kind: "fixed";
  readonly size: number;
  readonly logical: AvroLogicalType | undefined;
}

/** An array (Avro spec §Arrays): `items` is the type of every element; `props` its custom attributes. */
export interface AvroArray {
  readonly kind: "array";
  readonly items: AvroType;
  readonly props: AvroProps;
}

/**
 * A map (Avro spec §Maps): keys are always strings, `values` is the type of every value; `props` its custom
 * attributes.
 */
export interface AvroMap {
  readonly kind: "map";
  readonly values: AvroType;
  readonly props: AvroProps;
}

/**
 * A union (Avro spec §Unions), written as a JSON array: `branches` in declared order (the first one types a
 * field default); never directly contains another union, nor two branches of the same type (named types: the
 * same full name). Unions carry no attributes.
 */
export interface AvroUnion {
  readonly kind: "union";
  readonly branches: readonly AvroType[];
}

/** A named type (record, enum or fixed). */
export type AvroNamed = AvroRecord | AvroEnum | AvroFixed;

/**
 * The engine's `ParsedSchema.model` for Avro: the root type, every named type the schema can see (its own and
 * those its references define), and which full names came from references (the canonical text names those
 * without redefining them).
 */
export interface AvroModel {
  readonly kind: "avro";
  readonly root: AvroType;
  readonly names: ReadonlyMap<string, AvroNamed>;
  readonly referenced: ReadonlySet<string>;
}

/** True for record, enum and fixed. */
export function isNamed(type: AvroType): type is AvroNamed {
  return type.kind === "record" || type.kind === "enum" || type.kind === "fixed";
}

/** Narrows `ParsedSchema.model` to an {@link AvroModel}; `undefined` for another engine's model. */
export function asAvroModel(model: unknown): AvroModel | undefined {
  return typeof model === "object" && model !== null && (model as { kind?: unknown }).kind === "avro"
    ? (model as AvroModel)
    : undefined;
}

/**
 * A short type label for messages: the primitive name, `array`, `map`, `union`, or the full name of a named
 * type (`record io.x.User`).
 */
export function typeLabel(type: AvroType): string {
  switch (type.kind) {
    case "primitive":
      return type.type;
    case "array":
    case "map":
    case "union":
      return type.kind;
    case "record":
    case "enum":
    case "fixed":
      return `${type.kind} ${type.name}`;
  }
}
