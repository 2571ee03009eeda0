import RandExp from "randexp";
import { type SchemaNode, SchemaView } from "./schema-view.js";

/** Values the generator uses for string formats (all valid for ajv-formats). */
export const FORMAT_EXAMPLES: Readonly<Record<string, string>> = {
  "date-time": "2024-05-01T12:30:00.000Z",
  date: "2024-05-01",
  time: "12:30:00Z",
  uuid: "3f1c9a52-8d47-4e2b-9b1e-5a7c2d4e6f80",
  email: "jane.doe@example.com",
  uri: "https://example.com/resource",
  "uri-reference": "/resource",
  hostname: "example.com",
  ipv4: "192.0.2.1",
  ipv6: "2001:db8::1",
};

/**
 * An example value valid against a JSON Schema (draft 4–2020-12 keywords): the schema's own `examples[0]`,
 * `const`, `default` or first `enum` value when present; otherwise built from `type`, `properties`/`required`,
 * `items`/`minItems`, string `format`/`pattern`/`minLength`/`maxLength`, numeric bounds and `multipleOf`,
 * `allOf` (merged), `oneOf`/`anyOf` (first branch). Deterministic. Callers should validate the result (a
 * schema can be unsatisfiable, or constrain in ways this builder does not model, e.g. `not`).
 */
export function exampleFromSchema(schema: unknown, root: unknown = schema): unknown {
  return build(new SchemaView(root), schema, 0);
}

function build(view: SchemaView, raw: unknown, depth: number): unknown {
  const node = view.resolve(raw);
  if (depth > 24) return null;
  if (Array.isArray(node["examples"]) && node["examples"].length > 0) return node["examples"][0];
  if ("const" in node) return node["const"];
  if ("default" in node) return node["default"];
  if (Array.isArray(node["enum"]) && node["enum"].length > 0) return node["enum"][0];
  if (Array.isArray(node["allOf"])) {
    const merged = (node["allOf"] as unknown[]).reduce<SchemaNode>((acc, part) => mergeSchemas(acc, view.resolve(part)), withoutKeyword(node, "allOf"));
    return build(view, merged, depth + 1);
  }
  for (const k of ["oneOf", "anyOf"]) {
    const branches = node[k];
    if (Array.isArray(branches) && branches.length > 0) {
      const pick = branches.find((b) => view.typeOf(view.resolve(b)) !== "null") ?? branches[0];
      return build(view, mergeSchemas(withoutKeyword(node, k), view.resolve(pick)), depth + 1);
    }
  }
  switch (view.typeOf(node)) {
    case "object":
      return objectExample(view, node, depth);
    case "array": {
      const min = typeof node["minItems"] === "number" ? node["minItems"] : 1;
      const items = Array.isArray(node["prefixItems"]) ? (node["prefixItems"] as unknown[]) : [];
      const rest = Array.isArray(node["items"]) ? undefined : node["items"];
      const out: unknown[] = items.map((i) => build(view, i, depth + 1));
      while (out.length < Math.max(min, 1)) out.push(build(view, rest ?? {}, depth + 1));
      return out;
    }
    case "string":
      return stringExample(node);
    case "integer":
      return numberExample(node, true);
    case "number":
      return numberExample(node, false);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return "example";
  }
}

function objectExample(view: SchemaView, node: SchemaNode, depth: number): Record<string, unknown> {
  const properties = (node["properties"] ?? {}) as Record<string, unknown>;
  const required = Array.isArray(node["required"]) ? (node["required"] as string[]) : [];
  const out: Record<string, unknown> = {};
  // Every declared property appears, so the example (and the pact built from it) documents the whole message.
  for (const [name, sub] of Object.entries(properties)) out[name] = build(view, sub, depth + 1);
  for (const name of required) if (!(name in out)) out[name] = "example";
  return out;
}

function stringExample(node: SchemaNode): string {
  const format = typeof node["format"] === "string" ? node["format"] : undefined;
  if (format && FORMAT_EXAMPLES[format]) return FORMAT_EXAMPLES[format]!;
  const min = typeof node["minLength"] === "number" ? node["minLength"] : 0;
  const max = typeof node["maxLength"] === "number" ? node["maxLength"] : Infinity;
  if (typeof node["pattern"] === "string") return patternExample(node["pattern"], min, max);
  let s = "example";
  while (s.length < min) s += "x";
  return s.slice(0, Math.max(min, Math.min(s.length, max)));
}

/** A deterministic string matching `pattern` (randexp taking the lowest choice everywhere). */
function patternExample(pattern: string, min: number, max: number): string {
  const r = new RandExp(pattern);
  r.max = Math.max(min, 1);
  r.randInt = (from: number) => from;
  let s = r.gen();
  while (s.length < min) s += s.slice(-1) || "x";
  return s.length > max ? s.slice(0, max) : s;
}

function numberExample(node: SchemaNode, integer: boolean): number {
  const num = (k: string) => (typeof node[k] === "number" ? (node[k] as number) : undefined);
  const exclusiveMin = num("exclusiveMinimum") ?? (node["exclusiveMinimum"] === true ? num("minimum") : undefined);
  const exclusiveMax = num("exclusiveMaximum") ?? (node["exclusiveMaximum"] === true ? num("maximum") : undefined);
  const min = exclusiveMin !== undefined ? exclusiveMin + (integer ? 1 : 0.5) : num("minimum");
  const max = exclusiveMax !== undefined ? exclusiveMax - (integer ? 1 : 0.5) : num("maximum");
  let v = min ?? (max !== undefined ? Math.min(max, 1) : 1);
  const step = num("multipleOf");
  if (step) v = Math.ceil(v / step) * step;
  if (integer) v = Math.ceil(v);
  return v;
}

function withoutKeyword(node: SchemaNode, keyword: string): SchemaNode {
  const { [keyword]: _dropped, ...rest } = node;
  return rest;
}

function mergeSchemas(a: SchemaNode, b: SchemaNode): SchemaNode {
  const out: Record<string, unknown> = { ...a, ...b };
  if (a["properties"] || b["properties"]) out["properties"] = { ...(a["properties"] as object), ...(b["properties"] as object) };
  if (a["required"] || b["required"]) out["required"] = [...new Set([...((a["required"] as string[]) ?? []), ...((b["required"] as string[]) ?? [])])];
  return out;
}
