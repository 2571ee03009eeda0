/**
 * Extension fields of an option message (custom options as protoc and `buf build` write them, see
 * `option-encode.ts`) back to `.proto` option text, using the `extend` declarations of the files a descriptor
 * imports: `(pkg.ext) = { a: 1 b { c: "x" } }` for a message-typed extension, `(pkg.ext) = value` for a
 * scalar one (once per value when repeated). Extension fields whose definition is not visible, or whose bytes do
 * not match it, are reported back unprinted.
 */
import { BinaryReader, WireType } from "@bufbuild/protobuf/wire";
import { allMessages, type ProtoEnum, type ProtoField, type ProtoFile, type ProtoMessage, type ResolvedType } from "./ast.js";
import { cEscapeBytes, type OptionText } from "./descriptor-options.js";
import { mapEntryMessage } from "./map-entries.js";

/** Extension definitions and types visible to a descriptor (its imports, transitively). */
export interface OptionDefinitions {
  /** The extension `number` of `extendee` (full name, no leading dot) and its full name. */
  extension(extendee: string, number: number): { readonly fullName: string; readonly field: ProtoField } | undefined;
  /** A message or enum by full name (no leading dot). */
  type(fullName: string): ProtoMessage | ProtoEnum | undefined;
}

/** {@link OptionDefinitions} over linked files and their type table. */
export function optionDefinitions(files: Iterable<ProtoFile>, type: (fullName: string) => ProtoMessage | ProtoEnum | undefined): OptionDefinitions {
  const byExtendee = new Map<string, Map<number, { fullName: string; field: ProtoField }>>();
  for (const file of files) {
    for (const x of [...file.extends, ...allMessages(file).flatMap((m) => m.extends)]) {
      if (!x.resolvedExtendee) continue;
      let byNumber = byExtendee.get(x.resolvedExtendee);
      if (!byNumber) byExtendee.set(x.resolvedExtendee, (byNumber = new Map()));
      for (const f of x.fields) byNumber.set(f.number, { fullName: x.scope ? `${x.scope}.${f.name}` : f.name, field: f });
    }
  }
  return { extension: (extendee, number) => byExtendee.get(extendee)?.get(number), type };
}

/** An unknown field as `@bufbuild/protobuf` keeps it; `data` includes the length prefix of LEN fields. */
export interface RawField {
  readonly no: number;
  readonly wireType: WireType;
  readonly data: Uint8Array;
}

/** The printed options, and the fields that could not be printed (no visible definition, or bytes that do not fit it). */
export interface ExtensionTexts {
  readonly options: OptionText[];
  readonly unprinted: RawField[];
}

class Undecodable extends Error {}

/**
 * The extension fields among `fields` of an option message of type `extendee` as option text, in the order
 * of `fields` (values of one extension merged into one literal, as protoc merges them when parsing).
 */
export function extensionOptionsText(extendee: string, fields: readonly RawField[], defs: OptionDefinitions): ExtensionTexts {
  const options: OptionText[] = [];
  const unprinted: RawField[] = [];
  const groups = new Map<number, RawField[]>();
  for (const f of fields) groups.set(f.no, [...(groups.get(f.no) ?? []), f]);
  for (const [no, list] of groups) {
    const ext = defs.extension(extendee, no);
    if (!ext) {
      unprinted.push(...list);
      continue;
    }
    try {
      const name = `(${ext.fullName})`;
      const values = decodeValues(ext.field, list, defs);
      const f = ext.field;
      if (isMessageLike(f, defs)) {
        if (f.label === "repeated") for (const v of values) options.push({ name, value: v });
        else options.push({ name, value: mergeMessageTexts(f, list, defs) });
      } else if (f.label === "repeated") {
        for (const v of values) options.push({ name, value: v });
      } else if (values.length > 0) {
        options.push({ name, value: values[values.length - 1]! });
      }
    } catch (e) {
      if (!(e instanceof Undecodable)) throw e;
      unprinted.push(...list);
    }
  }
  return { options, unprinted };
}

function isMessageLike(f: ProtoField, defs: OptionDefinitions): boolean {
  return f.group !== undefined || f.mapKey !== undefined || (f.resolved?.kind === "message" && defs.type(f.resolved.fullName)?.kind === "message");
}

/** A singular message extension given in several records: their fields concatenated (protobuf merge on parse). */
function mergeMessageTexts(f: ProtoField, list: readonly RawField[], defs: OptionDefinitions): string {
  const message = messageOf(f, defs);
  const parts: string[] = [];
  for (const r of list) {
    if (r.wireType !== WireType.LengthDelimited) throw new Undecodable();
    parts.push(...messageFields(new BinaryReader(r.data).bytes(), message, defs));
  }
  return parts.length === 0 ? "{}" : `{ ${parts.join(" ")} }`;
}

function messageOf(f: ProtoField, defs: OptionDefinitions): ProtoMessage {
  if (f.group) return f.group;
  const t = f.resolved;
  const m = t?.kind === "message" ? defs.type(t.fullName) : undefined;
  if (!m || m.kind !== "message") throw new Undecodable();
  return m;
}

/** The text of each value `list` holds for field `f` (packed records expanded). */
function decodeValues(f: ProtoField, list: readonly RawField[], defs: OptionDefinitions): string[] {
  const out: string[] = [];
  for (const r of list) {
    const reader = new BinaryReader(r.data);
    out.push(...readValues(reader, r.data, r.wireType, f, defs));
  }
  return out;
}

