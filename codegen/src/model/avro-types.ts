/**
 * TypeScript types from Avro schemas, matching the values avsc reads and writes with the runtime's options
 * (`serde-avro.ts`): records as interfaces, enums as literal unions, `long` as `number` or `bigint`,
 * `timestamp-millis` as `number` or `Date`, `bytes`/`fixed` as `Buffer`, maps as records, and unions unwrapped —
 * except where avsc wraps them (`wrapUnions: "auto"`: two branches of one JavaScript kind), typed then as
 * `{ "<branch>": value }` objects.
 */
import { writeSchema, type AvroType } from "@charter/contracts";
import { pascalCase } from "../naming.js";
import { BOOLEAN, NULL, NUMBER, STRING, primitive, union, type Property, type TypeNode, type TypeSet } from "./type-ir.js";

/** How Avro `long` and `timestamp-millis` are typed (must match the runtime serde's options). */
export interface AvroTypeOptions {
  readonly longs: "number" | "bigint";
  readonly timestamps: "number" | "date";
}

/** What an Avro type derivation shares. */
export interface AvroTypeContext {
  readonly set: TypeSet;
  readonly options: AvroTypeOptions;
  /** Appended to names declared anew (`V1` for older versions). */
  readonly suffix: string;
}

/** True when the runtime registers a logical type implementation for `type` (avsc then leaves it out of union buckets). */
function isRuntimeLogical(type: AvroType, options: AvroTypeOptions): boolean {
  return type.kind === "primitive" && type.logical?.name === "timestamp-millis" && type.type === "long" && options.timestamps === "date";
}

/** avsc's `getTypeBucket` for the runtime's types: branches sharing a bucket make a union ambiguous. */
function bucket(type: AvroType, options: AvroTypeOptions): string {
  switch (type.kind) {
    case "primitive":
      switch (type.type) {
        case "int":
        case "float":
        case "double":
          return "number";
        case "long":
          return options.longs === "bigint" ? "abstract:long" : "number";
        case "bytes":
          return "buffer";
        default:
          return type.type;
      }
    case "fixed":
      return "buffer";
    case "enum":
      return "string";
    case "map":
    case "record":
      return "object";
    case "array":
      return "array";
    case "union":
      return "union";
  }
}

/** avsc `isAmbiguous`: two non-logical branches in one bucket → the union is wrapped. */
export function isWrappedUnion(branches: readonly AvroType[], options: AvroTypeOptions): boolean {
  const seen = new Set<string>();
  for (const b of branches) {
    if (isRuntimeLogical(b, options)) continue;
    const key = bucket(b, options);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** avsc's branch name of a wrapped union member: a named type's full name, else the type name. */
function branchName(type: AvroType): string {
  switch (type.kind) {
    case "primitive":
      return type.type;
    case "record":
    case "enum":
    case "fixed":
      return type.name;
    default:
      return type.kind;
  }
}

function named(ctx: AvroTypeContext, type: Extract<AvroType, { kind: "record" | "enum" | "fixed" }>): TypeNode {
  const identity = `avro|${type.name}|${writeSchema(type)}|${ctx.options.longs}|${ctx.options.timestamps}`;
  const name = ctx.set.declare(pascalCase(type.simpleName) + ctx.suffix, identity, () => {
    const doc = type.doc !== undefined ? { doc: type.doc } : {};
    const aliases = type.aliases.length > 0 ? { aliases: type.aliases } : {};
    switch (type.kind) {
      case "enum":
        return { type: union(type.symbols.map((s) => ({ kind: "literal", value: s }))), ...doc, ...aliases };
      case "fixed":
        return { type: primitive("Buffer"), ...doc, ...aliases };
      case "record": {
        const properties: Property[] = type.fields.map((f) => ({
          name: f.name,
          type: avroType(ctx, f.type),
          optional: false,
          ...(f.doc !== undefined ? { doc: f.doc } : {}),
          ...(f.default !== undefined ? { default: f.default.value } : {}),
          ...(f.aliases.length > 0 ? { aliases: f.aliases } : {}),
        }));
        return { type: { kind: "object", properties }, ...doc, ...aliases };
      }
    }
  });
  return { kind: "ref", name };
}

/** The TypeScript type of an Avro type (named types declared in `ctx.set`). */
export function avroType(ctx: AvroTypeContext, type: AvroType): TypeNode {
  switch (type.kind) {
    case "primitive":
      if (isRuntimeLogical(type, ctx.options)) return primitive("Date");
      switch (type.type) {
        case "null":
          return NULL;
        case "boolean":
          return BOOLEAN;
        case "int":
        case "float":
        case "double":
          return NUMBER;
        case "long":
          return ctx.options.longs === "bigint" ? primitive("bigint") : NUMBER;
        case "bytes":
          return primitive("Buffer");
        case "string":
          return STRING;
      }
      break;
    case "record":
    case "enum":
    case "fixed":
      return named(ctx, type);
    case "array":
      return { kind: "array", items: avroType(ctx, type.items) };
    case "map":
      return { kind: "record", values: avroType(ctx, type.values) };
    case "union": {
      if (!isWrappedUnion(type.branches, ctx.options)) return union(type.branches.map((b) => avroType(ctx, b)));
      return union(
        type.branches.map((b): TypeNode =>
          b.kind === "primitive" && b.type === "null" ? NULL : { kind: "object", properties: [{ name: branchName(b), type: avroType(ctx, b), optional: false }] },
        ),
      );
    }
  }
  return primitive("unknown");
}

/**
 * The type of an Avro payload named `name` (+ suffix): a record whose name is `name` is declared once; a record
 * of another name is declared under its own name with `name` as an alias; any other root is aliased.
 */
export function avroPayloadType(ctx: AvroTypeContext, root: AvroType, name: string): TypeNode {
  const inner = avroType(ctx, root);
  if (inner.kind === "ref" && inner.name === name + ctx.suffix) return inner;
  const alias = ctx.set.declare(name + ctx.suffix, `alias|${name}|${JSON.stringify(inner)}`, () => ({ type: inner }));
  return { kind: "ref", name: alias };
}
