/**
 * Resolves and type-checks option values against their definitions, as `protoc` / `buf build` do when they
 * interpret options: built-in options against the option messages of `google/protobuf/descriptor.proto`
 * (`FieldOptions`, `MessageOptions` …), custom options (`(pkg.ext).a.b`) against the `extend` that declares
 * them, and message literals field by field (unknown fields, a non-repeated field set twice, two members of one
 * oneof, a list for a singular field, scalar kinds and ranges, enum value names). Source of the rules:
 * protoc's `descriptor.cc` `OptionInterpreter` and its text-format parser (`text_format.cc`).
 */
import { ContractFailure } from "../errors.js";
import {
  allEnums,
  allMessages,
  SCALAR_TYPES,
  type OptionValue,
  type Pos,
  type ProtoEnum,
  type ProtoField,
  type ProtoFile,
  type ProtoMessage,
  type ProtoOption,
  type ResolvedOptionField,
  type ResolvedType,
} from "./ast.js";
import { splitOptionName } from "./descriptor-options.js";
import type { TextMessage, TextScalar, TextValue } from "./text-format.js";

/** What {@link checkOptions} needs from a linked schema: every loaded file and a type lookup by full name. */
export interface OptionScope {
  readonly files: ReadonlyMap<string, ProtoFile>;
  /** A message or enum by full name (no leading dot), from the schema's files or descriptor.proto. */
  type(fullName: string): ProtoMessage | ProtoEnum | undefined;
}

/** Field options that are not fields of `FieldOptions` but language pseudo-options, checked elsewhere. */
const FIELD_PSEUDO_OPTIONS = new Set(["default", "json_name"]);

/**
 * Checks every option of every file in `scope.files`.
 * @throws ContractFailure `SCHEMA_INVALID` naming the option and the reason, with the line and column in the
 * schema itself, or the file's import path in the message for a referenced file.
 */
export function checkOptions(scope: OptionScope): void {
  const extensions = extensionIndex(scope.files);
  const owners = new Map<string, FileEncoding>();
  for (const file of scope.files.values()) for (const m of allMessages(file)) owners.set(m.fullName, fileEncoding(file));
  for (const [path, file] of scope.files) new FileChecker(scope, extensions, owners, path).file(file);
}

/** An extension field, its full name and how its file encodes fields. */
interface Extension {
  readonly fullName: string;
  readonly extendee: string;
  readonly field: ProtoField;
  readonly encoding: FileEncoding;
}

/** A file's defaults for field encoding: its syntax and, in editions, its file-level features. */
interface FileEncoding {
  readonly syntax: ProtoFile["syntax"];
  readonly expanded: boolean;
  readonly implicit: boolean;
}

/** descriptor.proto (the option messages) is proto2. */
const PROTO2: FileEncoding = { syntax: "proto2", expanded: false, implicit: false };

/** The identifier value of option `name` (last wins), e.g. `false` for `[packed = false]`. */
function optionText(options: readonly ProtoOption[], name: string): string | undefined {
  let v: string | undefined;
  for (const o of options) if (o.name === name && o.value.kind === "ident") v = o.value.text;
  return v;
}

function fileEncoding(file: ProtoFile): FileEncoding {
  return {
    syntax: file.syntax,
    expanded: optionText(file.options, "features.repeated_field_encoding") === "EXPANDED",
    implicit: optionText(file.options, "features.field_presence") === "IMPLICIT",
  };
}

const PACKABLE = new Set(["double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool"]);

/** Extendee full name → extensions of it, by full name. */
type ExtensionIndex = ReadonlyMap<string, ReadonlyMap<string, Extension>>;

