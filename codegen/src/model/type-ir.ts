/**
 * The generator's type model: TypeScript types built from JSON Schema, Avro and Protobuf schemas alike, printed
 * by `emit/types.ts` and compared version to version by the upcaster derivation. One concept per kind.
 */
import type { JsonValue } from "@charter/contracts";
import { GeneratedFile } from "../printer.js";
import { NameTable, propertyKey } from "../naming.js";

/** TypeScript's built-in and Node types the model uses. */
export type PrimitiveName = "string" | "number" | "bigint" | "boolean" | "null" | "undefined" | "unknown" | "never" | "Buffer" | "Uint8Array" | "Date";

/** A type. `ref` names a {@link NamedType} of the same {@link TypeSet}. */
export type TypeNode =
  | { readonly kind: "primitive"; readonly name: PrimitiveName }
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  | { readonly kind: "array"; readonly items: TypeNode }
  | { readonly kind: "tuple"; readonly items: readonly TypeNode[]; readonly rest?: TypeNode }
  | { readonly kind: "record"; readonly values: TypeNode }
  | { readonly kind: "object"; readonly properties: readonly Property[]; readonly index?: TypeNode }
  | { readonly kind: "union"; readonly members: readonly TypeNode[] }
  | { readonly kind: "intersection"; readonly members: readonly TypeNode[] }
  | { readonly kind: "ref"; readonly name: string };

/** A property of an object type, with what upcaster derivation needs (default, aliases). */
export interface Property {
  readonly name: string;
  readonly type: TypeNode;
  readonly optional: boolean;
  readonly doc?: string;
  readonly deprecated?: boolean;
  /** The schema's default value (JSON, as written), when it has one. */
  readonly default?: JsonValue;
  /** Avro field aliases: older names of this field. */
  readonly aliases?: readonly string[];
}

/** A type declared under a name (`export interface Order` / `export type Status`). */
export interface NamedType {
  readonly name: string;
  readonly type: TypeNode;
  readonly doc?: string;
  readonly deprecated?: boolean;
  /** Avro: the type's aliases (older full names). */
  readonly aliases?: readonly string[];
}

export const UNKNOWN: TypeNode = { kind: "primitive", name: "unknown" };
export const STRING: TypeNode = { kind: "primitive", name: "string" };
export const NUMBER: TypeNode = { kind: "primitive", name: "number" };
export const BOOLEAN: TypeNode = { kind: "primitive", name: "boolean" };
export const NULL: TypeNode = { kind: "primitive", name: "null" };

/** A primitive type node. */
export function primitive(name: PrimitiveName): TypeNode {
  return { kind: "primitive", name };
}

/** A union with nested unions flattened and duplicates removed; one member is itself, none is `never`. */
export function union(members: readonly TypeNode[]): TypeNode {
  const flat: TypeNode[] = [];
  const seen = new Set<string>();
  for (const m of members) {
    for (const x of m.kind === "union" ? m.members : [m]) {
      const key = JSON.stringify(x);
      if (seen.has(key)) continue;
      seen.add(key);
      flat.push(x);
    }
  }
  if (flat.some((m) => m.kind === "primitive" && m.name === "unknown")) return UNKNOWN;
  if (flat.length === 0) return primitive("never");
  return flat.length === 1 ? flat[0]! : { kind: "union", members: flat };
}

/** The types declared for one package, in declaration order, named through its {@link NameTable}. */
export class TypeSet {
  private readonly types = new Map<string, NamedType | undefined>();

  constructor(readonly names: NameTable) {}

  /**
   * The name of the type with `identity`: declared now (named `preferred`, or `preferred` + a suffix when
   * taken) when new. `build` runs after the name is claimed, so a recursive schema can refer to itself.
   */
  declare(preferred: string, identity: string, build: (name: string) => Omit<NamedType, "name">): string {
    const known = this.names.nameOf(identity);
    if (known !== undefined) return known;
    const name = this.names.claim(preferred, identity);
    this.types.set(name, undefined);
    this.types.set(name, { name, ...build(name) });
    return name;
  }

  get(name: string): NamedType | undefined {
    return this.types.get(name);
  }

  /** Every declared type, in declaration order. */
  all(): NamedType[] {
    return [...this.types.values()].filter((t): t is NamedType => t !== undefined);
  }
}

