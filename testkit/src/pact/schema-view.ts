/** A JSON Schema node as the example and matcher builders read it. */
export type SchemaNode = { readonly [keyword: string]: unknown };

const EMPTY: SchemaNode = {};

/**
 * A JSON Schema document with local `$ref` resolution (`#/definitions/…`, `#/$defs/…`, `#`), the view the
 * example generator and matcher builder walk. Remote references are not followed (treated as `{}`).
 */
export class SchemaView {
  constructor(readonly root: unknown) {}

  /** The node itself, with a local `$ref` followed (sibling keywords kept, as draft 2019+ does). */
  resolve(node: unknown, depth = 0): SchemaNode {
    if (node === true || node === undefined) return EMPTY;
    if (node === false || typeof node !== "object" || node === null) return EMPTY;
    const n = node as SchemaNode;
    const ref = n["$ref"];
    if (typeof ref !== "string" || !ref.startsWith("#") || depth > 32) return n;
    const target = this.pointer(ref.slice(1));
    const { $ref: _ignored, ...siblings } = n;
    return { ...this.resolve(target, depth + 1), ...siblings };
  }

  /** The first type a node allows (`type` string or first of a list, else inferred from keywords). */
  typeOf(node: SchemaNode): string | undefined {
    const t = node["type"];
    if (typeof t === "string") return t;
    if (Array.isArray(t)) return (t.find((x) => x !== "null") ?? t[0]) as string | undefined;
    if (node["properties"] || node["required"]) return "object";
    if (node["items"] || node["prefixItems"]) return "array";
    return undefined;
  }

  private pointer(path: string): unknown {
    let at: unknown = this.root;
    for (const raw of path.split("/").slice(1)) {
      const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
      if (typeof at !== "object" || at === null) return undefined;
      at = (at as Record<string, unknown>)[token];
    }
    return at;
  }
}

type AvroType = string | { readonly [k: string]: unknown } | readonly unknown[];

/**
 * The JSON Schema that accepts the JSON form of values of an Avro schema as Charter's Avro engine takes them
 * (avsc conventions: unions unwrapped, `long` a number, logical types as their underlying type, `uuid` string
 * formatted). Named types are inlined; a recursive reference becomes `{}`.
 */
export function avroToJsonSchema(avro: unknown): SchemaNode {
  const named = new Map<string, SchemaNode>();
  const convert = (t: AvroType, namespace: string | undefined, stack: Set<string>): SchemaNode => {
    if (typeof t === "string") {
      switch (t) {
        case "null":
          return { type: "null" };
        case "boolean":
          return { type: "boolean" };
        case "int":
        case "long":
          return { type: "integer" };
        case "float":
        case "double":
          return { type: "number" };
        case "bytes":
        case "string":
          return { type: "string" };
        default: {
          const full = t.includes(".") || !namespace ? t : `${namespace}.${t}`;
          if (stack.has(full) || stack.has(t)) return {};
          return named.get(full) ?? named.get(t) ?? {};
        }
      }
    }
    if (Array.isArray(t)) {
      const branches = t.map((b) => convert(b as AvroType, namespace, stack));
      return branches.length === 1 ? branches[0]! : { anyOf: branches };
    }
    const o = t as { readonly [k: string]: unknown };
    const type = o["type"] as AvroType;
    const logical = o["logicalType"];
    if (logical === "uuid") return { type: "string", format: "uuid" };
    const ns = typeof o["namespace"] === "string" ? (o["namespace"] as string) : namespace;
    const name = typeof o["name"] === "string" ? (o["name"] as string) : undefined;
    const full = name ? (name.includes(".") || !ns ? name : `${ns}.${name}`) : undefined;
    switch (type) {
      case "record":
      case "error": {
        const inner = new Set(stack);
        if (full) inner.add(full);
        const fields = (o["fields"] as Array<{ name: string; type: AvroType; default?: unknown; doc?: string }>) ?? [];
        const node: SchemaNode = {
          type: "object",
          properties: Object.fromEntries(
            fields.map((f) => [f.name, { ...convert(f.type, ns, inner), ...(f.default !== undefined ? { default: f.default } : {}) }]),
          ),
          required: fields.filter((f) => f.default === undefined).map((f) => f.name),
        };
        if (full) named.set(full, node);
        return node;
      }
      case "enum": {
        const node = { type: "string", enum: o["symbols"] as unknown[] };
        if (full) named.set(full, node);
        return node;
      }
      case "fixed": {
        const node = { type: "string" };
        if (full) named.set(full, node);
        return node;
      }
      case "array":
        return { type: "array", items: convert(o["items"] as AvroType, ns, stack) };
      case "map":
        return { type: "object", additionalProperties: convert(o["values"] as AvroType, ns, stack) };
      default:
        return convert(type, ns, stack);
    }
  };
  return convert(avro as AvroType, undefined, new Set());
}
