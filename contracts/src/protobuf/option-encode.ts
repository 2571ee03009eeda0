/**
 * Custom options as extension fields of the option messages, the way `buf build` writes them: each
 * `(pkg.ext)…` option that option checking resolved (`ProtoOption.resolvedPath`) is merged into one value per
 * extension (`(a).b = 1` and `(a).c = 2` set two fields of one `a`; a message literal and a path into the same
 * message merge too) and encoded as that extension's wire bytes. Field order follows Go's deterministic
 * marshalling, which buf uses (`order.LegacyFieldOrder`): extensions first, then ordinary fields by number,
 * then oneof members; map entries sorted by key; extensions of the option message itself after its own fields,
 * by number. Measured against `buf build` in `option-encode.test.ts`.
 */
import { BinaryWriter, BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { stringBytes, type OptionValue, type ProtoOption, type ResolvedOptionField } from "./ast.js";
import type { TextMessage, TextScalar, TextValue } from "./text-format.js";

/** An unknown field as `@bufbuild/protobuf` keeps it (`$unknown`): `data` includes a length prefix for LEN. */
export interface EncodedField {
  readonly no: number;
  readonly wireType: WireType;
  readonly data: Uint8Array;
}

/** A scalar as written, from an option constant or a text-format literal. */
type ScalarLiteral = Exclude<OptionValue, { kind: "aggregate" }> | TextScalar;

interface MessageNode {
  readonly kind: "message";
  readonly entries: Map<number, Entry>;
  /** Map entries always write key and value (defaults included), as protoc and Go do. */
  readonly mapEntry?: { readonly key: ResolvedOptionField; readonly value: ResolvedOptionField };
}

interface Entry {
  readonly field: ResolvedOptionField;
  readonly values: Array<MessageNode | ScalarLiteral>;
}

/** Every custom option in `options` can be encoded (resolved down to each literal field). */
export function isEncodable(o: ProtoOption): boolean {
  if (!o.resolvedPath || o.resolvedPath.length === 0) return false;
  return o.value.kind !== "aggregate" || (o.value.message !== undefined && literalResolved(o.value.message));
}

function literalResolved(m: TextMessage): boolean {
  return m.fields.every((f) => f.resolvedField !== undefined && valueResolved(f.value));
}

function valueResolved(v: TextValue): boolean {
  if (v.kind === "message") return literalResolved(v);
  if (v.kind === "list") return v.items.every(valueResolved);
  return true;
}

function newNode(field: ResolvedOptionField | undefined): MessageNode {
  return { kind: "message", entries: new Map(), ...(field?.mapEntry ? { mapEntry: field.mapEntry } : {}) };
}

function entryOf(node: MessageNode, field: ResolvedOptionField): Entry {
  let e = node.entries.get(field.number);
  if (!e) node.entries.set(field.number, (e = { field, values: [] }));
  return e;
}

/** The message node a singular message field holds (created on first use), or a new one for a repeated field. */
function childNode(node: MessageNode, field: ResolvedOptionField): MessageNode {
  const e = entryOf(node, field);
  if (!field.repeated) {
    const existing = e.values[0];
    if (existing && existing.kind === "message") return existing;
  }
  const child = newNode(field);
  e.values.push(child);
  return child;
}

function isMessageField(f: ResolvedOptionField): boolean {
  return f.type.kind === "message" || f.mapEntry !== undefined || f.group;
}

function mergeLiteral(node: MessageNode, literal: TextMessage): void {
  for (const f of literal.fields) {
    const field = f.resolvedField;
    if (!field) continue;
    const items = f.value.kind === "list" ? f.value.items : [f.value];
    if (f.value.kind === "list" && items.length === 0) entryOf(node, field);
    for (const item of items) setValue(node, field, item);
  }
}

function setValue(node: MessageNode, field: ResolvedOptionField, v: TextValue | ScalarLiteral): void {
  if (v.kind === "message") {
    mergeLiteral(childNode(node, field), v);
    return;
  }
  if (v.kind === "list") {
    for (const item of v.items) setValue(node, field, item);
    return;
  }
  const e = entryOf(node, field);
  if (field.repeated) e.values.push(v);
  else e.values.splice(0, e.values.length, v);
}

/**
 * The custom options among `options` that {@link isEncodable} accepts, as extension fields of the option
 * message (in field-number order, values merged per extension).
 */
export function encodeCustomOptions(options: readonly ProtoOption[]): EncodedField[] {
  const root = newNode(undefined);
  for (const o of options) {
    if (!isEncodable(o)) continue;
    const path = o.resolvedPath!;
    let node = root;
    for (const field of path.slice(0, -1)) node = childNode(node, field);
    const last = path[path.length - 1]!;
    if (o.value.kind === "aggregate") mergeLiteral(isMessageField(last) ? childNode(node, last) : node, o.value.message!);
    else setValue(node, last, o.value);
  }
  if (root.entries.size === 0) return [];
  const w = new BinaryWriter();
  writeMessage(w, root);
  const bytes = w.finish();
  const reader = new BinaryReader(bytes);
  const out: EncodedField[] = [];
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    out.push({ no, wireType, data: reader.skip(wireType, no) });
  }
  return out;
}

