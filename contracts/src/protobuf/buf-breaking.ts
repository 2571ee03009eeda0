import { ContractFailure, type ContractError, type Result } from "../errors.js";
import {
  allEnums,
  allMessages,
  findOption,
  SCALAR_TYPES,
  stringBytes,
  type OptionValue,
  type ProtoEnum,
  type ProtoField,
  type ProtoFile,
  type ProtoMessage,
  type ProtoMethod,
  type ProtoOption,
  type ProtoReserved,
  type ProtoService,
} from "./ast.js";
import { jsonName } from "./names.js";
import { reservationsOf } from "./reservations.js";
import { Resolver, type TypeEntry } from "./link.js";
import { parseProtoFile } from "./parser.js";
import { WELL_KNOWN_FILES } from "./well-known.js";

/** One `.proto` file of a directory: `path` relative to the root (`a/b.proto`), `text` its content. */
export interface BufFile {
  readonly path: string;
  readonly text: string;
}

/**
 * One finding, shaped like buf's `FileAnnotation`: `file` is the path in the current set (the previous set's
 * path when the element is gone), `line`/`column` 1-based, absent for file-level findings (buf prints those
 * without a position).
 */
export interface BufAnnotation {
  readonly rule: string;
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Options for {@link checkBufBreaking}: `rules` (buf rule ids) and/or `categories` (`WIRE`, `WIRE_JSON`). Default: `WIRE_JSON`. */
export interface BufCheckOptions {
  readonly rules?: readonly string[];
  readonly categories?: ReadonlyArray<"WIRE" | "WIRE_JSON">;
  /** buf `ignore_unstable_packages`: skip elements in packages like `foo.v1alpha1`, `foo.v2beta`, `foo.v1test`. */
  readonly ignoreUnstablePackages?: boolean;
}

/** buf's WIRE category (v1/v2 configs): the rules this checker implements for it. Source: buf rule-categories. */
export const WIRE_RULES: readonly string[] = [
  "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED",
  "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED",
  "FIELD_SAME_DEFAULT",
  "FIELD_SAME_ONEOF",
  "FIELD_WIRE_COMPATIBLE_CARDINALITY",
  "FIELD_WIRE_COMPATIBLE_TYPE",
  "FILE_SAME_PACKAGE",
  "MESSAGE_SAME_REQUIRED_FIELDS",
  "RESERVED_ENUM_NO_DELETE",
  "RESERVED_MESSAGE_NO_DELETE",
  "RPC_SAME_CLIENT_STREAMING",
  "RPC_SAME_IDEMPOTENCY_LEVEL",
  "RPC_SAME_REQUEST_TYPE",
  "RPC_SAME_RESPONSE_TYPE",
  "RPC_SAME_SERVER_STREAMING",
];

/** buf's WIRE_JSON category: WIRE plus the JSON-name and JSON-format rules. */
export const WIRE_JSON_RULES: readonly string[] = [
  ...WIRE_RULES.filter((r) => r !== "FIELD_WIRE_COMPATIBLE_CARDINALITY" && r !== "FIELD_WIRE_COMPATIBLE_TYPE"),
  "ENUM_SAME_JSON_FORMAT",
  "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED",
  "ENUM_VALUE_SAME_NAME",
  "FIELD_NO_DELETE_UNLESS_NAME_RESERVED",
  "FIELD_SAME_JSON_NAME",
  "FIELD_SAME_NAME",
  "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY",
  "FIELD_WIRE_JSON_COMPATIBLE_TYPE",
  "MESSAGE_SAME_JSON_FORMAT",
];

/** Further buf rules this checker implements (FILE/PACKAGE categories, usable by id). */
export const EXTRA_RULES: readonly string[] = ["FIELD_SAME_CARDINALITY", "FIELD_SAME_TYPE", "FIELD_SAME_LABEL"];

const UNSTABLE = /\.v\d+(?:p\d+)?(?:alpha|beta|test)\d*$|\.v\d+test.*$|^v\d+(?:alpha|beta)\d*$/;

/** A parsed set of files with a shared symbol table (buf's "image"). */
interface Image {
  readonly files: ReadonlyMap<string, ProtoFile>;
  readonly types: ReadonlyMap<string, TypeEntry>;
  readonly resolver: Resolver;
}

function buildImage(files: readonly BufFile[]): Result<Image, ContractError & { file: string }> {
  const parsed = new Map<string, ProtoFile>();
  const pending: Array<[string, string]> = files.map((f) => [f.path, f.text]);
  const extra = new Map<string, ProtoFile>();
  for (const [path, text] of pending) {
    try {
      parsed.set(path, parseProtoFile(text));
    } catch (e) {
      if (e instanceof ContractFailure) return { ok: false, error: { ...e.error, file: path } };
      throw e;
    }
  }
  // Imports not in the set come from the built-in files (well-known types).
  const queue = [...parsed.values()].flatMap((f) => f.imports.map((i) => i.path));
  while (queue.length > 0) {
    const p = queue.pop()!;
    if (parsed.has(p) || extra.has(p)) continue;
    const text = WELL_KNOWN_FILES.get(p);
    if (text === undefined) continue;
    const f = parseProtoFile(text);
    extra.set(p, f);
    queue.push(...f.imports.map((i) => i.path));
  }
  const types = new Map<string, TypeEntry>();
  const packages = new Set<string>();
  for (const [path, file] of [...extra, ...parsed]) {
    const parts = file.package ? file.package.split(".") : [];
    for (let i = 1; i <= parts.length; i++) packages.add(parts.slice(0, i).join("."));
    for (const m of allMessages(file)) types.set(m.fullName, { kind: "message", node: m, file: path, package: file.package });
    for (const e of allEnums(file)) types.set(e.fullName, { kind: "enum", node: e, file: path, package: file.package });
  }
  const resolver = new Resolver(types, packages);
  // Resolve field types leniently: an unknown type stays unresolved (buf would refuse to build the image).
  for (const file of parsed.values()) {
    const fields: Array<[ProtoField, string]> = [];
    for (const m of allMessages(file)) {
      for (const f of m.fields) fields.push([f, m.fullName]);
      for (const x of m.extends) {
        x.resolvedExtendee = resolver.resolve(x.extendee, x.scope);
        for (const f of x.fields) fields.push([f, x.scope]);
      }
    }
    for (const x of file.extends) {
      x.resolvedExtendee = resolver.resolve(x.extendee, x.scope);
      for (const f of x.fields) fields.push([f, x.scope]);
    }
    for (const [f, scope] of fields) {
      if (SCALAR_TYPES.has(f.type)) f.resolved = { kind: "scalar", name: f.type };
      else {
        const full = resolver.resolve(f.type, scope);
        const entry = full === undefined ? undefined : types.get(full);
        if (full !== undefined && entry) f.resolved = entry.kind === "message" ? { kind: "message", fullName: full } : { kind: "enum", fullName: full };
      }
      if (f.mapKey !== undefined && f.resolved) f.resolvedMapValue = f.resolved;
    }
    for (const s of file.services) {
      for (const m of s.methods) {
        const i = resolver.resolve(m.inputType, file.package);
        const o = resolver.resolve(m.outputType, file.package);
        if (i !== undefined) m.resolvedInput = i;
        if (o !== undefined) m.resolvedOutput = o;
      }
    }
  }
  return { ok: true, value: { files: parsed, types, resolver } };
}

type Cardinality = "explicit" | "implicit" | "required" | "repeated" | "map";

/** Feature value set by `features.<name>` among options, as an identifier. */
function feature(options: readonly ProtoOption[], name: string): string | undefined {
  const v = findOption(options, `features.${name}`);
  return v?.kind === "ident" ? v.text : undefined;
}

interface MessageCtx {
  readonly file: ProtoFile;
  readonly path: string;
  readonly message: ProtoMessage;
  /** Messages from the file root down to this one (for feature inheritance). */
  readonly chain: readonly ProtoMessage[];
}

function fieldPresence(ctx: MessageCtx, f: ProtoField): string | undefined {
  return feature(f.options, "field_presence") ?? [...ctx.chain].reverse().map((m) => feature(m.options, "field_presence")).find((x) => x !== undefined) ?? feature(ctx.file.options, "field_presence");
}

function cardinality(ctx: MessageCtx, f: ProtoField): Cardinality {
  if (f.mapKey !== undefined) return "map";
  if (f.label === "repeated") return "repeated";
  if (f.label === "required") return "required";
  const { syntax } = ctx.file;
  if (syntax === "proto2") return "explicit";
  const isMessage = f.resolved?.kind === "message" || f.group !== undefined;
  if (syntax === "proto3") return f.label === "optional" || isMessage || f.oneof !== undefined ? "explicit" : "implicit";
  const presence = fieldPresence(ctx, f);
  if (presence === "LEGACY_REQUIRED") return "required";
  if (isMessage || f.oneof !== undefined) return "explicit";
  return presence === "IMPLICIT" ? "implicit" : "explicit";
}

const WIRE_CARD: Readonly<Record<Cardinality, number>> = { explicit: 1, implicit: 1, required: 2, repeated: 3, map: 3 };
const WIRE_JSON_CARD: Readonly<Record<Cardinality, number>> = { explicit: 1, implicit: 1, required: 2, repeated: 3, map: 4 };

/** protoreflect Kind of a field: a scalar name, `enum`, `message` or `group` (delimited encoding). */
function kindOf(ctx: MessageCtx, f: ProtoField): string {
  if (f.group) return "group";
  const r = f.resolved;
  if (!r) return "message";
  if (r.kind === "scalar") return r.name;
  if (r.kind === "enum") return "enum";
  if (f.mapKey === undefined && ctx.file.syntax === "editions") {
    const enc = feature(f.options, "message_encoding") ?? feature(ctx.file.options, "message_encoding");
    if (enc === "DELIMITED") return "group";
  }
  return "message";
}

const WIRE_GROUP: Readonly<Record<string, number>> = {
  int32: 1, int64: 1, uint32: 1, uint64: 1, bool: 1, sint32: 2, sint64: 2, string: 3, bytes: 4, fixed32: 5, sfixed32: 5,
  fixed64: 6, sfixed64: 6, double: 7, float: 8, group: 9, message: 10, enum: 11,
};
const WIRE_JSON_GROUP: Readonly<Record<string, number>> = {
  int32: 1, uint32: 1, int64: 2, uint64: 2, fixed32: 3, sfixed32: 3, fixed64: 4, sfixed64: 4, bool: 5, sint32: 6, sint64: 7,
  string: 8, bytes: 9, double: 10, float: 11, group: 12, message: 13, enum: 14,
};

function typeName(f: ProtoField): string {
  const r = f.resolved;
  return r && r.kind !== "scalar" ? r.fullName : f.type;
}

function inRanges(list: readonly ProtoReserved[], n: number): boolean {
  return reservationsOf(list).hasNumber(n);
}

function reservedNames(list: readonly ProtoReserved[]): ReadonlySet<string> {
  return reservationsOf(list).names;
}

/** Previous ranges not inside the union of the current ranges (buf `checkTagRanges`; adjacent ranges merge). */
function missingRanges(previous: readonly ProtoReserved[], current: readonly ProtoReserved[]): number {
  const cur = reservationsOf(current);
  let missing = 0;
  for (const r of previous) for (const [lo, hi] of r.ranges) if (!cur.coversRange(lo, hi)) missing++;
  return missing;
}

/** A field's default as a comparable value (buf `field_default.go`): numbers by value, strings/bytes by text. */
function defaultValue(ctx: MessageCtx, f: ProtoField, image: Image): { zero: boolean; key: string } | undefined {
  const kind = kindOf(ctx, f);
  // Any singular scalar or enum field has a default (zero when not written), whatever its presence.
  if (f.label === "repeated" || f.mapKey !== undefined || kind === "message" || kind === "group") return undefined;
  const v: OptionValue | undefined = findOption(f.options, "default");
  if (kind === "enum") {
    const e = f.resolved?.kind === "enum" ? (image.types.get(f.resolved.fullName)?.node as ProtoEnum | undefined) : undefined;
    const first = e?.values[0]?.name ?? "";
    const name = v?.kind === "ident" ? v.text : first;
    const number = e?.values.find((x) => x.name === name)?.number ?? 0;
    // Enums, bools and numbers compare by numeric value, as buf's defaultsEqual converts between kinds.
    return { zero: v === undefined, key: `n:${number}` };
  }
  if (kind === "string" || kind === "bytes") {
    // Compared byte-wise: "\xff" (byte FF) and "ÿ" (bytes C3 BF) are different defaults.
    const bytes = v?.kind === "string" ? stringBytes(v) : new Uint8Array();
    return { zero: bytes.length === 0, key: `s:${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}` };
  }
  if (kind === "bool") {
    const b = v?.kind === "ident" ? v.text === "true" : false;
    return { zero: !b, key: `n:${b ? 1 : 0}` };
  }
  let n = 0;
  if (v && (v.kind === "number" || v.kind === "ident")) {
    const t = v.text.replace(/^-?inf$/, (m) => (m.startsWith("-") ? "-Infinity" : "Infinity"));
    n = /^-?0[xX]/.test(t) ? parseInt(t, 16) : /^-?0[0-7]+$/.test(t) ? parseInt(t, 8) : Number(t);
  }
  return { zero: n === 0 && !Object.is(n, -0), key: `n:${Number.isNaN(n) ? "nan" : n}` };
}

/** Resolved `json_format` feature of a message/enum: ALLOW for proto3, LEGACY_BEST_EFFORT for proto2. */
function jsonFormat(file: ProtoFile, chain: readonly { options: readonly ProtoOption[] }[]): { value: string; option?: ProtoOption } {
  for (const el of [...chain].reverse()) {
    const o = el.options.find((x) => x.name === "features.json_format");
    if (o && o.value.kind === "ident") return { value: o.value.text, option: o };
  }
  const fo = file.options.find((x) => x.name === "features.json_format");
  if (fo && fo.value.kind === "ident") return { value: fo.value.text };
  return { value: file.syntax === "proto2" ? "LEGACY_BEST_EFFORT" : "ALLOW" };
}

function collectMessages(image: Image): Map<string, MessageCtx> {
  const out = new Map<string, MessageCtx>();
  for (const [path, file] of image.files) {
    const visit = (m: ProtoMessage, chain: readonly ProtoMessage[]): void => {
      const next = [...chain, m];
      out.set(m.fullName, { file, path, message: m, chain: next });
      for (const n of m.messages) visit(n, next);
    };
    for (const m of file.messages) visit(m, []);
  }
  return out;
}

function collectEnums(image: Image): Map<string, { file: ProtoFile; path: string; node: ProtoEnum; chain: ReadonlyArray<{ options: readonly ProtoOption[] }> }> {
  const out = new Map<string, { file: ProtoFile; path: string; node: ProtoEnum; chain: ReadonlyArray<{ options: readonly ProtoOption[] }> }>();
  for (const [path, file] of image.files) {
    for (const e of file.enums) out.set(e.fullName, { file, path, node: e, chain: [e] });
    const visit = (m: ProtoMessage, chain: ReadonlyArray<{ options: readonly ProtoOption[] }>): void => {
      const next = [...chain, m];
      for (const e of m.enums) out.set(e.fullName, { file, path, node: e, chain: [...next, e] });
      for (const n of m.messages) visit(n, next);
    };
    for (const m of file.messages) visit(m, []);
  }
  return out;
}

function collectMethods(image: Image): Map<string, { path: string; service: ProtoService; method: ProtoMethod }> {
  const out = new Map<string, { path: string; service: ProtoService; method: ProtoMethod }>();
  for (const [path, file] of image.files) for (const s of file.services) for (const m of s.methods) out.set(`${s.fullName}.${m.name}`, { path, service: s, method: m });
  return out;
}

/**
 * buf-style breaking-change check of two sets of `.proto` files (`buf breaking current --against previous`),
 * for buf's WIRE and WIRE_JSON categories (plus FIELD_SAME_CARDINALITY / FIELD_SAME_TYPE by id). Elements are
 * paired by full name across the whole set, as buf's image comparison does; each annotation names the rule,
 * the file and the 1-based line/column in the current file where buf puts it (the field, its type, its option,
 * the enclosing message …). Semantics: buf `bufcheckserverhandle/breaking.go`, `cardinality.go`,
 * `field_default.go` (rule ids and categories as in buf v1/v2 configs; `FIELD_SAME_LABEL` is the v1beta1 alias
 * of the three cardinality rules). Returns `SCHEMA_SYNTAX`/`SCHEMA_INVALID` (with `file`) when a file does not
 * parse; unknown types are tolerated (treated as messages).
 */
export function checkBufBreaking(previousFiles: readonly BufFile[], currentFiles: readonly BufFile[], options: BufCheckOptions = {}): Result<BufAnnotation[], ContractError & { file: string }> {
  const rules = new Set<string>(options.rules ?? []);
  for (const c of options.categories ?? (options.rules ? [] : ["WIRE_JSON"])) for (const r of c === "WIRE" ? WIRE_RULES : WIRE_JSON_RULES) rules.add(r);
  if (rules.has("FIELD_SAME_LABEL")) for (const r of ["FIELD_SAME_CARDINALITY", "FIELD_WIRE_COMPATIBLE_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"]) rules.add(r);
  const prevImg = buildImage(previousFiles);
  if (!prevImg.ok) return prevImg;
  const curImg = buildImage(currentFiles);
  if (!curImg.ok) return curImg;
  const prev = prevImg.value;
  const cur = curImg.value;
  const out: BufAnnotation[] = [];
  const seen = new Set<string>();
  const unstable = (pkg: string): boolean => options.ignoreUnstablePackages === true && UNSTABLE.test(pkg);
  const add = (rule: string, file: string, pos: { line: number; column: number } | undefined, message: string): void => {
    if (!rules.has(rule)) return;
    const key = `${rule}|${file}|${pos?.line ?? ""}|${pos?.column ?? ""}|${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ rule, file, ...(pos ? { line: pos.line, column: pos.column } : {}), message });
  };

  // Files, paired by path.
  for (const [path, file] of cur.files) {
    const p = prev.files.get(path);
    if (!p || unstable(p.package)) continue;
    if (p.package !== file.package) add("FILE_SAME_PACKAGE", path, file.packagePos, `File package changed from "${p.package}" to "${file.package}".`);
  }

  // Messages and their fields, paired by full name / number.
  const prevMessages = collectMessages(prev);
  const curMessages = collectMessages(cur);
  for (const [name, c] of curMessages) {
    const p = prevMessages.get(name);
    if (!p || unstable(p.file.package)) continue;
    const m = c.message;
    const pm = p.message;
    const mpos = m.pos;
    // FIELD_NO_DELETE_UNLESS_*_RESERVED
    const curNumbers = new Set(m.fields.map((f) => f.number));
    const curReservedNames = reservedNames(m.reserved);
    for (const pf of pm.fields) {
      if (curNumbers.has(pf.number)) continue;
      if (!inRanges(m.reserved, pf.number)) add("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", c.path, mpos, `Previously present field "${pf.number}" with name "${pf.name}" on message "${m.name}" was deleted without reserving the number "${pf.number}".`);
      if (!curReservedNames.has(pf.name)) add("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", c.path, mpos, `Previously present field "${pf.number}" with name "${pf.name}" on message "${m.name}" was deleted without reserving the name "${pf.name}".`);
    }
    // RESERVED_MESSAGE_NO_DELETE
    const missing = missingRanges(pm.reserved, m.reserved);
    for (let i = 0; i < missing; i++) add("RESERVED_MESSAGE_NO_DELETE", c.path, mpos, `Previously present reserved range on message "${m.name}" was deleted (${i + 1}).`);
    for (const n of reservedNames(pm.reserved)) if (!curReservedNames.has(n)) add("RESERVED_MESSAGE_NO_DELETE", c.path, mpos, `Previously present reserved name "${n}" on message "${m.name}" was deleted.`);
    // MESSAGE_SAME_REQUIRED_FIELDS
    const isReq = (ctx: MessageCtx, f: ProtoField): boolean => cardinality(ctx, f) === "required";
    const prevReq = new Set(pm.fields.filter((f) => isReq(p, f)).map((f) => f.number));
    const curReq = m.fields.filter((f) => isReq(c, f));
    for (const n of prevReq) if (!curReq.some((f) => f.number === n)) add("MESSAGE_SAME_REQUIRED_FIELDS", c.path, mpos, `Message "${pm.name}" had required field "${n}" deleted.`);
    for (const f of curReq) if (!prevReq.has(f.number)) add("MESSAGE_SAME_REQUIRED_FIELDS", c.path, f.pos, `Message "${m.name}" had required field "${f.number}" added.`);
    // MESSAGE_SAME_JSON_FORMAT
    const pj = jsonFormat(p.file, p.chain);
    const cj = jsonFormat(c.file, c.chain);
    if (pj.value === "ALLOW" && cj.value !== "ALLOW") add("MESSAGE_SAME_JSON_FORMAT", c.path, cj.option?.pos ?? mpos, `Message "${m.name}" JSON format support changed from ALLOW to ${cj.value}.`);
    // Field pairs.
    for (const f of m.fields) {
      const pf = pm.fields.find((x) => x.number === f.number);
      if (pf) compareFieldPair(p, pf, c, f, prev, cur, add);
    }
  }

  // Extensions, paired by extendee and number.
  const extensions = (img: Image): Map<string, { ctx: MessageCtx; field: ProtoField }> => {
    const map = new Map<string, { ctx: MessageCtx; field: ProtoField }>();
    for (const [path, file] of img.files) {
      const blocks = [...file.extends, ...allMessages(file).flatMap((m) => m.extends)];
      for (const x of blocks) {
        const holder: ProtoMessage = { kind: "message", name: x.extendee, fullName: x.scope, fields: x.fields, oneofs: [], messages: [], enums: [], extends: [], reserved: [], extensionRanges: [], options: [], pos: x.pos, end: x.pos, isGroup: false };
        for (const f of x.fields) map.set(`${x.resolvedExtendee ?? x.extendee}#${f.number}`, { ctx: { file, path, message: holder, chain: [] }, field: f });
      }
    }
    return map;
  };
  const prevExt = extensions(prev);
  for (const [key, c] of extensions(cur)) {
    const p = prevExt.get(key);
    if (p && !unstable(p.ctx.file.package)) compareFieldPair(p.ctx, p.field, c.ctx, c.field, prev, cur, add, true);
  }

  // Enums.
  const prevEnums = collectEnums(prev);
  for (const [name, c] of collectEnums(cur)) {
    const p = prevEnums.get(name);
    if (!p || unstable(p.file.package)) continue;
    const e = c.node;
    const pe = p.node;
    const curNums = new Set(e.values.map((v) => v.number));
    const curResNames = reservedNames(e.reserved);
    const prevByNumber = new Map<number, string[]>();
    for (const v of pe.values) prevByNumber.set(v.number, [...(prevByNumber.get(v.number) ?? []), v.name]);
    for (const [n, names] of prevByNumber) {
      if (curNums.has(n)) continue;
      if (!inRanges(e.reserved, n)) add("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", c.path, e.pos, `Previously present enum value "${n}" on enum "${e.name}" was deleted without reserving the number "${n}".`);
      if (!names.every((x) => curResNames.has(x))) add("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", c.path, e.pos, `Previously present enum value "${n}" on enum "${e.name}" was deleted without reserving the name.`);
    }
    for (const v of e.values) {
      const prevNames = prevByNumber.get(v.number);
      if (!prevNames) continue;
      const curNames = e.values.filter((x) => x.number === v.number).map((x) => x.name);
      // Every previous name of the number must survive (new aliases may be added).
      if (!prevNames.every((x) => curNames.includes(x))) add("ENUM_VALUE_SAME_NAME", c.path, v.pos, `Enum value "${v.number}" on enum "${e.name}" changed name from ${prevNames.join(", ")} to ${curNames.join(", ")}.`);
    }
    const missing = missingRanges(pe.reserved, e.reserved);
    for (let i = 0; i < missing; i++) add("RESERVED_ENUM_NO_DELETE", c.path, e.pos, `Previously present reserved range on enum "${e.name}" was deleted (${i + 1}).`);
    for (const n of reservedNames(pe.reserved)) if (!curResNames.has(n)) add("RESERVED_ENUM_NO_DELETE", c.path, e.pos, `Previously present reserved name "${n}" on enum "${e.name}" was deleted.`);
    const pj = jsonFormat(p.file, p.chain);
    const cj = jsonFormat(c.file, c.chain);
    if (pj.value === "ALLOW" && cj.value !== "ALLOW") add("ENUM_SAME_JSON_FORMAT", c.path, cj.option?.pos ?? e.pos, `Enum "${e.name}" JSON format support changed from ALLOW to ${cj.value}.`);
  }

  // RPCs, paired by service full name and method name.
  const prevMethods = collectMethods(prev);
  for (const [key, c] of collectMethods(cur)) {
    const p = prevMethods.get(key);
    if (!p) continue;
    const m = c.method;
    const pm = p.method;
    if (pm.clientStreaming !== m.clientStreaming) add("RPC_SAME_CLIENT_STREAMING", c.path, m.pos, `RPC "${m.name}" on service "${c.service.name}" changed client streaming.`);
    if (pm.serverStreaming !== m.serverStreaming) add("RPC_SAME_SERVER_STREAMING", c.path, m.pos, `RPC "${m.name}" on service "${c.service.name}" changed server streaming.`);
    if ((pm.resolvedInput ?? pm.inputType) !== (m.resolvedInput ?? m.inputType)) add("RPC_SAME_REQUEST_TYPE", c.path, m.pos, `RPC "${m.name}" on service "${c.service.name}" changed request type.`);
    if ((pm.resolvedOutput ?? pm.outputType) !== (m.resolvedOutput ?? m.outputType)) add("RPC_SAME_RESPONSE_TYPE", c.path, m.pos, `RPC "${m.name}" on service "${c.service.name}" changed response type.`);
    const level = (x: ProtoMethod): string => {
      const v = findOption(x.options, "idempotency_level");
      return v?.kind === "ident" ? v.text : "IDEMPOTENCY_UNKNOWN";
    };
    if (level(pm) !== level(m)) {
      const opt = m.options.find((o) => o.name === "idempotency_level");
      add("RPC_SAME_IDEMPOTENCY_LEVEL", c.path, opt?.pos, `RPC "${m.name}" on service "${c.service.name}" changed option "idempotency_level" from "${level(pm)}" to "${level(m)}".`);
    }
  }
  return { ok: true, value: out };
}