const PACKABLE_WIRE: ReadonlyMap<string, WireType> = new Map([
  ["double", WireType.Bit64],
  ["fixed64", WireType.Bit64],
  ["sfixed64", WireType.Bit64],
  ["float", WireType.Bit32],
  ["fixed32", WireType.Bit32],
  ["sfixed32", WireType.Bit32],
  ["int32", WireType.Varint],
  ["int64", WireType.Varint],
  ["uint32", WireType.Varint],
  ["uint64", WireType.Varint],
  ["sint32", WireType.Varint],
  ["sint64", WireType.Varint],
  ["bool", WireType.Varint],
]);

function scalarKind(t: ResolvedType | undefined): string | undefined {
  if (!t) return undefined;
  return t.kind === "scalar" ? t.name : t.kind === "enum" ? "enum" : "message";
}

/** Values of field `f` at the reader (one value, or several when packed), as text. */
function readValues(reader: BinaryReader, bytes: Uint8Array, wireType: WireType, f: ProtoField, defs: OptionDefinitions): string[] {
  if (f.mapKey !== undefined) {
    if (wireType !== WireType.LengthDelimited) throw new Undecodable();
    return [mapEntryText(reader.bytes(), f, defs)];
  }
  if (f.group) {
    if (wireType !== WireType.StartGroup) throw new Undecodable();
    return [`{${wrap(messageFields(groupBody(reader, bytes), f.group, defs))}}`];
  }
  const kind = scalarKind(f.resolved);
  if (kind === undefined) throw new Undecodable();
  if (kind === "message") {
    if (wireType !== WireType.LengthDelimited) throw new Undecodable();
    return [`{${wrap(messageFields(reader.bytes(), messageOf(f, defs), defs))}}`];
  }
  const expected = kind === "enum" ? WireType.Varint : PACKABLE_WIRE.get(kind) ?? WireType.LengthDelimited;
  if (wireType === WireType.LengthDelimited && expected !== WireType.LengthDelimited) {
    const inner = new BinaryReader(reader.bytes());
    const out: string[] = [];
    while (inner.pos < inner.len) out.push(scalarText(inner, kind, f.resolved!, defs));
    return out;
  }
  if (wireType !== expected) throw new Undecodable();
  return [scalarText(reader, kind, f.resolved!, defs)];
}

function wrap(parts: readonly string[]): string {
  return parts.length === 0 ? "" : ` ${parts.join(" ")} `;
}

/** The bytes of a group up to its end tag (the start tag already read). */
function groupBody(reader: BinaryReader, bytes: Uint8Array): Uint8Array {
  const start = reader.pos;
  for (;;) {
    if (reader.pos >= reader.len) throw new Undecodable();
    const at = reader.pos;
    const [, wt] = reader.tag();
    if (wt === WireType.EndGroup) return bytes.subarray(start, at);
    reader.skip(wt);
  }
}

function mapEntryText(bytes: Uint8Array, f: ProtoField, defs: OptionDefinitions): string {
  // The entry message protoc synthesizes for the map field: `key = 1`, `value = 2`.
  return `{${wrap(messageFields(bytes, mapEntryMessage("", f), defs))}}`;
}

/** The fields of an encoded message as text-format entries (`name: value`, `name { … }`), in wire order. */
function messageFields(bytes: Uint8Array, message: ProtoMessage, defs: OptionDefinitions): string[] {
  const reader = new BinaryReader(bytes);
  const out: string[] = [];
  while (reader.pos < reader.len) {
    const [no, wireType] = reader.tag();
    const own = message.fields.find((x) => x.number === no);
    // An extension of the literal's message is written `[pkg.ext]`; a field nothing defines cannot be named,
    // so the whole option stays unprinted.
    const ext = own ? undefined : defs.extension(message.fullName, no);
    const field = own ?? ext?.field;
    if (!field) throw new Undecodable();
    const name = ext ? `[${ext.fullName}]` : field.group ? field.group.name : field.name;
    for (const v of readValues(reader, bytes, wireType, field, defs)) out.push(v.startsWith("{") ? `${name} ${v}` : `${name}: ${v}`);
  }
  return out;
}

function formatFloat(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  return String(n);
}

function scalarText(reader: BinaryReader, kind: string, type: ResolvedType, defs: OptionDefinitions): string {
  switch (kind) {
    case "string":
    case "bytes":
      return `"${cEscapeBytes(reader.bytes())}"`;
    case "bool":
      return reader.bool() ? "true" : "false";
    case "float":
      return formatFloat(reader.float());
    case "double":
      return formatFloat(reader.double());
    case "int32":
      return String(reader.int32());
    case "uint32":
      return String(reader.uint32());
    case "sint32":
      return String(reader.sint32());
    case "fixed32":
      return String(reader.fixed32());
    case "sfixed32":
      return String(reader.sfixed32());
    case "int64":
      return String(reader.int64());
    case "uint64":
      return String(reader.uint64());
    case "sint64":
      return String(reader.sint64());
    case "fixed64":
      return String(reader.fixed64());
    case "sfixed64":
      return String(reader.sfixed64());
    case "enum": {
      const n = reader.int32();
      const e = type.kind === "enum" ? defs.type(type.fullName) : undefined;
      const v = e?.kind === "enum" ? e.values.find((x) => x.number === n) : undefined;
      return v ? v.name : String(n);
    }
    default:
      throw new Undecodable();
  }
}
