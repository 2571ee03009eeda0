/**
 * Derives one upcaster step (version N → N+1 of a message's payload) from the two versions' types and the format
 * engine's compatibility verdict (reader = N+1, writer = N; `@charter/contracts`). Mechanical changes — a field
 * added with a default or optional, a field removed, a widening (int → long, float → double, T → T | null),
 * an enum extended, a field renamed with an Avro alias — give a complete conversion; anything else a stub the
 * user writes, with the reasons.
 */
import { getFormat, type JsonValue, type ParsedSchema } from "@charter/contracts";
import { printValue } from "../emit/literal.js";
import { propertyAccess, propertyKey } from "../naming.js";
import { resolveRef, type Property, type TypeNode, type TypeSet } from "../model/type-ir.js";

/** A derived step: complete (with the expression that converts `value`) or a stub (with why). */
export interface StepPlan {
  /** The conversion of the variable `value` when complete. */
  readonly expression?: string;
  /** What changed, one line each (for the step's JSDoc). */
  readonly changes: readonly string[];
  /** Why the step needs a hand (empty when complete). */
  readonly reasons: readonly string[];
}

class NotMechanical extends Error {}

interface Ctx {
  readonly set: TypeSet;
  readonly changes: string[];
  /** Named-type pairs being converted (a recursive type cannot be converted inline). */
  readonly active: Set<string>;
}

function key(node: TypeNode): string {
  return JSON.stringify(node);
}

/** Structural equality through references (two names for one shape are the same type). */
function same(set: TypeSet, a: TypeNode, b: TypeNode, seen = new Set<string>()): boolean {
  if (a.kind === "ref" && b.kind === "ref" && a.name === b.name) return true;
  const pair = `${key(a)}~${key(b)}`;
  if (seen.has(pair)) return true;
  seen.add(pair);
  const x = resolveRef(set, a);
  const y = resolveRef(set, b);
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case "primitive":
      return y.kind === "primitive" && x.name === y.name;
    case "literal":
      return y.kind === "literal" && x.value === y.value;
    case "array":
      return y.kind === "array" && same(set, x.items, y.items, seen);
    case "record":
      return y.kind === "record" && same(set, x.values, y.values, seen);
    case "tuple":
      return y.kind === "tuple" && x.items.length === y.items.length && x.items.every((t, i) => same(set, t, y.items[i]!, seen));
    case "union":
    case "intersection":
      return y.kind === x.kind && x.members.length === y.members.length && x.members.every((m) => y.members.some((n) => same(set, m, n, seen)));
    case "object":
      return (
        y.kind === "object" &&
        x.properties.length === y.properties.length &&
        x.properties.every((p) => {
          const q = y.properties.find((o) => o.name === p.name);
          return q !== undefined && q.optional === p.optional && same(set, p.type, q.type, seen);
        }) &&
        (x.index === undefined) === (y.index === undefined)
      );
    case "ref":
      return false;
  }
}

function label(set: TypeSet, node: TypeNode): string {
  const r = resolveRef(set, node);
  switch (r.kind) {
    case "primitive":
      return r.name;
    case "literal":
      return JSON.stringify(r.value);
    default:
      return node.kind === "ref" ? node.name : r.kind;
  }
}

/** A TypeScript literal of a schema default for `type` (Avro/JSON defaults are JSON). */
export function defaultLiteral(set: TypeSet, type: TypeNode, value: JsonValue): string {
  const r = resolveRef(set, type);
  switch (r.kind) {
    case "primitive":
      if (r.name === "bigint" && typeof value === "number") return `${value}n`;
      if (r.name === "Buffer" && typeof value === "string") return `Buffer.from(${JSON.stringify(value)}, "latin1")`;
      if (r.name === "Uint8Array" && typeof value === "string") return `Uint8Array.from(Buffer.from(${JSON.stringify(value)}, "latin1"))`;
      if (r.name === "Date" && typeof value === "number") return `new Date(${value})`;
      return printValue(value);
    case "union": {
      // Avro: a union's default belongs to its first branch; JSON: any member that fits.
      const first = r.members.find((m) => !(m.kind === "primitive" && m.name === "null")) ?? r.members[0]!;
      return value === null ? "null" : defaultLiteral(set, first, value);
    }
    case "object":
      if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        const entries = r.properties.filter((p) => value[p.name] !== undefined).map((p) => `${propertyKey(p.name)}: ${defaultLiteral(set, p.type, value[p.name]!)}`);
        return `{ ${entries.join(", ")} }`;
      }
      return printValue(value);
    case "array":
      return Array.isArray(value) ? `[${value.map((v) => defaultLiteral(set, r.items, v)).join(", ")}]` : printValue(value);
    default:
      return printValue(value);
  }
}

