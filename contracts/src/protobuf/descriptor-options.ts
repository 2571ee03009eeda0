/**
 * Options between the two spellings of a `.proto` file: `option name = value;` as Charter's parser keeps it
 * ({@link ProtoOption}) and the option messages of `google/protobuf/descriptor.proto` (`FileOptions`,
 * `FieldOptions` …). Options that name a field of the option message (`java_package`, `deprecated`,
 * `features.field_presence` …) become that field; resolved custom options (`(my.ext).a`) become extension
 * fields (`option-encode.ts`); other custom options and values the field cannot take become
 * `uninterpreted_option` entries, as protoc writes them before it interprets options (descriptor.proto
 * `UninterpretedOption`).
 */
import { create, ScalarType, type DescField, type DescMessage, type Message } from "@bufbuild/protobuf";
import { reflect, type ReflectList, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import {
  UninterpretedOption_NamePartSchema,
  UninterpretedOptionSchema,
  type UninterpretedOption,
} from "@bufbuild/protobuf/wkt";
import { stringBytes, type OptionValue, type ProtoOption } from "./ast.js";
import { encodeCustomOptions, isEncodable } from "./option-encode.js";

/** One part of an option name: `java_package`, or `(my.ext)` with `extension` set (name without parentheses). */
export interface OptionNamePart {
  readonly name: string;
  readonly extension: boolean;
}

/** Splits an option name as written (`(a.b).c.(d)`) into its parts. */
export function splitOptionName(name: string): OptionNamePart[] {
  const parts: OptionNamePart[] = [];
  let i = 0;
  while (i < name.length) {
    if (name[i] === "(") {
      const close = name.indexOf(")", i);
      const end = close < 0 ? name.length : close;
      parts.push({ name: name.slice(i + 1, end), extension: true });
      i = end + 1;
    } else {
      const dot = name.indexOf(".", i);
      const end = dot < 0 ? name.length : dot;
      parts.push({ name: name.slice(i, end), extension: false });
      i = end;
    }
    if (name[i] === ".") i++;
  }
  return parts;
}

/** Joins option name parts back into the written form. */
export function joinOptionName(parts: readonly OptionNamePart[]): string {
  return parts.map((p) => (p.extension ? `(${p.name})` : p.name)).join(".");
}

const INT_TEXT = /^-?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/;

function parseIntText(text: string): bigint | undefined {
  if (!INT_TEXT.test(text)) return undefined;
  const neg = text.startsWith("-");
  const body = neg ? text.slice(1) : text;
  const v = /^0[xX]/.test(body) ? BigInt(body) : /^0[0-7]+$/.test(body) ? BigInt("0o" + body.slice(1)) : BigInt(body);
  return neg ? -v : v;
}

function parseFloatText(v: OptionValue): number | undefined {
  const text = v.kind === "number" || v.kind === "ident" ? v.text : undefined;
  if (text === undefined) return undefined;
  const t = text.toLowerCase();
  if (t === "inf" || t === "infinity") return Infinity;
  if (t === "-inf" || t === "-infinity") return -Infinity;
  if (t === "nan" || t === "-nan") return NaN;
  if (v.kind !== "number") return undefined;
  const n = Number(text);
  return Number.isNaN(n) ? (parseIntText(text) !== undefined ? Number(parseIntText(text)) : undefined) : n;
}

const INT32_RANGE: Partial<Record<ScalarType, readonly [bigint, bigint]>> = {
  [ScalarType.INT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SINT32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.SFIXED32]: [-(2n ** 31n), 2n ** 31n - 1n],
  [ScalarType.UINT32]: [0n, 2n ** 32n - 1n],
  [ScalarType.FIXED32]: [0n, 2n ** 32n - 1n],
  [ScalarType.INT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.SINT64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.SFIXED64]: [-(2n ** 63n), 2n ** 63n - 1n],
  [ScalarType.UINT64]: [0n, 2n ** 64n - 1n],
  [ScalarType.FIXED64]: [0n, 2n ** 64n - 1n],
};

/** The value `v` as a value of scalar type `scalar`, or undefined when it does not fit. */
function scalarValue(scalar: ScalarType, v: OptionValue, longAsString: boolean): unknown {
  switch (scalar) {
    case ScalarType.BOOL:
      return v.kind === "ident" && (v.text === "true" || v.text === "false") ? v.text === "true" : undefined;
    case ScalarType.STRING:
      return v.kind === "string" ? v.value : undefined;
    case ScalarType.BYTES:
      return v.kind === "string" ? stringBytes(v) : undefined;
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      return parseFloatText(v);
    default: {
      if (v.kind !== "number") return undefined;
      const n = parseIntText(v.text);
      const range = INT32_RANGE[scalar];
      if (n === undefined || !range || n < range[0] || n > range[1]) return undefined;
      const is64 = scalar === ScalarType.INT64 || scalar === ScalarType.SINT64 || scalar === ScalarType.SFIXED64 || scalar === ScalarType.UINT64 || scalar === ScalarType.FIXED64;
      return is64 ? (longAsString ? n.toString() : n) : Number(n);
    }
  }
}

function enumValue(field: DescField, v: OptionValue): number | undefined {
  if (v.kind !== "ident" || !field.enum) return undefined;
  return field.enum.values.find((e) => e.name === v.text)?.number;
}

/** Sets `parts` (field names) of `r` to `v`; false when a name is unknown or the value does not fit. */
function setKnown(r: ReflectMessage, parts: readonly OptionNamePart[], v: OptionValue): boolean {
  const [head, ...rest] = parts;
  if (!head || head.extension) return false;
  const field = r.desc.fields.find((f) => f.name === head.name);
  if (!field || field.name === "uninterpreted_option") return false;
  if (rest.length > 0) {
    if (field.fieldKind !== "message") return false;
    const sub = r.isSet(field) ? (r.get(field) as ReflectMessage) : reflect(field.message, create(field.message));
    if (!setKnown(sub, rest, v)) return false;
    r.set(field, sub);
    return true;
  }
  let value: unknown;
  switch (field.fieldKind) {
    case "scalar":
      value = scalarValue(field.scalar, v, field.longAsString);
      break;
    case "enum":
      value = enumValue(field, v);
      break;
    case "list": {
      const item = field.listKind === "scalar" ? scalarValue(field.scalar, v, field.longAsString) : field.listKind === "enum" ? enumValue(field, v) : undefined;
      if (item === undefined) return false;
      (r.get(field) as ReflectList).add(item);
      return true;
    }
    default:
      return false;
  }
  if (value === undefined) return false;
  r.set(field, value as never);
  return true;
}

/** `v` as protoc's `UninterpretedOption` (descriptor.proto): identifier, int, double, string or aggregate. */
export function uninterpretedOption(name: string, v: OptionValue): UninterpretedOption {
  const opt = create(UninterpretedOptionSchema, {
    name: splitOptionName(name).map((p) => create(UninterpretedOption_NamePartSchema, { namePart: p.name, isExtension: p.extension })),
  });
  switch (v.kind) {
    case "ident":
      opt.identifierValue = v.text;
      break;
    case "string":
      opt.stringValue = new TextEncoder().encode(v.value);
      break;
    case "aggregate":
      opt.aggregateValue = v.text.replace(/^\{\s*/, "").replace(/\s*\}$/, "");
      break;
    case "number": {
      const n = parseIntText(v.text);
      if (n !== undefined && n >= 0n && n < 2n ** 64n) opt.positiveIntValue = n;
      else if (n !== undefined && n < 0n && n >= -(2n ** 63n)) opt.negativeIntValue = n;
      else opt.doubleValue = parseFloatText(v) ?? NaN;
      break;
    }
  }
  return opt;
}

/**
 * The option message of type `schema` holding `options` (those named in `skip` left out), or undefined when
 * nothing is left. Known fields are set (type-checked, enum values by name); custom options that option checking
 * resolved become extension fields (`option-encode.ts`, as `buf build` writes them); everything else is kept as
 * an `uninterpreted_option`, so no option is lost.
 */
export function optionsMessage<T extends Message>(
  schema: DescMessage & { readonly typeName: string },
  options: readonly ProtoOption[],
  skip: ReadonlySet<string> = new Set(),
): T | undefined {
  const kept = options.filter((o) => !skip.has(o.name));
  if (kept.length === 0) return undefined;
  const msg = create(schema) as unknown as T;
  const r = reflect(schema, msg);
  // Every option message of descriptor.proto has `repeated UninterpretedOption uninterpreted_option = 999`.
  const plain = r.message as unknown as { uninterpretedOption?: UninterpretedOption[] };
  const custom: ProtoOption[] = [];
  for (const o of kept) {
    if (isEncodable(o)) {
      custom.push(o);
      continue;
    }
    if (setKnown(r, splitOptionName(o.name), o.value)) continue;
    plain.uninterpretedOption?.push(uninterpretedOption(o.name, o.value));
  }
  // Resolved custom options: extension fields after the message's own fields (buf build's order).
  const extensions = encodeCustomOptions(custom);
  if (extensions.length > 0) (r.message as Message).$unknown = extensions.map((f) => ({ no: f.no, wireType: f.wireType, data: f.data }));
  return r.message as T;
}

/** Quotes a string as a `.proto` string literal (escapes `\`, `"`, control characters). */
export function quoteProtoString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + '"';
}

