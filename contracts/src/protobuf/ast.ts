/**
 * The Protobuf engine's own syntax tree of one `.proto` file, with 1-based positions of every declaration so that
 * violations and buf-style annotations can name the line in the new file. Shapes follow `descriptor.proto`
 * (FileDescriptorProto, DescriptorProto, FieldDescriptorProto …) but keep the text's spelling of type names; the
 * resolved full names live in {@link ProtoField.resolved} after linking (`link.ts`).
 */
import type { TextMessage } from "./text-format.js";

/** A 1-based position in the text. */
export interface Pos {
  readonly line: number;
  readonly column: number;
}

/** A constant as written: `kind` decides how the canonical printer spells it. */
export type OptionValue =
  | { readonly kind: "ident"; readonly text: string }
  | { readonly kind: "number"; readonly text: string }
  /**
   * A string literal: `bytes` are what it denotes (`\x`/octal escapes are raw bytes, `\u` escapes and literal
   * characters UTF-8), `value` those bytes read as UTF-8 (invalid sequences become U+FFFD). Built by hand
   * without `bytes`, the value's UTF-8 is meant.
   */
  | { readonly kind: "string"; readonly value: string; readonly bytes?: Uint8Array }
  /**
   * A text-format message literal `{ … }`: `text` is its tokens joined by single spaces (protoc's
   * `aggregate_value` spelling, braces included), `message` its structure (absent when built by hand).
   */
  | { readonly kind: "aggregate"; readonly text: string; readonly message?: TextMessage };

/** `option name = value;` or one `[name = value]` entry. `name` as written, e.g. `deprecated`, `(my.ext).a`. */
export interface ProtoOption {
  readonly name: string;
  readonly value: OptionValue;
  readonly pos: Pos;
  /**
   * A custom option (name starting with `(ext)`): the field each name part resolved to, filled in by option
   * checking (`option-check.ts`) so the descriptor can encode the option as an extension field.
   */
  resolvedPath?: readonly ResolvedOptionField[];
}

/**
 * A field that an option name part or a message-literal field resolved to, with what its wire encoding needs
 * (descriptor.proto semantics: packed repeated scalars, implicit vs explicit presence, map entries, groups).
 */
export interface ResolvedOptionField {
  readonly number: number;
  readonly type: ResolvedType;
  readonly repeated: boolean;
  /** Encoded as a group (TYPE_GROUP) rather than a length-delimited message. */
  readonly group: boolean;
  /** Repeated numeric scalars written as one packed record. */
  readonly packed: boolean;
  /** A zero value set explicitly is written (proto2, proto3 `optional`, oneof members, messages). */
  readonly explicitPresence: boolean;
  /** An extension field (`[pkg.ext]` inside a literal, or the option's first part). */
  readonly extension: boolean;
  /** Declaration index of the field's oneof in its message, when it is a member of one. */
  readonly oneofIndex?: number;
  /** Enum fields: value numbers by name. */
  readonly enumValues?: ReadonlyMap<string, number>;
  /** Map fields: the entry's key (1) and value (2) fields. */
  readonly mapEntry?: { readonly key: ResolvedOptionField; readonly value: ResolvedOptionField };
}

/** Field labels as written; `undefined` = none (proto3 singular, editions, oneof members, maps). */
export type Label = "optional" | "required" | "repeated";

/** The resolved type of a field: a scalar keyword, or a message/enum by full name (no leading dot). */
export type ResolvedType =
  | { readonly kind: "scalar"; readonly name: string }
  | { readonly kind: "message"; readonly fullName: string }
  | { readonly kind: "enum"; readonly fullName: string };

/** A field (also a map field or a group field). Mutable `resolved*` are filled in by linking. */
export interface ProtoField {
  readonly name: string;
  readonly number: number;
  readonly label: Label | undefined;
  /** Type as written (`int32`, `.a.B`, `B.C`); for a map the value type; for a group the group's message name. */
  readonly type: string;
  /** Map fields: key scalar type. */
  readonly mapKey?: string;
  /** Name of the enclosing oneof, when in one. */
  readonly oneof?: string;
  /** Groups: the message declared by the group. */
  readonly group?: ProtoMessage;
  readonly options: readonly ProtoOption[];
  /** Start of the declaration (label or type), the type token, and the `;` (or `}` for groups). */
  readonly pos: Pos;
  readonly typePos: Pos;
  readonly end: Pos;
  resolved?: ResolvedType;
  /** Map fields: resolved value type (key is always a scalar). */
  resolvedMapValue?: ResolvedType;
}

/** `oneof name { … }`. */
export interface ProtoOneof {
  readonly name: string;
  readonly options: readonly ProtoOption[];
  readonly pos: Pos;
}

/** `reserved …;` or `extensions …;`: inclusive number ranges (`max` = 536870911) and names. */
export interface ProtoReserved {
  readonly ranges: ReadonlyArray<readonly [number, number]>;
  readonly names: readonly string[];
  readonly pos: Pos;
}

