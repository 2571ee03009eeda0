/**
 * buf's element-pair breaking rules: messages, enums and services paired by full name across the two sets, their
 * fields by number, extensions by extendee and number, RPCs by name (deletions inside an element, reserved and
 * extension ranges, cardinality, types, names, JSON names and formats, oneofs, defaults, streaming …). Semantics:
 * buf `bufcheckserverhandle/breaking.go`, `cardinality.go`, `field_default.go`.
 */
import { findOption, MAX_FIELD_NUMBER, stringBytes, type OptionValue, type Pos, type ProtoEnum, type ProtoField, type ProtoFile, type ProtoMethod, type ProtoOption, type ProtoReserved } from "./ast.js";
import {
  collectEnums,
  collectExtensions,
  collectMessages,
  collectMethods,
  collectServices,
  feature,
  kindOf,
  optionNamed,
  resolveFeature,
  type Emit,
  type EnumCtx,
  type Image,
  type MessageCtx,
  type Where,
} from "./buf-image.js";
import { compareFieldFeatures, describeField } from "./buf-rules-field.js";
import { jsonName } from "./names.js";
import { reservationsOf } from "./reservations.js";

/**
 * Runs every element-pair rule over two images, emitting through `emit` (which drops unselected rules): message,
 * field, extension, enum, service and RPC pairs. Field pairs also get {@link compareFieldFeatures}.
 */
export function checkElementPairs(prev: Image, cur: Image, emit: Emit): void {
  checkMessages(prev, cur, emit);
  const prevExt = collectExtensions(prev);
  for (const [key, c] of collectExtensions(cur)) {
    const p = prevExt.get(key);
    if (!p) continue;
    compareFieldPair(p.ctx, p.field, c.ctx, c.field, prev, cur, emit, true);
    compareFieldFeatures({ ctx: p.ctx, field: p.field }, { ctx: c.ctx, field: c.field }, emit, true);
  }
  checkEnums(prev, cur, emit);
  checkServices(prev, cur, emit);
}

type Cardinality = "explicit" | "implicit" | "required" | "repeated" | "map";

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