function extensionIndex(files: ReadonlyMap<string, ProtoFile>): ExtensionIndex {
  const index = new Map<string, Map<string, Extension>>();
  for (const file of files.values()) {
    const extendBlocks = [...file.extends, ...allMessages(file).flatMap((m) => m.extends)];
    for (const x of extendBlocks) {
      const extendee = x.resolvedExtendee;
      if (!extendee) continue;
      let byName = index.get(extendee);
      if (!byName) index.set(extendee, (byName = new Map()));
      for (const f of x.fields) {
        const fullName = x.scope ? `${x.scope}.${f.name}` : f.name;
        byName.set(fullName, { fullName, extendee, field: f, encoding: fileEncoding(file) });
      }
    }
  }
  return index;
}

const INT_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  sint32: [-(2n ** 31n), 2n ** 31n - 1n],
  sfixed32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  fixed32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  sint64: [-(2n ** 63n), 2n ** 63n - 1n],
  sfixed64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
  fixed64: [0n, 2n ** 64n - 1n],
};

function parseInteger(text: string): bigint | undefined {
  const neg = text.startsWith("-");
  const body = neg ? text.slice(1) : text;
  let v: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) v = BigInt(body);
  else if (/^0[0-7]+$/.test(body)) v = BigInt("0o" + body.slice(1));
  else if (/^(0|[1-9][0-9]*)$/.test(body)) v = BigInt(body);
  else return undefined;
  return neg ? -v : v;
}

const FLOAT_WORDS = /^-?(inf|infinity|nan)$/i;

/** A scalar as written, from either an option constant or a text-format literal. */
type Scalar = { readonly kind: "ident" | "number"; readonly text: string } | { readonly kind: "string"; readonly value: string };

class FileChecker {
  constructor(
    private readonly scope: OptionScope,
    private readonly extensions: ExtensionIndex,
    private readonly owners: ReadonlyMap<string, FileEncoding>,
    private readonly path: string,
  ) {}

  /**
   * What encoding `field` needs (see {@link ResolvedOptionField}): packed per syntax, `[packed]` and
   * `features.repeated_field_encoding`; presence per syntax, `optional`, oneofs and `features.field_presence`.
   */
  private resolvedField(field: ProtoField, owner: ProtoMessage | undefined, ext: Extension | undefined): ResolvedOptionField {
    const enc = ext?.encoding ?? (owner ? this.owners.get(owner.fullName) : undefined) ?? PROTO2;
    const type: ResolvedType = field.group ? { kind: "message", fullName: field.group.fullName } : field.resolved ?? { kind: "scalar", name: field.type };
    const repeated = isRepeated(field);
    const packedOption = optionText(field.options, "packed");
    const encodingFeature = optionText(field.options, "features.repeated_field_encoding");
    const packable = repeated && field.mapKey === undefined && (type.kind === "enum" || (type.kind === "scalar" && PACKABLE.has(type.name)));
    const packed =
      packable &&
      (enc.syntax === "proto2" ? packedOption === "true" : enc.syntax === "proto3" ? packedOption !== "false" : encodingFeature !== undefined ? encodingFeature === "PACKED" : !enc.expanded);
    const oneofIndex = owner && field.oneof !== undefined ? owner.oneofs.findIndex((o) => o.name === field.oneof) : -1;
    const presenceFeature = optionText(field.options, "features.field_presence");
    const explicitPresence =
      type.kind === "message" ||
      field.group !== undefined ||
      oneofIndex >= 0 ||
      ext !== undefined ||
      (enc.syntax === "proto2" ? true : enc.syntax === "proto3" ? field.label === "optional" : presenceFeature !== undefined ? presenceFeature !== "IMPLICIT" : !enc.implicit);
    const e = type.kind === "enum" ? this.scope.type(type.fullName) : undefined;
    const base = { repeated, packed, explicitPresence, extension: ext !== undefined, group: field.group !== undefined };
    return {
      number: field.number,
      type,
      ...base,
      ...(oneofIndex >= 0 ? { oneofIndex } : {}),
      ...(e?.kind === "enum" ? { enumValues: new Map(e.values.map((v) => [v.name, v.number])) } : {}),
      ...(field.mapKey !== undefined
        ? {
            mapEntry: {
              key: this.entryField(1, { kind: "scalar", name: field.mapKey }),
              value: this.entryField(2, field.resolvedMapValue ?? type),
            },
          }
        : {}),
    };
  }