/** A message (or the message a group declares). */
export interface ProtoMessage {
  readonly kind: "message";
  readonly name: string;
  /** Package-qualified name without leading dot, e.g. `a.Outer.Inner`. */
  readonly fullName: string;
  /** Every field in declaration order, oneof members included (see {@link ProtoField.oneof}). */
  readonly fields: ProtoField[];
  readonly oneofs: ProtoOneof[];
  readonly messages: ProtoMessage[];
  readonly enums: ProtoEnum[];
  readonly extends: ProtoExtend[];
  readonly reserved: ProtoReserved[];
  readonly extensionRanges: ProtoReserved[];
  readonly options: ProtoOption[];
  readonly pos: Pos;
  end: Pos;
  readonly isGroup: boolean;
}

/** One `NAME = number [opts];` of an enum. */
export interface ProtoEnumValue {
  readonly name: string;
  readonly number: number;
  readonly options: readonly ProtoOption[];
  readonly pos: Pos;
  readonly end: Pos;
}

/** An enum. */
export interface ProtoEnum {
  readonly kind: "enum";
  readonly name: string;
  readonly fullName: string;
  readonly values: ProtoEnumValue[];
  readonly reserved: ProtoReserved[];
  readonly options: ProtoOption[];
  readonly pos: Pos;
  end: Pos;
}

/** An `rpc` of a service. */
export interface ProtoMethod {
  readonly name: string;
  readonly inputType: string;
  readonly outputType: string;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
  readonly options: readonly ProtoOption[];
  readonly pos: Pos;
  readonly end: Pos;
  resolvedInput?: string;
  resolvedOutput?: string;
}

/** A service. */
export interface ProtoService {
  readonly name: string;
  readonly fullName: string;
  readonly methods: ProtoMethod[];
  readonly options: ProtoOption[];
  readonly pos: Pos;
  end: Pos;
}

/** `extend Type { fields }`. `scope` is the full name of the enclosing message or the package. */
export interface ProtoExtend {
  readonly extendee: string;
  readonly scope: string;
  readonly fields: ProtoField[];
  readonly pos: Pos;
  resolvedExtendee?: string;
}

/** `import [public|weak] "path";`. */
export interface ProtoImport {
  readonly path: string;
  readonly modifier: "" | "public" | "weak";
  readonly pos: Pos;
}

/** One parsed `.proto` file. `syntax` is `proto2` when the file declares neither syntax nor edition. */
export interface ProtoFile {
  readonly syntax: "proto2" | "proto3" | "editions";
  readonly edition?: string;
  readonly syntaxPos?: Pos;
  readonly package: string;
  readonly packagePos?: Pos;
  readonly imports: ProtoImport[];
  readonly options: ProtoOption[];
  readonly messages: ProtoMessage[];
  readonly enums: ProtoEnum[];
  readonly services: ProtoService[];
  readonly extends: ProtoExtend[];
}

/** The scalar type keywords of the Protobuf language. */
export const SCALAR_TYPES: ReadonlySet<string> = new Set([
  "double",
  "float",
  "int32",
  "int64",
  "uint32",
  "uint64",
  "sint32",
  "sint64",
  "fixed32",
  "fixed64",
  "sfixed32",
  "sfixed64",
  "bool",
  "string",
  "bytes",
]);

/** Largest field number (2^29 - 1); `max` in `reserved`/`extensions` ranges. */
export const MAX_FIELD_NUMBER = 536870911;

/** The int32 range: enum values, and extension numbers of a MessageSet. */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

/** Option value of `name` among `options` (last wins, as protoc rejects duplicates anyway). */
export function findOption(options: readonly ProtoOption[], name: string): OptionValue | undefined {
  let found: OptionValue | undefined;
  for (const o of options) if (o.name === name) found = o.value;
  return found;
}

/** Walks every message of a file depth-first (nested and group messages included), parents before children. */
export function allMessages(file: ProtoFile): ProtoMessage[] {
  const out: ProtoMessage[] = [];
  const visit = (m: ProtoMessage): void => {
    out.push(m);
    for (const n of m.messages) visit(n);
  };
  for (const m of file.messages) visit(m);
  return out;
}

/** Every enum of a file, nested ones included. */
export function allEnums(file: ProtoFile): ProtoEnum[] {
  const out: ProtoEnum[] = [...file.enums];
  for (const m of allMessages(file)) out.push(...m.enums);
  return out;
}

/** The bytes of a string constant (its UTF-8 when built by hand without them). */
export function stringBytes(v: { readonly value: string; readonly bytes?: Uint8Array }): Uint8Array {
  return v.bytes ?? new TextEncoder().encode(v.value);
}

/** A message with no members yet, positioned at `pos` (its `end` is set when its body closes). */
export function emptyMessage(name: string, fullName: string, pos: Pos, isGroup: boolean): ProtoMessage {
  return {
    kind: "message",
    name,
    fullName,
    fields: [],
    oneofs: [],
    messages: [],
    enums: [],
    extends: [],
    reserved: [],
    extensionRanges: [],
    options: [],
    pos,
    end: pos,
    isGroup,
  };
}
