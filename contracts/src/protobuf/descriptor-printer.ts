/**
 * `google.protobuf.FileDescriptorProto` → `.proto` text that Charter's parser accepts, so a schema given as a
 * serialized descriptor (Confluent `ProtobufSchema` accepts base64 `FileDescriptorProto`; the Confluent
 * serializers register schemas that way) becomes an ordinary `.proto` schema.
 */
import {
  Edition,
  EnumOptionsSchema,
  EnumValueOptionsSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  MethodOptionsSchema,
  OneofOptionsSchema,
  ServiceOptionsSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type ServiceDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { isFieldSet } from "@bufbuild/protobuf";
import { MAX_FIELD_NUMBER } from "./ast.js";
import { defaultJsonName, SCALAR_FIELD_TYPES } from "./descriptor.js";
import type { DescMessage, Message } from "@bufbuild/protobuf";
import { optionsText, quoteProtoString, type OptionText } from "./descriptor-options.js";
import { extensionOptionsText, type OptionDefinitions } from "./option-decode.js";

const INDENT = "  ";
const SCALAR_NAMES: ReadonlyMap<FieldDescriptorProto_Type, string> = new Map([...SCALAR_FIELD_TYPES].map(([k, v]) => [v, k]));
const MAP_ENTRY: ReadonlySet<string> = new Set(["map_entry"]);

type Syntax = "proto2" | "proto3" | "editions";

/** Names of the nested types a scope's fields declare implicitly (map entries, groups), by simple name. */
interface Scope {
  readonly syntax: Syntax;
  /** Nested types of the scope (file top-level messages for the file). */
  readonly nested: readonly DescriptorProto[];
}

function simpleName(typeName: string): string {
  const i = typeName.lastIndexOf(".");
  return i < 0 ? typeName : typeName.slice(i + 1);
}

/** Options for {@link printFileDescriptor}. */
export interface PrintDescriptorOptions {
  /** Extension definitions from the descriptor's imports, to print custom options stored as extension fields. */
  readonly definitions?: OptionDefinitions;
  /** Called for each extension field that could not be printed (no definition for it). */
  readonly onUnprinted?: (extendee: string, fieldNumber: number) => void;
}

/** The print in progress: definitions, and notes on extension fields that could not be printed. */
interface PrintState {
  definitions: OptionDefinitions | undefined;
  onUnprinted: PrintDescriptorOptions["onUnprinted"];
  notes: string[];
}

// printFileDescriptor is synchronous, so one state per call is enough.
let state: PrintState = { definitions: undefined, onUnprinted: undefined, notes: [] };

/** Options set in an option message: its own fields and uninterpreted options, then its extension fields. */
function optionsOf(schema: DescMessage, message: Message | undefined, skip?: ReadonlySet<string>): OptionText[] {
  const out = optionsText(schema, message, skip);
  const unknown = message?.$unknown ?? [];
  if (unknown.length === 0) return out;
  const printed = state.definitions ? extensionOptionsText(schema.typeName, unknown, state.definitions) : { options: [], unprinted: [...unknown] };
  for (const u of printed.unprinted) {
    state.notes.push(`extension field ${u.no} of ${schema.typeName} not printed: no visible definition matches it`);
    state.onUnprinted?.(schema.typeName, u.no);
  }
  return [...out, ...printed.options];
}

/** Notes on unprinted extension fields, as comments before the element they belong to. */
function flushNotes(out: string[], indent: string): void {
  for (const n of state.notes) out.push(`${indent}// ${n}`);
  state.notes = [];
}

function compact(opts: readonly OptionText[]): string {
  return opts.length === 0 ? "" : ` [${opts.map((o) => `${o.name} = ${o.value}`).join(", ")}]`;
}

function optionLines(out: string[], indent: string, opts: readonly OptionText[]): void {
  flushNotes(out, indent);
  for (const o of opts) out.push(`${indent}option ${o.name} = ${o.value};`);
}

/** The map entry message a field refers to, when it is a map field of this scope. */
function mapEntryOf(f: FieldDescriptorProto, scope: Scope): DescriptorProto | undefined {
  if (f.type !== FieldDescriptorProto_Type.MESSAGE || f.label !== FieldDescriptorProto_Label.REPEATED) return undefined;
  const name = simpleName(f.typeName);
  return scope.nested.find((n) => n.name === name && n.options?.mapEntry === true);
}

function groupOf(f: FieldDescriptorProto, scope: Scope): DescriptorProto | undefined {
  if (f.type !== FieldDescriptorProto_Type.GROUP) return undefined;
  const name = simpleName(f.typeName);
  return scope.nested.find((n) => n.name === name);
}

function typeText(f: FieldDescriptorProto): string {
  return SCALAR_NAMES.get(f.type) ?? f.typeName;
}

function defaultText(f: FieldDescriptorProto): string {
  switch (f.type) {
    case FieldDescriptorProto_Type.STRING:
      return quoteProtoString(f.defaultValue);
    case FieldDescriptorProto_Type.BYTES:
      // Stored C-escaped (protoc); the escapes are valid .proto string escapes.
      return `"${f.defaultValue}"`;
    default:
      return f.defaultValue;
  }
}

function fieldOptions(f: FieldDescriptorProto): OptionText[] {
  const opts: OptionText[] = [];
  if (isFieldSet(f, FieldDescriptorProtoSchema.field.defaultValue)) opts.push({ name: "default", value: defaultText(f) });
  if (f.jsonName !== "" && f.jsonName !== defaultJsonName(f.name)) opts.push({ name: "json_name", value: quoteProtoString(f.jsonName) });
  return [...opts, ...optionsOf(FieldOptionsSchema, f.options)];
}

function labelText(f: FieldDescriptorProto, syntax: Syntax, inOneof: boolean): string {
  if (inOneof) return "";
  if (f.proto3Optional) return "optional ";
  switch (f.label) {
    case FieldDescriptorProto_Label.REPEATED:
      return "repeated ";
    case FieldDescriptorProto_Label.REQUIRED:
      return "required ";
    default:
      return syntax === "proto2" ? "optional " : "";
  }
}

function field(out: string[], f: FieldDescriptorProto, scope: Scope, indent: string, inOneof: boolean): void {
  const group = groupOf(f, scope);
  const options = compact(fieldOptions(f));
  flushNotes(out, indent);
  if (group) {
    out.push(`${indent}${labelText(f, scope.syntax, inOneof)}group ${group.name} = ${f.number}${options} {`);
    messageBody(out, group, scope.syntax, indent + INDENT);
    out.push(`${indent}}`);
    return;
  }
  const entry = mapEntryOf(f, scope);
  if (entry) {
    const key = entry.field.find((x) => x.number === 1);
    const value = entry.field.find((x) => x.number === 2);
    out.push(`${indent}map<${key ? typeText(key) : "string"}, ${value ? typeText(value) : "bytes"}> ${f.name} = ${f.number}${options};`);
    return;
  }
  out.push(`${indent}${labelText(f, scope.syntax, inOneof)}${typeText(f)} ${f.name} = ${f.number}${options};`);
}

function rangesText(ranges: ReadonlyArray<{ start: number; end: number }>, exclusive: boolean): string {
  return ranges
    .map(({ start, end }) => {
      const hi = exclusive ? end - 1 : end;
      return hi === start ? `${start}` : `${start} to ${hi >= MAX_FIELD_NUMBER ? "max" : hi}`;
    })
    .join(", ");
}

function reservedNames(names: readonly string[], syntax: Syntax): string {
  return names.map((n) => (syntax === "editions" ? n : quoteProtoString(n))).join(", ");
}

/** Fields of extend blocks, grouped by extendee in order of first appearance. */
function extendBlocks(out: string[], extensions: readonly FieldDescriptorProto[], scope: Scope, indent: string): void {
  const byExtendee = new Map<string, FieldDescriptorProto[]>();
  for (const f of extensions) byExtendee.set(f.extendee, [...(byExtendee.get(f.extendee) ?? []), f]);
  for (const [extendee, fields] of byExtendee) {
    out.push(`${indent}extend ${extendee} {`);
    for (const f of fields) field(out, f, scope, indent + INDENT, false);
    out.push(`${indent}}`);
  }
}

/** Nested types that fields declare implicitly (map entries, group bodies): not printed as messages. */
function implicitTypes(fields: readonly FieldDescriptorProto[], scope: Scope): Set<DescriptorProto> {
  const out = new Set<DescriptorProto>();
  for (const f of fields) {
    const t = mapEntryOf(f, scope) ?? groupOf(f, scope);
    if (t) out.add(t);
  }
  return out;
}

function messageBody(out: string[], m: DescriptorProto, syntax: Syntax, indent: string): void {
  const scope: Scope = { syntax, nested: m.nestedType };
  optionLines(out, indent, optionsOf(MessageOptionsSchema, m.options, MAP_ENTRY));
  const printedOneofs = new Set<number>();
  for (const f of m.field) {
    const oneof = isFieldSet(f, FieldDescriptorProtoSchema.field.oneofIndex) && !f.proto3Optional ? f.oneofIndex : undefined;
    if (oneof === undefined) {
      field(out, f, scope, indent, false);
      continue;
    }
    if (printedOneofs.has(oneof)) continue;
    printedOneofs.add(oneof);
    const decl = m.oneofDecl[oneof];
    out.push(`${indent}oneof ${decl?.name ?? `oneof_${oneof}`} {`);
    optionLines(out, indent + INDENT, optionsOf(OneofOptionsSchema, decl?.options));
    for (const member of m.field) {
      if (isFieldSet(member, FieldDescriptorProtoSchema.field.oneofIndex) && !member.proto3Optional && member.oneofIndex === oneof) {
        field(out, member, scope, indent + INDENT, true);
      }
    }
    out.push(`${indent}}`);
  }
  if (m.reservedRange.length > 0) out.push(`${indent}reserved ${rangesText(m.reservedRange, true)};`);
  if (m.reservedName.length > 0) out.push(`${indent}reserved ${reservedNames(m.reservedName, syntax)};`);
  if (m.extensionRange.length > 0) out.push(`${indent}extensions ${rangesText(m.extensionRange, true)};`);
  const implicit = implicitTypes([...m.field, ...m.extension], scope);
  for (const n of m.nestedType) if (!implicit.has(n)) message(out, n, syntax, indent);
  for (const e of m.enumType) enumDecl(out, e, syntax, indent);
  extendBlocks(out, m.extension, scope, indent);
}

function message(out: string[], m: DescriptorProto, syntax: Syntax, indent: string): void {
  out.push(`${indent}message ${m.name} {`);
  messageBody(out, m, syntax, indent + INDENT);
  out.push(`${indent}}`);
}

function enumDecl(out: string[], e: EnumDescriptorProto, syntax: Syntax, indent: string): void {
  const inner = indent + INDENT;
  out.push(`${indent}enum ${e.name} {`);
  optionLines(out, inner, optionsOf(EnumOptionsSchema, e.options));
  for (const v of e.value) {
    const options = compact(optionsOf(EnumValueOptionsSchema, v.options));
    flushNotes(out, inner);
    out.push(`${inner}${v.name} = ${v.number}${options};`);
  }
  if (e.reservedRange.length > 0) out.push(`${inner}reserved ${rangesText(e.reservedRange, false)};`);
  if (e.reservedName.length > 0) out.push(`${inner}reserved ${reservedNames(e.reservedName, syntax)};`);
  out.push(`${indent}}`);
}

function service(out: string[], s: ServiceDescriptorProto): void {
  out.push(`service ${s.name} {`);
  optionLines(out, INDENT, optionsOf(ServiceOptionsSchema, s.options));
  for (const m of s.method) {
    const head = `${INDENT}rpc ${m.name}(${m.clientStreaming ? "stream " : ""}${m.inputType}) returns (${m.serverStreaming ? "stream " : ""}${m.outputType})`;
    const opts = optionsOf(MethodOptionsSchema, m.options);
    if (opts.length === 0) {
      out.push(`${head};`);
    } else {
      out.push(`${head} {`);
      optionLines(out, INDENT + INDENT, opts);
      out.push(`${INDENT}}`);
    }
  }
  out.push("}");
}

function syntaxOf(fd: FileDescriptorProto): Syntax {
  return fd.syntax === "proto3" ? "proto3" : fd.syntax === "editions" ? "editions" : "proto2";
}

/**
 * Prints a `FileDescriptorProto` as `.proto` text: `syntax`/`edition`, package, imports (public/weak kept), file
 * options, messages (fields in descriptor order; real oneofs printed where their first member is; proto3
 * `optional` for `proto3_optional`; `map<K, V>` for fields whose type is a nested `map_entry` message; `group`
 * for `TYPE_GROUP`), enums, extend blocks and services. Type names are printed as stored (fully qualified with a
 * leading dot when the descriptor came from protoc, buf or Charter). `json_name` is printed only when it differs
 * from protoc's default; `uninterpreted_option`s are printed as written options; custom options stored as
 * extension fields (protoc, buf build, Charter) are printed as `(full.name) = value` with the definitions in
 * `options.definitions` (`option-decode.ts`), and ones without a visible definition become a comment naming
 * the field (their bytes cannot be spelled in .proto). Comments are not in a descriptor (SourceCodeInfo is
 * ignored).
 */
export function printFileDescriptor(fd: FileDescriptorProto, options: PrintDescriptorOptions = {}): string {
  const saved = state;
  state = { definitions: options.definitions, onUnprinted: options.onUnprinted, notes: [] };
  try {
    return printFile(fd);
  } finally {
    state = saved;
  }
}

function printFile(fd: FileDescriptorProto): string {
  const syntax = syntaxOf(fd);
  const out: string[] = [];
  if (syntax === "editions") {
    const edition = Edition[fd.edition]?.replace(/^EDITION_/, "") ?? "2023";
    out.push(`edition = ${quoteProtoString(edition)};`);
  } else {
    out.push(`syntax = ${quoteProtoString(syntax)};`);
  }
  if (fd.package) out.push(`package ${fd.package};`);
  if (fd.dependency.length > 0) out.push("");
  fd.dependency.forEach((d, i) => {
    const modifier = fd.publicDependency.includes(i) ? "public " : fd.weakDependency.includes(i) ? "weak " : "";
    out.push(`import ${modifier}${quoteProtoString(d)};`);
  });
  const fileOptions = optionsOf(FileOptionsSchema, fd.options);
  if (fileOptions.length > 0) out.push("");
  optionLines(out, "", fileOptions);
  const scope: Scope = { syntax, nested: fd.messageType };
  const implicit = implicitTypes(fd.extension, scope);
  for (const m of fd.messageType) {
    if (implicit.has(m)) continue;
    out.push("");
    message(out, m, syntax, "");
  }
  for (const e of fd.enumType) {
    out.push("");
    enumDecl(out, e, syntax, "");
  }
  if (fd.extension.length > 0) out.push("");
  extendBlocks(out, fd.extension, scope, "");
  for (const s of fd.service) {
    out.push("");
    service(out, s);
  }
  return out.join("\n") + "\n";
}