/** Follows `ref`s to the type they name (cycles stop at the first repeat). */
export function resolveRef(set: TypeSet, node: TypeNode): TypeNode {
  const seen = new Set<string>();
  let current = node;
  while (current.kind === "ref" && !seen.has(current.name)) {
    seen.add(current.name);
    const named = set.get(current.name);
    if (!named) break;
    current = named.type;
  }
  return current;
}

function needsParens(node: TypeNode, context: "array" | "intersection"): boolean {
  return node.kind === "union" || (context === "array" && node.kind === "intersection");
}

/** Prints a type expression; objects print over several lines at `indent`. */
export function printType(node: TypeNode, indent = ""): string {
  switch (node.kind) {
    case "primitive":
      return node.name;
    case "literal":
      return typeof node.value === "string" ? JSON.stringify(node.value) : String(node.value);
    case "array": {
      const inner = printType(node.items, indent);
      return needsParens(node.items, "array") ? `(${inner})[]` : `${inner}[]`;
    }
    case "tuple": {
      const items = node.items.map((i) => printType(i, indent));
      if (node.rest) items.push(`...${printType({ kind: "array", items: node.rest }, indent)}`);
      return `[${items.join(", ")}]`;
    }
    case "record":
      return `Record<string, ${printType(node.values, indent)}>`;
    case "object":
      return printObject(node, indent);
    case "union":
      return node.members.map((m) => (m.kind === "intersection" ? `(${printType(m, indent)})` : printType(m, indent))).join(" | ");
    case "intersection":
      return node.members.map((m) => (needsParens(m, "intersection") ? `(${printType(m, indent)})` : printType(m, indent))).join(" & ");
    case "ref":
      return node.name;
  }
}

function docLines(doc: string | undefined, deprecated: boolean | undefined, def: JsonValue | undefined, indent: string): string[] {
  const text = (doc ?? "").trim();
  const lines = text === "" ? [] : text.split(/\r?\n/).map((l) => l.trimEnd().replace(/\*\//g, "*\\/"));
  if (def !== undefined) lines.push(`@default ${JSON.stringify(def)}`);
  if (deprecated) lines.push("@deprecated");
  if (lines.length === 0) return [];
  if (lines.length === 1) return [`${indent}/** ${lines[0]} */`];
  return [`${indent}/**`, ...lines.map((l) => (l === "" ? `${indent} *` : `${indent} * ${l}`)), `${indent} */`];
}

/** The members of an object type, one per line at `indent` (with JSDoc). */
export function objectMembers(node: Extract<TypeNode, { kind: "object" }>, indent: string): string[] {
  const out: string[] = [];
  for (const p of node.properties) {
    out.push(...docLines(p.doc, p.deprecated, p.default, indent));
    out.push(`${indent}${propertyKey(p.name)}${p.optional ? "?" : ""}: ${printType(p.type, indent)};`);
  }
  if (node.index) out.push(`${indent}[key: string]: ${printType(node.index, indent)};`);
  return out;
}

function printObject(node: Extract<TypeNode, { kind: "object" }>, indent: string): string {
  if (node.properties.length === 0) return node.index ? `Record<string, ${printType(node.index, indent)}>` : "Record<string, never>";
  // A short object without docs (a union tag, a wrapped Avro branch) reads best on one line.
  if (!node.index && node.properties.length <= 2 && node.properties.every((p) => p.doc === undefined && p.default === undefined && !p.deprecated)) {
    const line = `{ ${node.properties.map((p) => `${propertyKey(p.name)}${p.optional ? "?" : ""}: ${printType(p.type, indent)}`).join("; ")} }`;
    if (line.length <= 60 && !line.includes("\n")) return line;
  }
  return ["{", ...objectMembers(node, indent + "  "), `${indent}}`].join("\n");
}

/** Prints a named type as an exported declaration: an interface for object types, else a type alias. */
export function printDeclaration(file: GeneratedFile, named: NamedType): void {
  const tags = named.deprecated ? ["deprecated"] : [];
  file.doc(named.doc, tags);
  const type = named.type;
  if (type.kind === "object" && type.properties.length > 0) {
    // Declarations sit at the top level, so members carry their own indentation (nested objects too).
    file.line(`export interface ${named.name} {`).lines(objectMembers(type, "  ")).line("}");
    return;
  }
  const text = printType(type, "");
  file.line(`export type ${named.name} = ${text};`);
}