function isNull(node: TypeNode): boolean {
  return node.kind === "primitive" && node.name === "null";
}

/** The expression converting `expr` (typed `from`) to `to`; throws NotMechanical when it takes a person. */
function convert(c: Ctx, from: TypeNode, to: TypeNode, expr: string, path: string, indent = ""): string {
  if (same(c.set, from, to)) return expr;
  const f = resolveRef(c.set, from);
  const t = resolveRef(c.set, to);
  if (t.kind === "primitive" && t.name === "unknown") return expr;
  if (f.kind === "union") {
    // Every old member must land in the new type unchanged (enum extended, branch added).
    for (const m of f.members) if (!fits(c, m, to)) throw new NotMechanical(`${path || "the payload"}: ${label(c.set, m)} is no longer accepted`);
    const added = t.kind === "union" ? t.members.filter((m) => !f.members.some((n) => same(c.set, m, n))) : [];
    if (added.length > 0) c.changes.push(`${path || "payload"}: now also ${added.map((m) => label(c.set, m)).join(", ")}`);
    return expr;
  }
  if (t.kind === "union") {
    const target = t.members.find((m) => same(c.set, from, m));
    if (target) {
      c.changes.push(`${path || "payload"}: widened to ${t.members.map((m) => label(c.set, m)).join(" | ")}`);
      return expr;
    }
    const nonNull = t.members.filter((m) => !isNull(m));
    if (nonNull.length === 1) return convert(c, from, nonNull[0]!, expr, path, indent);
    throw new NotMechanical(`${path || "the payload"}: ${label(c.set, from)} → ${label(c.set, to)}`);
  }
  if (f.kind === "literal" && t.kind === "primitive" && typeof f.value === t.name) return expr;
  if (f.kind === "primitive" && t.kind === "primitive") {
    const promotion = `${f.name}→${t.name}`;
    c.changes.push(`${path || "payload"}: ${f.name} → ${t.name}`);
    switch (promotion) {
      case "number→bigint":
        return `BigInt(${expr})`;
      case "bigint→number":
        return `Number(${expr})`;
      case "string→Buffer":
        return `Buffer.from(${expr}, "utf8")`;
      case "Buffer→string":
        return `${expr}.toString("utf8")`;
      default:
        throw new NotMechanical(`${path || "the payload"}: ${f.name} → ${t.name}`);
    }
  }
  if (f.kind === "array" && t.kind === "array") {
    const item = convert(c, f.items, t.items, "item", `${path}[]`);
    return item === "item" ? expr : `${expr}.map((item) => ${item})`;
  }
  if (f.kind === "record" && t.kind === "record") {
    const v = convert(c, f.values, t.values, "entry", `${path}{}`);
    return v === "entry" ? expr : `Object.fromEntries(Object.entries(${expr}).map(([name, entry]) => [name, ${v}]))`;
  }
  if (f.kind === "object" && t.kind === "object") {
    const pair = `${label(c.set, from)}→${label(c.set, to)}`;
    if (c.active.has(pair)) throw new NotMechanical(`${path || "the payload"}: a recursive type changed`);
    c.active.add(pair);
    try {
      return convertObject(c, f.properties, t.properties, expr, path, indent);
    } finally {
      c.active.delete(pair);
    }
  }
  throw new NotMechanical(`${path || "the payload"}: ${label(c.set, from)} → ${label(c.set, to)}`);
}

function fits(c: Ctx, member: TypeNode, to: TypeNode): boolean {
  const t = resolveRef(c.set, to);
  if (t.kind === "primitive" && t.name === "unknown") return true;
  if (same(c.set, member, to)) return true;
  if (t.kind === "union") return t.members.some((m) => fits(c, member, m));
  const m = resolveRef(c.set, member);
  return m.kind === "literal" && t.kind === "primitive" && typeof m.value === t.name;
}