type Add = (rule: string, file: string, pos: { line: number; column: number } | undefined, message: string) => void;

function compareFieldPair(pc: MessageCtx, pf: ProtoField, cc: MessageCtx, f: ProtoField, prev: Image, cur: Image, add: Add, isExtension = false): void {
  const file = cc.path;
  const desc = `Field "${f.number}" with name "${f.name}" on message "${cc.message.name}"`;
  // Cardinality.
  const pcard = cardinality(pc, pf);
  const ccard = cardinality(cc, f);
  if (pcard !== ccard) add("FIELD_SAME_CARDINALITY", file, f.pos, `${desc} changed cardinality from "${pcard}" to "${ccard}".`);
  if (WIRE_CARD[pcard] !== WIRE_CARD[ccard]) add("FIELD_WIRE_COMPATIBLE_CARDINALITY", file, f.pos, `${desc} changed cardinality from "${pcard}" to "${ccard}".`);
  if (WIRE_JSON_CARD[pcard] !== WIRE_JSON_CARD[ccard]) add("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", file, f.pos, `${desc} changed cardinality from "${pcard}" to "${ccard}".`);
  // Types.
  const pk = kindOf(pc, pf);
  const ck = kindOf(cc, f);
  const changedName = `${desc} changed type from "${typeName(pf)}" to "${typeName(f)}".`;
  if (pk !== ck) add("FIELD_SAME_TYPE", file, f.typePos, `${desc} changed type from "${pk}" to "${ck}".`);
  else if ((ck === "enum" || ck === "group" || ck === "message") && typeName(pf) !== typeName(f)) add("FIELD_SAME_TYPE", file, f.typePos, changedName);
  for (const [rule, groups] of [
    ["FIELD_WIRE_COMPATIBLE_TYPE", WIRE_GROUP],
    ["FIELD_WIRE_JSON_COMPATIBLE_TYPE", WIRE_JSON_GROUP],
  ] as const) {
    if (groups[pk] !== groups[ck]) {
      if (rule === "FIELD_WIRE_COMPATIBLE_TYPE" && pk === "string" && ck === "bytes") continue;
      add(rule, file, f.typePos, `${desc} changed type from "${pk}" to "${ck}".`);
    } else if (ck === "enum" && typeName(pf) !== typeName(f)) {
      const pe = prev.types.get(typeName(pf))?.node as ProtoEnum | undefined;
      const ce = cur.types.get(typeName(f))?.node as ProtoEnum | undefined;
      const subset = pe && ce && pe.values.every((v) => ce.values.some((x) => x.name === v.name && x.number === v.number));
      if (!pe || !ce || pe.name !== ce.name || !subset) add(rule, file, f.typePos, changedName);
    } else if ((ck === "group" || ck === "message") && typeName(pf) !== typeName(f)) {
      add(rule, file, f.typePos, changedName);
    }
  }
  // Names.
  const pName = isExtension ? `${pc.message.fullName}.${pf.name}` : pf.name;
  const cName = isExtension ? `${cc.message.fullName}.${f.name}` : f.name;
  if (pName !== cName) add("FIELD_SAME_NAME", file, f.pos, `${desc} changed name from "${pName}" to "${cName}".`);
  if (!isExtension && jsonName(pf) !== jsonName(f)) {
    const opt = f.options.find((o) => o.name === "json_name");
    add("FIELD_SAME_JSON_NAME", file, opt?.pos ?? f.pos, `${desc} changed option "json_name" from "${jsonName(pf)}" to "${jsonName(f)}".`);
  }
  // Oneof.
  if (!isExtension && (pf.oneof !== undefined || f.oneof !== undefined) && pf.oneof !== f.oneof) {
    add("FIELD_SAME_ONEOF", file, f.pos, `${desc} moved oneof.`);
  }
  // Default.
  const pd = defaultValue(pc, pf, prev);
  const cd = defaultValue(cc, f, cur);
  if (pd && cd && !(pd.zero && cd.zero) && pd.key !== cd.key) {
    const opt = f.options.find((o) => o.name === "default");
    add("FIELD_SAME_DEFAULT", file, opt?.pos ?? f.pos, `${desc} changed default value.`);
  }
}
