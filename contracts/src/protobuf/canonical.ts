import type {
  OptionValue,
  ProtoEnum,
  ProtoExtend,
  ProtoField,
  ProtoFile,
  ProtoMessage,
  ProtoOption,
  ProtoReserved,
  ProtoService,
  ResolvedType,
} from "./ast.js";
import { MAX_FIELD_NUMBER, stringBytes } from "./ast.js";
import { mergeRanges } from "./reservations.js";
import { canonicalStringLiteral } from "./tokenizer.js";

/**
 * The normalized `.proto` text of a linked file: Charter's canonical form, in the spirit of Confluent's
 * `ProtobufSchema.normalize()` (`?normalize=true`). Stable formatting (2-space indent, one declaration a line,
 * no comments), imports sorted, options sorted by name (file, message, field, enum, value, service, method),
 * type references written fully qualified with a leading dot, fields sorted by number (wire identity: field
 * order does not change the binary or the meaning), reserved/extension ranges sorted and merged, reserved names
 * sorted. Kept as written because they matter: the order of messages (Confluent message indexes), the order of
 * enum values (the first is the proto2 default), labels (`optional` in proto3 is explicit presence).
 * Requires a linked file (field `resolved` set); unresolved names are printed as written.
 */
export function canonicalProto(file: ProtoFile): string {
  const out: string[] = [];
  // Editions write reserved names as identifiers (`reserved foo;`), proto2/proto3 as strings.
  const editions = file.syntax === "editions";
  out.push(file.syntax === "editions" ? `edition = ${quote(file.edition ?? "")};` : `syntax = ${quote(file.syntax)};`);
  if (file.package) out.push(`package ${file.package};`);
  const imports = [...file.imports].sort((a, b) => cmp(a.path, b.path) || cmp(a.modifier, b.modifier));
  if (imports.length > 0) out.push("");
  for (const i of imports) out.push(`import ${i.modifier ? i.modifier + " " : ""}${quote(i.path)};`);
  const options = sortedOptions(file.options);
  if (options.length > 0) out.push("");
  for (const o of options) out.push(`option ${o.name} = ${value(o.value)};`);
  for (const m of file.messages) {
    out.push("");
    message(out, m, "", editions);
  }
  for (const e of file.enums) {
    out.push("");
    enumDecl(out, e, "", editions);
  }
  for (const x of sortedExtends(file.extends)) {
    out.push("");
    extend(out, x, "", editions);
  }
  for (const s of file.services) {
    out.push("");
    service(out, s);
  }
  return out.join("\n") + "\n";
}

const INDENT = "  ";

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function quote(s: string): string {
  return JSON.stringify(s);
}

function value(v: OptionValue): string {
  switch (v.kind) {
    case "string":
      return canonicalStringLiteral(stringBytes(v));
    case "ident":
    case "number":
    case "aggregate":
      return v.text;
  }
}

function sortedOptions(options: readonly ProtoOption[]): ProtoOption[] {
  return [...options].sort((a, b) => cmp(a.name, b.name) || cmp(value(a.value), value(b.value)));
}

function compactOptions(options: readonly ProtoOption[]): string {
  if (options.length === 0) return "";
  return ` [${sortedOptions(options)
    .map((o) => `${o.name} = ${value(o.value)}`)
    .join(", ")}]`;
}

function typeName(resolved: ResolvedType | undefined, written: string): string {
  if (!resolved) return written;
  return resolved.kind === "scalar" ? resolved.name : `.${resolved.fullName}`;
}

function fieldLine(f: ProtoField): string {
  const type = f.mapKey !== undefined ? `map<${f.mapKey}, ${typeName(f.resolvedMapValue, f.type)}>` : typeName(f.resolved, f.type);
  return `${f.label ? f.label + " " : ""}${type} ${f.name} = ${f.number}${compactOptions(f.options)}`;
}

function field(out: string[], f: ProtoField, indent: string, editions: boolean): void {
  if (f.group) {
    out.push(`${indent}${f.label ? f.label + " " : ""}group ${f.group.name} = ${f.number}${compactOptions(f.options)} {`);
    messageBody(out, f.group, indent + INDENT, editions);
    out.push(`${indent}}`);
    return;
  }
  out.push(`${indent}${fieldLine(f)};`);
}