  /** A map entry's key or value field: always written (protoc and Go write both). */
  private entryField(number: number, type: ResolvedType): ResolvedOptionField {
    const e = type.kind === "enum" ? this.scope.type(type.fullName) : undefined;
    return {
      number,
      type,
      repeated: false,
      group: false,
      packed: false,
      explicitPresence: true,
      extension: false,
      ...(e?.kind === "enum" ? { enumValues: new Map(e.values.map((v) => [v.name, v.number])) } : {}),
    };
  }

  private fail(message: string, pos: Pos): never {
    throw new ContractFailure({
      code: "SCHEMA_INVALID",
      message: this.path ? `in ${this.path}: ${message}` : message,
      ...(this.path === "" ? { line: pos.line, column: pos.column } : {}),
    });
  }

  file(file: ProtoFile): void {
    const pkg = file.package;
    this.options(file.options, "google.protobuf.FileOptions", pkg);
    for (const m of allMessages(file)) {
      this.options(m.options, "google.protobuf.MessageOptions", m.fullName);
      for (const f of m.fields) this.options(f.options, "google.protobuf.FieldOptions", m.fullName, FIELD_PSEUDO_OPTIONS);
      for (const o of m.oneofs) this.options(o.options, "google.protobuf.OneofOptions", m.fullName);
      for (const x of m.extends) for (const f of x.fields) this.options(f.options, "google.protobuf.FieldOptions", m.fullName, FIELD_PSEUDO_OPTIONS);
    }
    for (const x of file.extends) for (const f of x.fields) this.options(f.options, "google.protobuf.FieldOptions", pkg, FIELD_PSEUDO_OPTIONS);
    for (const e of allEnums(file)) {
      this.options(e.options, "google.protobuf.EnumOptions", e.fullName);
      for (const v of e.values) this.options(v.options, "google.protobuf.EnumValueOptions", e.fullName);
    }
    for (const s of file.services) {
      this.options(s.options, "google.protobuf.ServiceOptions", s.fullName);
      for (const m of s.methods) this.options(m.options, "google.protobuf.MethodOptions", s.fullName);
    }
  }

  /** The options of one element: each resolved from `optionsType`, none set twice unless repeated. */
  private options(options: readonly ProtoOption[], optionsType: string, scope: string, skip: ReadonlySet<string> = new Set()): void {
    const root = this.scope.type(optionsType);
    // Without descriptor.proto's option message (never: it is built in) there is nothing to check against.
    if (!root || root.kind !== "message") return;
    const set = new Set<string>();
    for (const o of options) {
      if (skip.has(o.name)) continue;
      const parts = splitOptionName(o.name);
      let message: ProtoMessage = root;
      const resolvedPath: string[] = [];
      const encodedPath: ResolvedOptionField[] = [];
      for (const [i, part] of parts.entries()) {
        const ext = part.extension ? this.extension(message, part.name, scope) : undefined;
        const field = part.extension ? ext?.field : message.fields.find((f) => f.name === part.name);
        if (!field) {
          const what = part.extension ? `extension (${part.name}) of ${message.fullName}` : `field ${part.name} in ${message.fullName}`;
          this.fail(`option ${o.name}: no ${what}${part.extension ? " is visible (is the file that declares it imported?)" : ""}`, o.pos);
        }
        resolvedPath.push(`${field.number}`);
        encodedPath.push(this.resolvedField(field, ext ? undefined : message, ext));
        const last = i === parts.length - 1;
        if (last) {
          const key = resolvedPath.join(".");
          if (!isRepeated(field) && set.has(key)) this.fail(`option ${o.name} is set more than once`, o.pos);
          set.add(key);
          this.optionValue(o, field, scope);
          if (parts[0]!.extension) o.resolvedPath = encodedPath;
          break;
        }
        const next = field.resolved?.kind === "message" ? this.scope.type(field.resolved.fullName) : undefined;
        if (!next || next.kind !== "message" || isRepeated(field)) {
          this.fail(`option ${o.name}: ${part.extension ? `(${part.name})` : part.name} is ${isRepeated(field) ? "repeated" : "not a message"}, so it has no field ${parts[i + 1]!.extension ? `(${parts[i + 1]!.name})` : parts[i + 1]!.name}`, o.pos);
        }
        message = next;
      }
    }
  }