/** Go's `order.LegacyFieldOrder`: extensions, then non-oneof fields by number, then oneof members. */
function fieldOrder(a: Entry, b: Entry): number {
  const x = a.field;
  const y = b.field;
  if (x.extension !== y.extension) return x.extension ? -1 : 1;
  const xo = x.oneofIndex ?? -1;
  const yo = y.oneofIndex ?? -1;
  if ((xo >= 0) !== (yo >= 0)) return xo >= 0 ? 1 : -1;
  if (xo !== yo) return xo - yo;
  return x.number - y.number;
}

function writeMessage(w: BinaryWriter, node: MessageNode): void {
  if (node.mapEntry) {
    // Both key and value are written, defaults included.
    for (const field of [node.mapEntry.key, node.mapEntry.value]) {
      const v = node.entries.get(field.number)?.values[0];
      writeOne(w, field, v ?? (isMessageField(field) ? newNode(field) : undefined));
    }
    return;
  }
  const entries = [...node.entries.values()].sort(fieldOrder);
  for (const e of entries) {
    const f = e.field;
    let values = e.values;
    if (f.mapEntry) values = sortMapEntries(values as MessageNode[], f.mapEntry.key);
    if (f.packed && values.length > 0) {
      w.tag(f.number, WireType.LengthDelimited).fork();
      for (const v of values) writeScalar(w, f, v as ScalarLiteral);
      w.join();
      continue;
    }
    for (const v of values) {
      if (v.kind !== "message" && !f.repeated && !f.explicitPresence && isZero(f, v)) continue;
      writeOne(w, f, v);
    }
  }
}

function writeOne(w: BinaryWriter, f: ResolvedOptionField, v: MessageNode | ScalarLiteral | undefined): void {
  if (v !== undefined && v.kind === "message") {
    if (f.group) {
      w.tag(f.number, WireType.StartGroup);
      writeMessage(w, v);
      w.tag(f.number, WireType.EndGroup);
    } else {
      w.tag(f.number, WireType.LengthDelimited).fork();
      writeMessage(w, v);
      w.join();
    }
    return;
  }
  w.tag(f.number, wireTypeOf(f));
  writeScalar(w, f, v);
}

function sortMapEntries(entries: MessageNode[], key: ResolvedOptionField): MessageNode[] {
  const keyOf = (n: MessageNode): ScalarLiteral | undefined => {
    const v = n.entries.get(1)?.values[0];
    return v && v.kind !== "message" ? v : undefined;
  };
  // Go's deterministic map order: strings by bytes, integers by value, false before true.
  const cmp = (a: MessageNode, b: MessageNode): number => {
    const x = keyOf(a);
    const y = keyOf(b);
    if (key.type.kind === "scalar" && key.type.name === "string") return Buffer.compare(Buffer.from(x ? bytesOf(x) : []), Buffer.from(y ? bytesOf(y) : []));
    if (key.type.kind === "scalar" && key.type.name === "bool") return Number(x ? boolOf(x) : false) - Number(y ? boolOf(y) : false);
    const p = x ? intOf(x) : 0n;
    const q = y ? intOf(y) : 0n;
    return p < q ? -1 : p > q ? 1 : 0;
  };
  // The last entry for a key wins, as when a map is built from the literal.
  const byKey = new Map<string, MessageNode>();
  for (const e of entries) {
    const k = keyOf(e);
    byKey.set(k === undefined ? "" : k.kind === "string" ? Buffer.from(bytesOf(k)).toString("hex") : k.text, e);
  }
  return [...byKey.values()].sort(cmp);
}

