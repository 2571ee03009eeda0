/**
 * Example payloads for the generated tests: the contract's own examples when they are valid, else a value
 * synthesized from the schema (JSON Schema: honouring `enum`, `const`, `format`, bounds and lengths; Avro and
 * Protobuf: from the types). Every example is checked with the same serde the package uses before a test
 * relies on it.
 */
import type { JsonValue } from "@charter/contracts";
import type { SchemaPart } from "../model/schema-part.js";
import { resolveRef, type TypeNode, type TypeSet } from "../model/type-ir.js";
import { avroSerde } from "../runtime/serde-avro.js";
import { protobufSerde } from "../runtime/serde-protobuf.js";
import type { ValidatorModules } from "./validators.js";

type Schema = { readonly [key: string]: JsonValue };

const MAX_DEPTH = 6;

const FORMATS: Readonly<Record<string, string>> = {
  "date-time": "2024-01-01T00:00:00Z",
  date: "2024-01-01",
  time: "12:00:00Z",
  email: "someone@example.com",
  "idn-email": "someone@example.com",
  uuid: "3f2c5a8e-9b1d-4c6e-8f7a-2d4b6c8e0a1f",
  uri: "https://example.com/",
  "uri-reference": "https://example.com/",
  iri: "https://example.com/",
  url: "https://example.com/",
  hostname: "example.com",
  "idn-hostname": "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
  duration: "P1D",
  byte: "ZXhhbXBsZQ==",
};

/** Strings tried against a `pattern`, in order: common shapes of codes, ids and words. */
const PATTERN_CANDIDATES = ["GB", "AB", "ab", "A", "a", "1", "12", "123", "ABC", "abc", "abc-123", "ABC-123", "a1", "2024-01-01", "user@example.com", "https://example.com/"];