  /** The extension `name` of `message` seen from `scope` (innermost scope outwards; a leading dot is absolute). */
  private extension(message: ProtoMessage, name: string, scope: string): Extension | undefined {
    const candidates = this.extensions.get(message.fullName);
    if (!candidates) return undefined;
    if (name.startsWith(".")) return candidates.get(name.slice(1));
    let s = scope;
    for (;;) {
      const found = candidates.get(s ? `${s}.${name}` : name);
      if (found) return found;
      if (s === "") return undefined;
      const dot = s.lastIndexOf(".");
      s = dot < 0 ? "" : s.slice(0, dot);
    }
  }

  private optionValue(o: ProtoOption, field: ProtoField, scope: string): void {
    const v: OptionValue = o.value;
    const type = field.resolved;
    if (!type) return;
    const what = `option ${o.name}`;
    if (field.mapKey !== undefined || type.kind === "message") {
      if (v.kind !== "aggregate") this.fail(`${what}: a message value { … } is expected, found ${describe(v)}`, o.pos);
      if (v.message) this.message(v.message, field, scope, what);
      return;
    }
    if (v.kind === "aggregate") this.fail(`${what}: a ${typeName(type)} value is expected, found a message literal`, o.pos);
    this.scalar(v, type, what, o.pos);
  }

  /** A message literal for `field` (a message field, or a map field's entry). */
  private message(literal: TextMessage, field: ProtoField, scope: string, what: string): void {
    if (field.mapKey !== undefined) {
      const counts = new Map<string, number>();
      for (const f of literal.fields) {
        if (f.name !== "key" && f.name !== "value") this.fail(`${what}: map entry has no field ${f.name} (only key and value)`, f.pos);
        counts.set(f.name, (counts.get(f.name) ?? 0) + 1);
        if (counts.get(f.name)! > 1) this.fail(`${what}: map entry field ${f.name} is set more than once`, f.pos);
        const t: ResolvedType = f.name === "key" ? { kind: "scalar", name: field.mapKey } : field.resolvedMapValue ?? field.resolved!;
        f.resolvedField = this.entryField(f.name === "key" ? 1 : 2, t);
        this.value(f.value, t, `${what}.${f.name}`, scope, false);
      }
      return;
    }
    const type = field.resolved;
    if (type?.kind !== "message") return;
    const message = this.scope.type(type.fullName);
    if (!message || message.kind !== "message") return;
    this.literal(literal, message, scope, what);
  }

