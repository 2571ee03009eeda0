import { Matchers } from "@pact-foundation/pact";
import { type SchemaNode, SchemaView } from "./schema-view.js";

/** Pact's email pattern (the one `Matchers.email` uses), as an explicit regex matcher. */
export const EMAIL_PATTERN = "^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$";
/** Lower-case UUID pattern used by Pact's `uuid` matcher. */
const UUID_EXAMPLE_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * The Pact V3/V4 matcher template for `example` under a JSON Schema, so the consumer pact asks for what the
 * contract guarantees rather than the example's exact values:
 * - `format: date-time` → `datetime(<Java pattern of the example>, example)`, `date` → `date("yyyy-MM-dd")`,
 *   `uuid` → `uuid`, `email` → `regex` (Pact's email pattern);
 * - `enum` (strings) → `regex(^(a|b)$)`, `const` → `equal`, `pattern` → `regex`;
 * - `integer` → `integer`, `number` → `number`, `boolean` → `boolean`, other strings → `string` (type);
 * - arrays → `eachLike(item, min)` with `min = max(1, minItems)`; objects → a template per required
 *   property (optional ones are left out: Pact would otherwise demand them from every provider message);
 * - `oneOf`/`anyOf` and untyped nodes → `like` (type match of the example).
 */
export function matchersFromSchema(schema: unknown, example: unknown, root: unknown = schema): unknown {
  return template(new SchemaView(root), schema, example, 0);
}

function template(view: SchemaView, raw: unknown, example: unknown, depth: number): unknown {
  const node = view.resolve(raw);
  if (depth > 24 || example === undefined) return example;
  if (example === null) return Matchers.nullValue();
  if ("const" in node) return Matchers.equal(example);
  if (Array.isArray(node["enum"])) {
    const values = node["enum"] as unknown[];
    if (typeof example === "string" && values.every((v) => typeof v === "string")) {
      return Matchers.regex(`^(${(values as string[]).map(escapeRegex).join("|")})$`, example);
    }
    return Matchers.like(example);
  }
  if (Array.isArray(node["allOf"])) {
    const merged = (node["allOf"] as unknown[]).reduce<SchemaNode>((acc, part) => ({ ...acc, ...view.resolve(part), properties: { ...(acc["properties"] as object), ...(view.resolve(part)["properties"] as object) } }), node);
    const { allOf: _a, ...rest } = merged;
    return template(view, rest, example, depth + 1);
  }
  if (Array.isArray(node["oneOf"]) || Array.isArray(node["anyOf"])) return Matchers.like(example);
  if (Array.isArray(example)) {
    if (example.length === 0) return Matchers.like(example);
    const min = Math.max(1, typeof node["minItems"] === "number" ? node["minItems"] : 1);
    const items = Array.isArray(node["items"]) ? undefined : node["items"];
    return Matchers.eachLike(template(view, items ?? {}, example[0], depth + 1), min);
  }
  if (typeof example === "object") {
    const props = (node["properties"] ?? {}) as Record<string, unknown>;
    const extra = typeof node["additionalProperties"] === "object" ? node["additionalProperties"] : {};
    // Pact demands every key of the expected body; a property the schema leaves optional must not become
    // mandatory for the provider, so only required properties (and keys the schema does not declare) stay.
    const required = Array.isArray(node["required"]) ? new Set(node["required"] as string[]) : undefined;
    const keep = ([k]: [string, unknown]) => !(k in props) || required === undefined || required.has(k);
    return Object.fromEntries(
      Object.entries(example as Record<string, unknown>)
        .filter(keep)
        .map(([k, v]) => [k, template(view, props[k] ?? extra, v, depth + 1)]),
    );
  }
  if (typeof example === "string") return stringMatcher(node, example);
  if (typeof example === "number") return Number.isInteger(example) && view.typeOf(node) === "integer" ? Matchers.integer(example) : Matchers.number(example);
  if (typeof example === "boolean") return Matchers.boolean(example);
  return Matchers.like(example);
}

function stringMatcher(node: SchemaNode, example: string): unknown {
  switch (node["format"]) {
    case "date-time": {
      const pattern = javaDateTimePattern(example);
      return pattern ? Matchers.datetime(pattern, example) : Matchers.string(example);
    }
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(example) ? Matchers.date("yyyy-MM-dd", example) : Matchers.string(example);
    case "uuid":
      return UUID_EXAMPLE_PATTERN.test(example) ? Matchers.uuid(example) : Matchers.string(example);
    case "email":
      return Matchers.regex(EMAIL_PATTERN, example);
  }
  if (typeof node["pattern"] === "string") return Matchers.regex(node["pattern"], example);
  return Matchers.string(example);
}

/**
 * The Java `DateTimeFormatter` pattern Pact's `datetime` matcher needs for an RFC 3339 example:
 * `yyyy-MM-dd'T'HH:mm:ss`, `.S…` for each fraction digit, `XXX` for `Z` or an offset. `undefined` when the
 * example is not RFC 3339.
 */
export function javaDateTimePattern(example: string): string | undefined {
  const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(example);
  if (!m) return undefined;
  return `yyyy-MM-dd'T'HH:mm:ss${m[2] ? "." + "S".repeat(m[2].length) : ""}XXX`;
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