/** Merges and sorts inclusive ranges; prints `a`, `a to b`, `a to max`. */
function ranges(list: readonly ProtoReserved[]): string[] {
  return mergeRanges(list.flatMap((r) => r.ranges)).map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo} to ${hi === MAX_FIELD_NUMBER ? "max" : hi}`));
}

function reserved(out: string[], list: readonly ProtoReserved[], indent: string, editions: boolean): void {
  const nums = ranges(list);
  if (nums.length > 0) out.push(`${indent}reserved ${nums.join(", ")};`);
  const names = [...new Set(list.flatMap((r) => r.names))].sort(cmp);
  if (names.length > 0) out.push(`${indent}reserved ${names.map((n) => (editions ? n : quote(n))).join(", ")};`);
}

function message(out: string[], m: ProtoMessage, indent: string, editions: boolean): void {
  out.push(`${indent}message ${m.name} {`);
  messageBody(out, m, indent + INDENT, editions);
  out.push(`${indent}}`);
}

function messageBody(out: string[], m: ProtoMessage, indent: string, editions: boolean): void {
  for (const o of sortedOptions(m.options)) out.push(`${indent}option ${o.name} = ${value(o.value)};`);
  // Top-level fields and oneofs interleaved by number; a oneof sorts by its lowest member number.
  const items: Array<{ key: number; print: () => void }> = [];
  for (const f of m.fields) if (f.oneof === undefined) items.push({ key: f.number, print: () => field(out, f, indent, editions) });
  const byOneof = new Map<string, ProtoField[]>();
  for (const f of m.fields) {
    if (f.oneof === undefined) continue;
    const list = byOneof.get(f.oneof);
    if (list) list.push(f);
    else byOneof.set(f.oneof, [f]);
  }
  for (const o of m.oneofs) {
    const members = (byOneof.get(o.name) ?? []).sort((a, b) => a.number - b.number);
    items.push({
      key: members[0]?.number ?? 0,
      print: () => {
        out.push(`${indent}oneof ${o.name} {`);
        for (const oo of sortedOptions(o.options)) out.push(`${indent}${INDENT}option ${oo.name} = ${value(oo.value)};`);
        for (const f of members) field(out, f, indent + INDENT, editions);
        out.push(`${indent}}`);
      },
    });
  }
  items.sort((a, b) => a.key - b.key);
  for (const i of items) i.print();
  reserved(out, m.reserved, indent, editions);
  const ext = ranges(m.extensionRanges);
  if (ext.length > 0) out.push(`${indent}extensions ${ext.join(", ")};`);
  for (const n of m.messages) if (!n.isGroup) message(out, n, indent, editions);
  for (const e of m.enums) enumDecl(out, e, indent, editions);
  for (const x of sortedExtends(m.extends)) extend(out, x, indent, editions);
}

function enumDecl(out: string[], e: ProtoEnum, indent: string, editions: boolean): void {
  out.push(`${indent}enum ${e.name} {`);
  const inner = indent + INDENT;
  for (const o of sortedOptions(e.options)) out.push(`${inner}option ${o.name} = ${value(o.value)};`);
  for (const v of e.values) out.push(`${inner}${v.name} = ${v.number}${compactOptions(v.options)};`);
  reserved(out, e.reserved, inner, editions);
  out.push(`${indent}}`);
}

function sortedExtends(list: readonly ProtoExtend[]): ProtoExtend[] {
  return [...list].sort((a, b) => cmp(a.resolvedExtendee ?? a.extendee, b.resolvedExtendee ?? b.extendee));
}

function extend(out: string[], x: ProtoExtend, indent: string, editions: boolean): void {
  out.push(`${indent}extend ${x.resolvedExtendee ? "." + x.resolvedExtendee : x.extendee} {`);
  for (const f of [...x.fields].sort((a, b) => a.number - b.number)) field(out, f, indent + INDENT, editions);
  out.push(`${indent}}`);
}

function service(out: string[], s: ProtoService): void {
  out.push(`service ${s.name} {`);
  for (const o of sortedOptions(s.options)) out.push(`${INDENT}option ${o.name} = ${value(o.value)};`);
  for (const m of s.methods) {
    const input = `${m.clientStreaming ? "stream " : ""}${m.resolvedInput ? "." + m.resolvedInput : m.inputType}`;
    const output = `${m.serverStreaming ? "stream " : ""}${m.resolvedOutput ? "." + m.resolvedOutput : m.outputType}`;
    const opts = sortedOptions(m.options);
    if (opts.length === 0) {
      out.push(`${INDENT}rpc ${m.name}(${input}) returns (${output});`);
    } else {
      out.push(`${INDENT}rpc ${m.name}(${input}) returns (${output}) {`);
      for (const o of opts) out.push(`${INDENT}${INDENT}option ${o.name} = ${value(o.value)};`);
      out.push(`${INDENT}}`);
    }
  }
  out.push("}");
}