  private literal(literal: TextMessage, message: ProtoMessage, scope: string, what: string): void {
    const seen = new Set<number>();
    const oneofSeen = new Map<string, string>();
    for (const f of literal.fields) {
      // An `Any` literal names its own type; its contents are not checked here.
      if (f.anyType) continue;
      const ext = f.extension ? this.extension(message, f.name, scope) : undefined;
      const field = f.extension ? ext?.field : message.fields.find((x) => x.name === f.name || (x.group !== undefined && x.group.name === f.name));
      const at = `${what}: ${f.extension ? `[${f.name}]` : f.name}`;
      if (!field) this.fail(`${what}: ${message.fullName} has no ${f.extension ? `extension [${f.name}]` : `field named ${f.name}`}`, f.pos);
      f.resolvedField = this.resolvedField(field, ext ? undefined : message, ext);
      const repeated = isRepeated(field);
      if (!repeated) {
        if (seen.has(field.number)) this.fail(`${at} is not repeated but is set more than once`, f.pos);
        if (f.value.kind === "list") this.fail(`${at} is not repeated but is given a list`, f.value.pos);
      }
      seen.add(field.number);
      if (field.oneof !== undefined) {
        const other = oneofSeen.get(field.oneof);
        if (other !== undefined && other !== field.name) this.fail(`${at} and ${other} are members of oneof ${field.oneof}; only one may be set`, f.pos);
        oneofSeen.set(field.oneof, field.name);
      }
      const items = f.value.kind === "list" ? f.value.items : [f.value];
      for (const item of items) {
        if (field.mapKey !== undefined || field.resolved?.kind === "message") {
          if (item.kind !== "message") this.fail(`${at}: a message value is expected, found ${item.kind === "list" ? "a list" : describe(item)}`, item.pos);
          this.message(item, field, scope, at);
        } else if (field.resolved) this.value(item, field.resolved, at, scope, true);
      }
    }
  }

  /** A value for a field of type `type` inside a literal (where enums may also be given by number). */
  private value(v: TextValue, type: ResolvedType, what: string, scope: string, inLiteral: boolean): void {
    if (type.kind === "message") {
      if (v.kind !== "message") this.fail(`${what}: a message value is expected`, v.pos);
      const message = this.scope.type(type.fullName);
      if (message && message.kind === "message") this.literal(v, message, scope, what);
      return;
    }
    if (v.kind === "message" || v.kind === "list") this.fail(`${what}: a ${typeName(type)} value is expected, found a ${v.kind}`, v.pos);
    this.scalar(v, type, what, v.pos, inLiteral);
  }

  private scalar(v: Scalar | TextScalar, type: ResolvedType, what: string, pos: Pos, inLiteral = false): void {
    const bad = (): never => this.fail(`${what}: ${describe(v)} is not a valid ${typeName(type)}`, pos);
    if (type.kind === "enum") {
      const e = this.scope.type(type.fullName);
      if (!e || e.kind !== "enum") return;
      if (v.kind === "ident" && e.values.some((x) => x.name === v.text)) return;
      if (inLiteral && v.kind === "number" && parseInteger(v.text) !== undefined) return;
      return bad();
    }
    if (type.kind !== "scalar" || !SCALAR_TYPES.has(type.name)) return;
    switch (type.name) {
      case "bool":
        if (v.kind === "ident" && (v.text === "true" || v.text === "false" || (inLiteral && /^(t|f|True|False)$/.test(v.text)))) return;
        if (inLiteral && v.kind === "number" && (v.text === "0" || v.text === "1")) return;
        return bad();
      case "string":
      case "bytes":
        if (v.kind === "string") return;
        return bad();
      case "float":
      case "double":
        if (v.kind === "number" && (parseInteger(v.text) !== undefined || !Number.isNaN(Number(v.text)))) return;
        // `inf`/`nan` (and `-inf`, which the option parser reads as a number) are float literals.
        if ((v.kind === "ident" || v.kind === "number") && FLOAT_WORDS.test(v.text)) return;
        return bad();
      default: {
        const range = INT_RANGES[type.name];
        const n = v.kind === "number" ? parseInteger(v.text) : undefined;
        if (n === undefined || !range || n < range[0] || n > range[1]) return bad();
      }
    }
  }
}

function isRepeated(f: ProtoField): boolean {
  return f.label === "repeated" || f.mapKey !== undefined;
}

function typeName(t: ResolvedType): string {
  return t.kind === "scalar" ? t.name : t.fullName;
}

function describe(v: Scalar | TextScalar | OptionValue): string {
  switch (v.kind) {
    case "string":
      return `the string ${JSON.stringify(v.value)}`;
    case "aggregate":
      return "a message literal";
    default:
      return `'${v.text}'`;
  }
}