/** Bytes as a `.proto` string literal: printable ASCII as is, everything else octal-escaped (protoc `CEscape`). */
export function cEscapeBytes(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) {
    if (b === 0x5c) out += "\\\\";
    else if (b === 0x22) out += '\\"';
    else if (b === 0x27) out += "\\'";
    else if (b === 0x0a) out += "\\n";
    else if (b === 0x0d) out += "\\r";
    else if (b === 0x09) out += "\\t";
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += "\\" + b.toString(8).padStart(3, "0");
  }
  return out;
}

function formatFloat(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (n === Infinity) return "inf";
  if (n === -Infinity) return "-inf";
  return String(n);
}

function scalarText(scalar: ScalarType, value: unknown): string {
  switch (scalar) {
    case ScalarType.STRING:
      return quoteProtoString(String(value));
    case ScalarType.BYTES:
      return `"${cEscapeBytes(value instanceof Uint8Array ? value : new Uint8Array())}"`;
    case ScalarType.FLOAT:
    case ScalarType.DOUBLE:
      return formatFloat(Number(value));
    default:
      return String(value);
  }
}

/** One option as `.proto` text: the name as written and the value as a constant. */
export interface OptionText {
  readonly name: string;
  readonly value: string;
}

function enumText(field: DescField, n: number): string {
  return field.enum?.values.find((e) => e.number === n)?.name ?? String(n);
}

