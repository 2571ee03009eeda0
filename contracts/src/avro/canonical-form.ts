import { sortedJson, type JsonValue } from "../json-text.js";
import type { AvroField, AvroNamed, AvroProps, AvroType } from "./model.js";

/** Options for {@link writeSchema}. */
export interface WriteSchemaOptions {
  /**
   * `canonical`: Charter's identity form — everything that matters to readers, writers and people is kept
   * (doc, aliases, defaults, non-default order, logical types and all custom properties), in a fixed key order,
   * full names, no whitespace. `pcf`: the Avro spec's Parsing Canonical Form (only name, type, fields, symbols,
   * items, values, size). Default `canonical`.
   */
  readonly form?: "canonical" | "pcf";
  /**
   * Full names written by name only, never defined (the types a schema takes from its references, so its
   * canonical text does not repeat them). Default: none (every named type is defined at its first use).
   */
  readonly known?: ReadonlySet<string>;
}

/**
 * Writes a type as compact JSON text. Named types are defined at their first appearance (depth-first, in
 * field order) and written as their full name afterwards (canonical form: a null-namespace type referenced inside
 * a namespace is written `.Name`, so that it cannot resolve to `namespace.Name`). Key orders: canonical form — `type`, `name`,
 * `namespace` (only `""`, when a type in the null namespace sits inside a namespaced one, so that re-parsing
 * keeps its name), `doc`, `aliases` (sorted), then `fields` | `symbols` + `default` | `size` | `items` |
 * `values`, then custom properties sorted by key; fields: `name`, `type`, `doc`, `default`, `order` (omitted
 * when `ascending`), `aliases` (sorted), custom properties sorted. Primitives without properties are written as
 * a bare string. Default values and property values are written with object keys sorted.
 * PCF follows Avro spec 1.11 §Parsing Canonical Form: [PRIMITIVES] [FULLNAMES] [STRIP] [ORDER] (`name`,
 * `type`, `fields`, `symbols`, `items`, `values`, `size`) [STRINGS] [INTEGERS] [WHITESPACE].
 */
export function writeSchema(root: AvroType, options: WriteSchemaOptions = {}): string {
  const pcf = options.form === "pcf";
  const defined = new Set<string>(options.known ?? []);
  const write = (type: AvroType, enclosing: string): string => {
    switch (type.kind) {
      case "primitive":
        if (pcf || Object.keys(type.props).length === 0) return JSON.stringify(type.type);
        return obj([["type", JSON.stringify(type.type)], ...propEntries(type.props)]);
      case "array":
        if (pcf) return obj([["type", '"array"'], ["items", write(type.items, enclosing)]]);
        return obj([["type", '"array"'], ["items", write(type.items, enclosing)], ...propEntries(type.props)]);
      case "map":
        if (pcf) return obj([["type", '"map"'], ["values", write(type.values, enclosing)]]);
        return obj([["type", '"map"'], ["values", write(type.values, enclosing)], ...propEntries(type.props)]);
      case "union":
        return `[${type.branches.map((b) => write(b, enclosing)).join(",")}]`;
      case "record":
      case "enum":
      case "fixed": {
        if (defined.has(type.name)) return JSON.stringify(pcf ? type.name : reference(type, enclosing));
        defined.add(type.name);
        if (pcf) return writePcfNamed(type, write);
        return writeNamed(type, enclosing, write);
      }
    }
  };
  return write(root, "");
}

type Writer = (type: AvroType, enclosing: string) => string;

/**
 * How the canonical form names an already defined type inside namespace `enclosing`: its full name, except
 * that a type in the null namespace is written `.Name` when the enclosing namespace is not empty — a bare
 * `Name` there would resolve to `enclosing.Name` (in avsc always, in Java and our parser when that exists).
 * PCF keeps the spec's plain full names (its fingerprints must match Java's).
 */
function reference(type: AvroNamed, enclosing: string): string {
  return type.namespace === "" && enclosing !== "" ? `.${type.name}` : type.name;
}

function writePcfNamed(type: AvroNamed, write: Writer): string {
  const name = JSON.stringify(type.name);
  switch (type.kind) {
    case "record": {
      const fields = type.fields.map((f) => obj([["name", JSON.stringify(f.name)], ["type", write(f.type, type.namespace)]]));
      return obj([["name", name], ["type", '"record"'], ["fields", `[${fields.join(",")}]`]]);
    }
    case "enum":
      return obj([["name", name], ["type", '"enum"'], ["symbols", JSON.stringify(type.symbols)]]);
    case "fixed":
      return obj([["name", name], ["type", '"fixed"'], ["size", String(type.size)]]);
  }
}

function writeNamed(type: AvroNamed, enclosing: string, write: Writer): string {
  const head: Array<[string, string]> = [
    ["type", JSON.stringify(type.kind === "record" && type.error ? "error" : type.kind)],
    ["name", JSON.stringify(type.name)],
  ];
  if (type.namespace === "" && enclosing !== "") head.push(["namespace", '""']);
  if (type.doc !== undefined) head.push(["doc", JSON.stringify(type.doc)]);
  if (type.aliases.length > 0) head.push(["aliases", JSON.stringify([...new Set(type.aliases)].sort())]);
  switch (type.kind) {
    case "record":
      head.push(["fields", `[${type.fields.map((f) => writeField(f, type.namespace, write)).join(",")}]`]);
      break;
    case "enum":
      head.push(["symbols", JSON.stringify(type.symbols)]);
      if (type.default !== undefined) head.push(["default", JSON.stringify(type.default)]);
      break;
    case "fixed":
      head.push(["size", String(type.size)]);
      break;
  }
  return obj([...head, ...propEntries(type.props)]);
}

function writeField(field: AvroField, namespace: string, write: Writer): string {
  const entries: Array<[string, string]> = [
    ["name", JSON.stringify(field.name)],
    ["type", write(field.type, namespace)],
  ];
  if (field.doc !== undefined) entries.push(["doc", JSON.stringify(field.doc)]);
  if (field.default) entries.push(["default", sortedJson(field.default.value)]);
  if (field.order !== "ascending") entries.push(["order", JSON.stringify(field.order)]);
  if (field.aliases.length > 0) entries.push(["aliases", JSON.stringify([...new Set(field.aliases)].sort())]);
  return obj([...entries, ...propEntries(field.props)]);
}

function propEntries(props: AvroProps): Array<[string, string]> {
  return Object.keys(props)
    .sort()
    .map((k) => [k, sortedJson(props[k] as JsonValue)]);
}

function obj(entries: ReadonlyArray<readonly [string, string]>): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`;
}