function isSchema(v: JsonValue | undefined): v is Schema {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function at(root: JsonValue, pointer: string): JsonValue | undefined {
  let v: JsonValue | undefined = root;
  for (const raw of pointer.split("/").slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    v = Array.isArray(v) ? v[Number(token)] : isSchema(v) ? v[token] : undefined;
  }
  return v;
}

/** A value valid for a JSON schema (best effort; `undefined` when none can be made). */
export function jsonExample(schema: JsonValue | undefined, root: JsonValue, depth = 0): unknown {
  if (schema === undefined || schema === true) return "example";
  if (!isSchema(schema) || depth > MAX_DEPTH) return undefined;
  if (typeof schema["$ref"] === "string" && schema["$ref"].startsWith("#")) return jsonExample(at(root, schema["$ref"].slice(1)), root, depth + 1);
  if (schema["const"] !== undefined) return schema["const"];
  if (Array.isArray(schema["enum"]) && schema["enum"].length > 0) return schema["enum"][0];
  if (schema["default"] !== undefined) return schema["default"];
  if (Array.isArray(schema["examples"]) && schema["examples"].length > 0) return schema["examples"][0];
  for (const k of ["oneOf", "anyOf"] as const) {
    const list = schema[k];
    if (Array.isArray(list) && list.length > 0) {
      const base = { ...schema, [k]: undefined } as Schema;
      const member = jsonExample(list[0], root, depth + 1);
      const rest = Object.keys(base).some((x) => x === "properties" || x === "type") ? jsonExample(stripCombinators(base), root, depth + 1) : undefined;
      return mergeExamples(rest, member);
    }
  }
  if (Array.isArray(schema["allOf"])) {
    let merged = jsonExample(stripCombinators(schema), root, depth + 1);
    for (const part of schema["allOf"]) merged = mergeExamples(merged, jsonExample(part, root, depth + 1));
    return merged;
  }
  const types = typeof schema["type"] === "string" ? [schema["type"]] : Array.isArray(schema["type"]) ? schema["type"] : [];
  const type = types.find((t) => t !== "null") ?? (isSchema(schema["properties"]) ? "object" : schema["items"] !== undefined ? "array" : types[0]);
  switch (type) {
    case "null":
      return null;
    case "boolean":
      return true;
    case "integer":
    case "number": {
      const min = typeof schema["minimum"] === "number" ? schema["minimum"] : typeof schema["exclusiveMinimum"] === "number" ? schema["exclusiveMinimum"] + 1 : undefined;
      const max = typeof schema["maximum"] === "number" ? schema["maximum"] : undefined;
      const n = min ?? (max !== undefined ? Math.min(max, 1) : 1);
      return type === "integer" ? Math.ceil(n) : n;
    }
    case "string": {
      const format = typeof schema["format"] === "string" ? FORMATS[schema["format"]] : undefined;
      if (format !== undefined) return format;
      const min = typeof schema["minLength"] === "number" ? schema["minLength"] : 0;
      const max = typeof schema["maxLength"] === "number" ? schema["maxLength"] : Infinity;
      const candidates = ["example", ...PATTERN_CANDIDATES].map((c) => c.padEnd(min, c.slice(-1) || "x")).filter((c) => c.length <= max);
      if (typeof schema["pattern"] !== "string") return candidates[0];
      let pattern: RegExp;
      try {
        pattern = new RegExp(schema["pattern"], "u");
      } catch {
        return undefined;
      }
      return candidates.find((c) => pattern.test(c));
    }
    case "array": {
      const min = typeof schema["minItems"] === "number" ? schema["minItems"] : 1;
      const item = jsonExample(Array.isArray(schema["items"]) ? schema["items"][0] : schema["items"], root, depth + 1);
      return item === undefined ? [] : Array.from({ length: Math.max(min, 1) }, () => item);
    }
    case "object": {
      const props = isSchema(schema["properties"]) ? schema["properties"] : {};
      const required = Array.isArray(schema["required"]) ? schema["required"].filter((r): r is string => typeof r === "string") : [];
      const out: Record<string, unknown> = {};
      for (const name of required) {
        const v = jsonExample(props[name], root, depth + 1);
        if (v === undefined) return undefined;
        out[name] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

function stripCombinators(schema: Schema): Schema {
  const { oneOf: _a, anyOf: _b, allOf: _c, ...rest } = schema;
  return rest;
}

function mergeExamples(a: unknown, b: unknown): unknown {
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
  if (obj(a) && obj(b)) return { ...a, ...b };
  return b ?? a;
}

/** A value of a type (Avro/Protobuf payloads), with required properties only. */
export function typeExample(set: TypeSet, node: TypeNode, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  const t = resolveRef(set, node);
  switch (t.kind) {
    case "primitive":
      switch (t.name) {
        case "string":
          return "example";
        case "number":
          return 1;
        case "bigint":
          return 1n;
        case "boolean":
          return true;
        case "null":
          return null;
        case "Buffer":
          return Buffer.from("example");
        case "Uint8Array":
          return Buffer.from("example");
        case "Date":
          return new Date(0);
        default:
          return undefined;
      }
    case "literal":
      return t.value;
    case "array":
      return [];
    case "record":
      return {};
    case "tuple":
      return t.items.map((i) => typeExample(set, i, depth + 1));
    case "union":
      for (const m of [...t.members].sort((a, b) => Number(a.kind === "primitive" && a.name === "null") - Number(b.kind === "primitive" && b.name === "null"))) {
        const v = typeExample(set, m, depth + 1);
        if (v !== undefined) return v;
      }
      return undefined;
    case "intersection":
      return t.members.reduce<unknown>((acc, m) => mergeExamples(acc, typeExample(set, m, depth + 1)), undefined);
    case "object": {
      const out: Record<string, unknown> = {};
      for (const p of t.properties) {
        if (p.optional) continue;
        const v = typeExample(set, p.type, depth + 1);
        if (v === undefined) return undefined;
        out[p.name] = v;
      }
      return out;
    }
    case "ref":
      return undefined;
  }
}

/** Whether `value` is valid for `part`, checked with the serde the package builds for it. */
export function checker(part: SchemaPart, validators: ValidatorModules, options: { longs: "number" | "bigint"; timestamps: "number" | "date" }): (value: unknown) => boolean {
  switch (part.format) {
    case "json": {
      const validate = validators.compiled.get(part.json!.validator);
      return (value) => validate !== undefined && validate(value);
    }
    case "avro": {
      const serde = avroSerde(part.avro!.schema, options);
      return (value) => serde.validate(value).length === 0;
    }
    case "protobuf": {
      const p = part.protobuf!;
      const serde = protobufSerde(p.root as object, p.typeName, p.required, { longs: options.longs });
      return (value) => serde.validate(value).length === 0;
    }
    case "none":
      return () => true;
  }
}

/**
 * `value` without the object keys `node` does not declare (a contract example may carry properties the schema
 * allows but does not name; a typed literal in TypeScript may not).
 */
export function pruneToType(set: TypeSet, node: TypeNode, value: unknown, depth = 0): unknown {
  if (depth > 32 || value === null || typeof value !== "object") return value;
  const t = resolveRef(set, node);
  if (Array.isArray(value)) return t.kind === "array" ? value.map((v) => pruneToType(set, t.items, v, depth + 1)) : value;
  if (t.kind === "object" && t.index === undefined) {
    const out: Record<string, unknown> = {};
    for (const p of t.properties) {
      const v = (value as Record<string, unknown>)[p.name];
      if (v !== undefined) out[p.name] = pruneToType(set, p.type, v, depth + 1);
    }
    return out;
  }
  return value;
}

/** The first valid example of `part`: the contract's examples, then a synthesized one; `undefined` when none is valid. */
export function exampleFor(set: TypeSet, part: SchemaPart, contractExamples: readonly JsonValue[], valid: (value: unknown) => boolean): unknown {
  for (const e of contractExamples) {
    const pruned = pruneToType(set, part.type, e);
    if (valid(pruned)) return pruned;
  }
  const synthesized = part.format === "json" ? jsonExample(part.json!.schema, part.json!.schema) : typeExample(set, part.type);
  return synthesized !== undefined && valid(synthesized) ? synthesized : undefined;
}