function collect(r: ReflectMessage, prefix: string, skip: ReadonlySet<string>, out: OptionText[]): void {
  for (const field of r.desc.fields) {
    if (!r.isSet(field) || field.name === "uninterpreted_option" || (prefix === "" && skip.has(field.name))) continue;
    const name = prefix + field.name;
    switch (field.fieldKind) {
      case "scalar":
        out.push({ name, value: scalarText(field.scalar, r.get(field)) });
        break;
      case "enum":
        out.push({ name, value: enumText(field, r.get(field) as number) });
        break;
      case "message":
        collect(r.get(field) as ReflectMessage, name + ".", skip, out);
        break;
      case "list":
        for (const item of r.get(field) as ReflectList) {
          if (field.listKind === "scalar") out.push({ name, value: scalarText(field.scalar, item) });
          else if (field.listKind === "enum") out.push({ name, value: enumText(field, item as number) });
        }
        break;
      default:
        break;
    }
  }
}

/** `UninterpretedOption` back to text (name parts joined, value as its kind spells it). */
export function uninterpretedText(o: UninterpretedOption): OptionText {
  const name = joinOptionName(o.name.map((p) => ({ name: p.namePart, extension: p.isExtension })));
  const r = reflect(UninterpretedOptionSchema, o);
  const f = UninterpretedOptionSchema.field;
  let value = "";
  if (r.isSet(f.identifierValue)) value = o.identifierValue;
  else if (r.isSet(f.positiveIntValue)) value = o.positiveIntValue.toString();
  else if (r.isSet(f.negativeIntValue)) value = o.negativeIntValue.toString();
  else if (r.isSet(f.doubleValue)) value = formatFloat(o.doubleValue);
  else if (r.isSet(f.stringValue)) value = quoteProtoString(new TextDecoder().decode(o.stringValue));
  else if (r.isSet(f.aggregateValue)) value = `{ ${o.aggregateValue} }`;
  return { name, value };
}

/**
 * Every option set in an option message, as `.proto` text: set fields in field-number order (message-typed
 * fields such as `features` flattened to `features.x`, repeated fields one entry per value), then the
 * uninterpreted options. Fields named in `skip` (e.g. `map_entry`) are left out.
 */
export function optionsText(schema: DescMessage, message: Message | undefined, skip: ReadonlySet<string> = new Set()): OptionText[] {
  if (message === undefined) return [];
  const out: OptionText[] = [];
  const r = reflect(schema, message);
  collect(r, "", skip, out);
  for (const o of (message as { uninterpretedOption?: UninterpretedOption[] }).uninterpretedOption ?? []) out.push(uninterpretedText(o));
  return out;
}