/** Previous ranges not inside the union of the current ranges, as `5` or `1 to 3` (buf `checkTagRanges`; adjacent ranges merge). */
function missingRanges(previous: readonly ProtoReserved[], current: readonly ProtoReserved[]): string[] {
  const cur = reservationsOf(current);
  const missing: string[] = [];
  for (const r of previous) for (const [lo, hi] of r.ranges) if (!cur.coversRange(lo, hi)) missing.push(lo === hi ? `${lo}` : `${lo} to ${hi === MAX_FIELD_NUMBER ? "max" : hi}`);
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

/** Message-pair rules (paired by full name): deletions of fields, oneofs, reserved and extension ranges; required fields; message options; then each field pair. */
function checkMessages(prev: Image, cur: Image, emit: Emit): void {
  const prevMessages = collectMessages(prev);
  for (const [name, c] of collectMessages(cur)) {
    const p = prevMessages.get(name);
    if (!p) continue;
    const m = c.message;
    const pm = p.message;
    const at = (pos: Pos | undefined): Where => ({ file: c.path, ...(pos ? { pos } : {}), against: p.path });
    const mpos = at(m.pos);
    const curNumbers = new Set(m.fields.map((f) => f.number));
    const curReservedNames = reservedNames(m.reserved);
    for (const pf of pm.fields) {
      if (curNumbers.has(pf.number)) continue;
      const what = `field "${pf.number}" with name "${pf.name}" on message "${m.name}"`;
      emit("FIELD_NO_DELETE", mpos, `Previously present ${what} was deleted.`);
      if (!inRanges(m.reserved, pf.number)) emit("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", mpos, `Previously present ${what} was deleted without reserving the number "${pf.number}".`);
      if (!curReservedNames.has(pf.name)) emit("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", mpos, `Previously present ${what} was deleted without reserving the name "${pf.name}".`);
    }
    // The tree holds declared oneofs only: the synthetic ones of proto3 `optional`, which buf skips, are not there.
    const curOneofs = new Set(m.oneofs.map((o) => o.name));
    for (const o of pm.oneofs) if (!curOneofs.has(o.name)) emit("ONEOF_NO_DELETE", mpos, `Previously present oneof "${o.name}" on message "${m.name}" was deleted.`);
    for (const r of missingRanges(pm.reserved, m.reserved)) emit("RESERVED_MESSAGE_NO_DELETE", mpos, `Previously present reserved range "${r}" on message "${m.name}" was deleted.`);
    for (const n of reservedNames(pm.reserved)) if (!curReservedNames.has(n)) emit("RESERVED_MESSAGE_NO_DELETE", mpos, `Previously present reserved name "${n}" on message "${m.name}" was deleted.`);
    for (const r of missingRanges(pm.extensionRanges, m.extensionRanges)) emit("EXTENSION_MESSAGE_NO_DELETE", mpos, `Previously present extension range "${r}" on message "${m.name}" was deleted.`);
    const isReq = (ctx: MessageCtx, f: ProtoField): boolean => cardinality(ctx, f) === "required";
    const prevReq = new Set(pm.fields.filter((f) => isReq(p, f)).map((f) => f.number));
    const curReq = m.fields.filter((f) => isReq(c, f));
    for (const n of prevReq) if (!curReq.some((f) => f.number === n)) emit("MESSAGE_SAME_REQUIRED_FIELDS", mpos, `Message "${pm.name}" had required field "${n}" deleted.`);
    // buf has no previous location for an added required field.
    for (const f of curReq) if (!prevReq.has(f.number)) emit("MESSAGE_SAME_REQUIRED_FIELDS", { file: c.path, pos: f.pos }, `Message "${m.name}" had required field "${f.number}" added.`);
    const pj = jsonFormat(p.file, p.chain);
    const cj = jsonFormat(c.file, c.chain);
    if (pj.value === "ALLOW" && cj.value !== "ALLOW") emit("MESSAGE_SAME_JSON_FORMAT", at(cj.option?.pos ?? m.pos), `Message "${m.name}" JSON format support changed from ALLOW to ${cj.value}.`);
    for (const [rule, option, breaks] of [
      ["MESSAGE_NO_REMOVE_STANDARD_DESCRIPTOR_ACCESSOR", "no_standard_descriptor_accessor", (a: string, b: string) => a === "false" && b === "true"],
      ["MESSAGE_SAME_MESSAGE_SET_WIRE_FORMAT", "message_set_wire_format", (a: string, b: string) => a !== b],
    ] as const) {
      const pv = boolOption(pm.options, option);
      const cv = boolOption(m.options, option);
      // Reported at the option, or without a line when the current message no longer sets it.
      if (breaks(pv, cv)) emit(rule, at(optionNamed(m.options, option)?.pos), `Message option "${option}" changed from "${pv}" to "${cv}".`);
    }
    for (const f of m.fields) {
      const pf = pm.fields.find((x) => x.number === f.number);
      if (!pf) continue;
      compareFieldPair(p, pf, c, f, prev, cur, emit);
      compareFieldFeatures({ ctx: p, field: pf }, { ctx: c, field: f }, emit);
    }
  }
}

function boolOption(options: readonly ProtoOption[], name: string): string {
  const v = findOption(options, name);
  return v?.kind === "ident" && v.text === "true" ? "true" : "false";
}

/** Whether an enum is closed: proto2 enums are, proto3 ones are not, editions follow `features.enum_type`. */
function enumClosed(e: EnumCtx): boolean {
  if (e.file.syntax !== "editions") return e.file.syntax === "proto2";
  return resolveFeature([...e.chain].reverse().concat(e.file), "enum_type", "OPEN") === "CLOSED";
}

/** Enum-pair rules (paired by full name): value deletions, names, reserved ranges, JSON format, open/closed. */
function checkEnums(prev: Image, cur: Image, emit: Emit): void {
  const prevEnums = collectEnums(prev);
  for (const [name, c] of collectEnums(cur)) {
    const p = prevEnums.get(name);
    if (!p) continue;
    const e = c.node;
    const pe = p.node;
    const at = (pos: Pos): Where => ({ file: c.path, pos, against: p.path });
    const curNums = new Set(e.values.map((v) => v.number));
    const curResNames = reservedNames(e.reserved);
    const prevByNumber = new Map<number, string[]>();
    for (const v of pe.values) prevByNumber.set(v.number, [...(prevByNumber.get(v.number) ?? []), v.name]);
    for (const [n, names] of prevByNumber) {
      if (curNums.has(n)) continue;
      emit("ENUM_VALUE_NO_DELETE", at(e.pos), `Previously present enum value "${n}" on enum "${e.name}" was deleted.`);
      if (!inRanges(e.reserved, n)) emit("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", at(e.pos), `Previously present enum value "${n}" on enum "${e.name}" was deleted without reserving the number "${n}".`);
      if (!names.every((x) => curResNames.has(x))) emit("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", at(e.pos), `Previously present enum value "${n}" on enum "${e.name}" was deleted without reserving the name.`);
    }
    for (const v of e.values) {
      const prevNames = prevByNumber.get(v.number);
      if (!prevNames) continue;
      const curNames = e.values.filter((x) => x.number === v.number).map((x) => x.name);
      // Every previous name of the number must survive (new aliases may be added).
      if (!prevNames.every((x) => curNames.includes(x))) emit("ENUM_VALUE_SAME_NAME", at(v.pos), `Enum value "${v.number}" on enum "${e.name}" changed name from ${prevNames.join(", ")} to ${curNames.join(", ")}.`);
    }
    for (const r of missingRanges(pe.reserved, e.reserved)) emit("RESERVED_ENUM_NO_DELETE", at(e.pos), `Previously present reserved range "${r}" on enum "${e.name}" was deleted.`);
    for (const n of reservedNames(pe.reserved)) if (!curResNames.has(n)) emit("RESERVED_ENUM_NO_DELETE", at(e.pos), `Previously present reserved name "${n}" on enum "${e.name}" was deleted.`);
    const pj = jsonFormat(p.file, p.chain);
    const cj = jsonFormat(c.file, c.chain);
    if (pj.value === "ALLOW" && cj.value !== "ALLOW") emit("ENUM_SAME_JSON_FORMAT", at(cj.option?.pos ?? e.pos), `Enum "${e.name}" JSON format support changed from ALLOW to ${cj.value}.`);
    const pc = enumClosed(p);
    const cc = enumClosed(c);
    if (pc !== cc) {
      const show = (closed: boolean): string => (closed ? "closed" : "open");
      emit("ENUM_SAME_TYPE", at(optionNamed(e.options, "features.enum_type")?.pos ?? e.pos), `Enum "${e.name}" changed from ${show(pc)} to ${show(cc)}.`);
    }
  }
}

/** Service- and RPC-pair rules (services by full name, RPCs by name): RPC deletions, streaming, types, idempotency. */
function checkServices(prev: Image, cur: Image, emit: Emit): void {
  const prevServices = collectServices(prev);
  for (const [name, c] of collectServices(cur)) {
    const p = prevServices.get(name);
    if (!p) continue;
    const names = new Set(c.service.methods.map((m) => m.name));
    for (const m of p.service.methods) if (!names.has(m.name)) emit("RPC_NO_DELETE", { file: c.path, pos: c.service.pos, against: p.path }, `Previously present RPC "${m.name}" on service "${c.service.name}" was deleted.`);
  }
  const prevMethods = collectMethods(prev);
  for (const [key, c] of collectMethods(cur)) {
    const p = prevMethods.get(key);
    if (!p) continue;
    const m = c.method;
    const pm = p.method;
    const at = (pos: Pos | undefined): Where => ({ file: c.path, ...(pos ? { pos } : {}), against: p.path });
    const rpc = `RPC "${m.name}" on service "${c.service.name}"`;
    if (pm.clientStreaming !== m.clientStreaming) emit("RPC_SAME_CLIENT_STREAMING", at(m.pos), `${rpc} changed client streaming.`);
    if (pm.serverStreaming !== m.serverStreaming) emit("RPC_SAME_SERVER_STREAMING", at(m.pos), `${rpc} changed server streaming.`);
    if ((pm.resolvedInput ?? pm.inputType) !== (m.resolvedInput ?? m.inputType)) emit("RPC_SAME_REQUEST_TYPE", at(m.pos), `${rpc} changed request type.`);
    if ((pm.resolvedOutput ?? pm.outputType) !== (m.resolvedOutput ?? m.outputType)) emit("RPC_SAME_RESPONSE_TYPE", at(m.pos), `${rpc} changed response type.`);
    const level = (x: ProtoMethod): string => {
      const v = findOption(x.options, "idempotency_level");
      return v?.kind === "ident" ? v.text : "IDEMPOTENCY_UNKNOWN";
    };
    if (level(pm) !== level(m)) emit("RPC_SAME_IDEMPOTENCY_LEVEL", at(optionNamed(m.options, "idempotency_level")?.pos), `${rpc} changed option "idempotency_level" from "${level(pm)}" to "${level(m)}".`);
  }
}

/** The WIRE/WIRE_JSON/FILE rules on one field pair (cardinality, type, name, JSON name, oneof, default). */
function compareFieldPair(pc: MessageCtx, pf: ProtoField, cc: MessageCtx, f: ProtoField, prev: Image, cur: Image, emit: Emit, isExtension = false): void {
  const add = (rule: string, pos: Pos | undefined, message: string): void => emit(rule, { file: cc.path, ...(pos ? { pos } : {}), against: pc.path }, message);
  const desc = describeField({ ctx: cc, field: f }, isExtension);
  // Cardinality.
  const pcard = cardinality(pc, pf);
  const ccard = cardinality(cc, f);
  if (pcard !== ccard) add("FIELD_SAME_CARDINALITY", f.pos, `${desc} changed cardinality from "${pcard}" to "${ccard}".`);
  if (WIRE_CARD[pcard] !== WIRE_CARD[ccard]) add("FIELD_WIRE_COMPATIBLE_CARDINALITY", f.pos, `${desc} changed cardinality from "${pcard}" to "${ccard}".`);
  if (WIRE_JSON_CARD[pcard] !== WIRE_JSON_CARD[ccard]) add("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", f.pos, `${desc} changed cardinality from "${pcard}" to "${ccard}".`);
  // Types.
  const pk = kindOf(pc, pf);
  const ck = kindOf(cc, f);
  const changedName = `${desc} changed type from "${typeName(pf)}" to "${typeName(f)}".`;
  if (pk !== ck) add("FIELD_SAME_TYPE", f.typePos, `${desc} changed type from "${pk}" to "${ck}".`);
  else if ((ck === "enum" || ck === "group" || ck === "message") && typeName(pf) !== typeName(f)) add("FIELD_SAME_TYPE", f.typePos, changedName);
  for (const [rule, groups] of [
    ["FIELD_WIRE_COMPATIBLE_TYPE", WIRE_GROUP],
    ["FIELD_WIRE_JSON_COMPATIBLE_TYPE", WIRE_JSON_GROUP],
  ] as const) {
    if (groups[pk] !== groups[ck]) {
      if (rule === "FIELD_WIRE_COMPATIBLE_TYPE" && pk === "string" && ck === "bytes") continue;
      add(rule, f.typePos, `${desc} changed type from "${pk}" to "${ck}".`);
    } else if (ck === "enum" && typeName(pf) !== typeName(f)) {
      const pe = prev.types.get(typeName(pf))?.node as ProtoEnum | undefined;
      const ce = cur.types.get(typeName(f))?.node as ProtoEnum | undefined;
      const subset = pe && ce && pe.values.every((v) => ce.values.some((x) => x.name === v.name && x.number === v.number));
      if (!pe || !ce || pe.name !== ce.name || !subset) add(rule, f.typePos, changedName);
    } else if ((ck === "group" || ck === "message") && typeName(pf) !== typeName(f)) {
      add(rule, f.typePos, changedName);
    }
  }
  // Names.
  const pName = isExtension ? `${pc.message.fullName}.${pf.name}` : pf.name;
  const cName = isExtension ? `${cc.message.fullName}.${f.name}` : f.name;
  if (pName !== cName) add("FIELD_SAME_NAME", f.pos, `${desc} changed name from "${pName}" to "${cName}".`);
  if (!isExtension && jsonName(pf) !== jsonName(f)) {
    const opt = f.options.find((o) => o.name === "json_name");
    add("FIELD_SAME_JSON_NAME", opt?.pos ?? f.pos, `${desc} changed option "json_name" from "${jsonName(pf)}" to "${jsonName(f)}".`);
  }
  // Oneof.
  if (!isExtension && (pf.oneof !== undefined || f.oneof !== undefined) && pf.oneof !== f.oneof) {
    add("FIELD_SAME_ONEOF", f.pos, `${desc} moved oneof.`);
  }
  // Default.
  const pd = defaultValue(pc, pf, prev);
  const cd = defaultValue(cc, f, cur);
  if (pd && cd && !(pd.zero && cd.zero) && pd.key !== cd.key) {
    const opt = f.options.find((o) => o.name === "default");
    add("FIELD_SAME_DEFAULT", opt?.pos ?? f.pos, `${desc} changed default value.`);
  }
}