function convertObject(c: Ctx, from: readonly Property[], to: readonly Property[], expr: string, path: string, indent: string): string {
  const used = new Set<string>();
  const entries: string[] = [];
  for (const p of to) {
    const at = path === "" ? p.name : `${path}.${p.name}`;
    let source = from.find((q) => q.name === p.name);
    if (!source && p.aliases) {
      source = from.find((q) => p.aliases!.includes(q.name));
      if (source) c.changes.push(`\`${at}\` renamed from \`${source.name}\` (Avro alias)`);
    }
    if (!source) {
      if (p.default !== undefined) {
        c.changes.push(`\`${at}\` added with default ${JSON.stringify(p.default)}`);
        entries.push(`${propertyKey(p.name)}: ${defaultLiteral(c.set, p.type, p.default)}`);
      } else if (p.optional) c.changes.push(`\`${at}\` added (optional)`);
      else throw new NotMechanical(`\`${at}\` was added without a default`);
      continue;
    }
    used.add(source.name);
    const access = propertyAccess(expr, source.name);
    const converted = convert(c, source.type, p.type, access, at, indent + "  ");
    if (source.optional && !p.optional) {
      if (p.default === undefined) throw new NotMechanical(`\`${at}\` became required without a default`);
      c.changes.push(`\`${at}\` became required (default ${JSON.stringify(p.default)})`);
      const fallback = defaultLiteral(c.set, p.type, p.default);
      entries.push(`${propertyKey(p.name)}: ${access} === undefined ? ${fallback} : ${converted}`);
    } else if (source.optional && converted !== access) entries.push(`${propertyKey(p.name)}: ${access} === undefined ? undefined : ${converted}`);
    else entries.push(`${propertyKey(p.name)}: ${converted}`);
  }
  for (const q of from) if (!used.has(q.name)) c.changes.push(`\`${path === "" ? q.name : `${path}.${q.name}`}\` removed`);
  if (entries.length === 0) return "{}";
  return `{\n${entries.map((e) => `${indent}  ${e},`).join("\n")}\n${indent}}`;
}

/** The engine's reasons why `reader` cannot read data written with `writer` (empty: it can). */
function engineReasons(reader: ParsedSchema | undefined, writer: ParsedSchema | undefined): string[] {
  if (!reader || !writer) return [];
  if (reader.type !== writer.type) return [`the payload format changed from ${writer.type} to ${reader.type}`];
  const format = getFormat(reader.type);
  if (!format) return [];
  // JSON Schema content-model rules are about properties a writer's open object might have carried: the
  // conversion copies declared properties only, so those cannot reach the new version.
  return format
    .compatibility(reader, writer)
    .filter((v) => !/CONTENT_MODEL/.test(v.rule))
    .map((v) => `${v.rule}${v.path ? ` at ${v.path}` : ""}: ${v.message}`);
}

/** Plans the step from `from` to `to` (types of one message's payload versions). */
export function planStep(set: TypeSet, from: { type: TypeNode; parsed?: ParsedSchema }, to: { type: TypeNode; parsed?: ParsedSchema }): StepPlan {
  const c: Ctx = { set, changes: [], active: new Set() };
  // Avro and Protobuf: the engine's verdict is schema resolution itself, so it decides. JSON Schema: the engine
  // judges value-set inclusion (a required property added is breaking even with a default, rule ids depend on
  // the policy), while the conversion fills defaults and names what it could not fill: the conversion decides.
  const reasons = to.parsed?.type === "JSON" ? [] : engineReasons(to.parsed, from.parsed);
  try {
    const expression = convert(c, from.type, to.type, "value", "", "  ");
    if (reasons.length > 0) return { changes: c.changes, reasons };
    return { expression, changes: c.changes.length > 0 ? c.changes : ["no change to the payload's values"], reasons: [] };
  } catch (e) {
    if (!(e instanceof NotMechanical)) throw e;
    return { changes: c.changes, reasons: reasons.length > 0 ? reasons : [e.message] };
  }
}