function scalarName(f: ResolvedOptionField): string {
  return f.type.kind === "scalar" ? f.type.name : f.type.kind === "enum" ? "enum" : "message";
}

function wireTypeOf(f: ResolvedOptionField): WireType {
  switch (scalarName(f)) {
    case "double":
    case "fixed64":
    case "sfixed64":
      return WireType.Bit64;
    case "float":
    case "fixed32":
    case "sfixed32":
      return WireType.Bit32;
    case "string":
    case "bytes":
    case "message":
      return WireType.LengthDelimited;
    default:
      return WireType.Varint;
  }
}

function bytesOf(v: ScalarLiteral): Uint8Array {
  return v.kind === "string" ? stringBytes(v) : new Uint8Array();
}

function boolOf(v: ScalarLiteral): boolean {
  return v.kind !== "string" && (v.text === "true" || v.text === "t" || v.text === "True" || v.text === "1");
}

function intOf(v: ScalarLiteral, enumValues?: ReadonlyMap<string, number>): bigint {
  if (v.kind === "string") return 0n;
  if (v.kind === "ident") return BigInt(enumValues?.get(v.text) ?? 0);
  const neg = v.text.startsWith("-");
  const body = neg ? v.text.slice(1) : v.text;
  const n = /^0[xX]/.test(body) ? BigInt(body) : /^0[0-7]+$/.test(body) ? BigInt("0o" + body.slice(1)) : BigInt(body);
  return neg ? -n : n;
}

function floatOf(v: ScalarLiteral): number {
  if (v.kind === "string") return 0;
  const lower = v.text.toLowerCase();
  // A number may carry text format's float suffix (`1.5f`); `inf` ends in f by itself.
  const t = v.kind === "number" && /^-?[0-9.]/.test(lower) && !/^-?0x/.test(lower) ? lower.replace(/f$/, "") : lower;
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  if (t === "nan" || t === "-nan") return NaN;
  if (/^-?0[xX]/.test(t) || /^-?0[0-7]+$/.test(t)) return Number(intOf(v));
  return Number(t);
}

function isZero(f: ResolvedOptionField, v: ScalarLiteral): boolean {
  switch (scalarName(f)) {
    case "string":
    case "bytes":
      return bytesOf(v).length === 0;
    case "bool":
      return !boolOf(v);
    case "float":
    case "double":
      return Object.is(floatOf(v), 0);
    default:
      return intOf(v, f.enumValues) === 0n;
  }
}

function writeScalar(w: BinaryWriter, f: ResolvedOptionField, v: ScalarLiteral | undefined): void {
  const name = scalarName(f);
  if (name === "string" || name === "bytes") {
    w.bytes(v ? bytesOf(v) : new Uint8Array());
    return;
  }
  if (name === "bool") {
    w.bool(v ? boolOf(v) : false);
    return;
  }
  if (name === "float" || name === "double") {
    const x = v ? floatOf(v) : 0;
    if (name === "float") w.float(x);
    else w.double(x);
    return;
  }
  const n = v ? intOf(v, f.enumValues) : 0n;
  switch (name) {
    case "int32":
    case "enum":
      w.int32(Number(n));
      break;
    case "uint32":
      w.uint32(Number(n));
      break;
    case "sint32":
      w.sint32(Number(n));
      break;
    case "fixed32":
      w.fixed32(Number(n));
      break;
    case "sfixed32":
      w.sfixed32(Number(n));
      break;
    case "int64":
      w.int64(n);
      break;
    case "uint64":
      w.uint64(n);
      break;
    case "sint64":
      w.sint64(n);
      break;
    case "fixed64":
      w.fixed64(n);
      break;
    case "sfixed64":
      w.sfixed64(n);
      break;
    default:
      w.int32(Number(n));
  }
}
