/**
 * TypeScript types from Protobuf messages (protobufjs reflection), matching the runtime serde's values
 * (`serde-protobuf.ts`): field names as written, enums as literal unions of value names, 64-bit integers as
 * `number` or `bigint`, `bytes` as `Uint8Array`, maps as records; fields required as `isRequiredField` says.
 */
import protobuf from "protobufjs";
import { pascalCase } from "../naming.js";
import { isRequiredField, type RequiredFields } from "../runtime/serde-protobuf.js";
import { BOOLEAN, NUMBER, STRING, primitive, union, type Property, type TypeNode, type TypeSet } from "./type-ir.js";

/** What a Protobuf type derivation shares. */
export interface ProtobufTypeContext {
  readonly set: TypeSet;
  readonly longs: "number" | "bigint";
  /** Appended to names declared anew (`V1` for older versions). */
  readonly suffix: string;
  /** Whether the file declaring `type` gives its fields implicit presence (proto3). */
  readonly implicitPresence: (type: protobuf.Type) => boolean;
}

const LONGS = new Set(["int64", "uint64", "sint64", "fixed64", "sfixed64"]);
const NUMBERS = new Set(["double", "float", "int32", "uint32", "sint32", "fixed32", "sfixed32"]);

function fullName(o: protobuf.ReflectionObject): string {
  return o.fullName.replace(/^\./, "");
}

/** Every message and enum reachable from `type` (itself included), by full name. */
function closure(type: protobuf.Type): Map<string, protobuf.Type | protobuf.Enum> {
  const out = new Map<string, protobuf.Type | protobuf.Enum>();
  const visit = (t: protobuf.Type | protobuf.Enum): void => {
    if (out.has(fullName(t))) return;
    out.set(fullName(t), t);
    if (t instanceof protobuf.Type) for (const f of t.fieldsArray) if (f.resolvedType) visit(f.resolvedType);
  };
  visit(type);
  return out;
}

function identity(t: protobuf.Type | protobuf.Enum, longs: string): string {
  if (t instanceof protobuf.Enum) return `proto-enum|${fullName(t)}|${JSON.stringify(t.toJSON())}`;
  const parts = [...closure(t).entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, x]) => `${n}=${JSON.stringify(x instanceof protobuf.Type ? { fields: x.toJSON().fields, oneofs: x.toJSON().oneofs } : x.toJSON())}`);
  return `proto|${fullName(t)}|${longs}|${parts.join(";")}`;
}

function fieldType(ctx: ProtobufTypeContext, field: protobuf.Field): TypeNode {
  const resolved = field.resolvedType;
  if (resolved instanceof protobuf.Type) return protobufType(ctx, resolved);
  if (resolved instanceof protobuf.Enum) {
    const name = ctx.set.declare(pascalCase(resolved.name) + ctx.suffix, identity(resolved, ctx.longs), () => ({
      type: union(Object.keys(resolved.values).map((v) => ({ kind: "literal", value: v }))),
      ...(resolved.comment ? { doc: resolved.comment } : {}),
    }));
    return { kind: "ref", name };
  }
  if (LONGS.has(field.type)) return ctx.longs === "bigint" ? primitive("bigint") : NUMBER;
  if (NUMBERS.has(field.type)) return NUMBER;
  if (field.type === "bool") return BOOLEAN;
  if (field.type === "string") return STRING;
  if (field.type === "bytes") return primitive("Uint8Array");
  return primitive("unknown");
}

/** The type of a Protobuf message (declared in `ctx.set` under its name). */
export function protobufType(ctx: ProtobufTypeContext, type: protobuf.Type): TypeNode {
  const name = ctx.set.declare(pascalCase(type.name) + ctx.suffix, identity(type, ctx.longs), () => {
    const implicit = ctx.implicitPresence(type);
    const properties: Property[] = type.fieldsArray.map((f) => {
      const single = fieldType(ctx, f);
      const t: TypeNode = f.map ? { kind: "record", values: single } : f.repeated ? { kind: "array", items: single } : single;
      return { name: f.name, type: t, optional: !isRequiredField(f, implicit), ...(f.comment ? { doc: f.comment } : {}) };
    });
    return { type: { kind: "object", properties }, ...(type.comment ? { doc: type.comment } : {}) };
  });
  return { kind: "ref", name };
}

/** The fields each reachable message requires, for the runtime serde's checks. */
export function requiredFields(type: protobuf.Type, implicitPresence: (type: protobuf.Type) => boolean): RequiredFields {
  const out: Record<string, readonly string[]> = {};
  for (const [name, t] of closure(type)) {
    if (!(t instanceof protobuf.Type)) continue;
    const implicit = implicitPresence(t);
    const required = t.fieldsArray.filter((f) => isRequiredField(f, implicit)).map((f) => f.name);
    if (required.length > 0) out[name] = required;
  }
  return out;
}

/**
 * The payload message of a `.proto` schema, as @asyncapi/protobuf-schema-parser picks it: the top-level message
 * of the main file that no other message uses as a field type; among several, the one whose comment holds
 * `@RootNode`, else the first.
 */
export function rootMessage(root: protobuf.Root, mainFileMessages: readonly string[]): protobuf.Type | undefined {
  const candidates = mainFileMessages.map((n) => root.lookupType(n));
  const used = new Set<string>();
  for (const c of candidates) for (const f of c.fieldsArray) if (f.resolvedType instanceof protobuf.Type) used.add(fullName(f.resolvedType));
  const roots = candidates.filter((c) => !used.has(fullName(c)));
  return roots.find((r) => r.comment?.includes("@RootNode")) ?? roots[0] ?? candidates[0];
}
