/**
 * buf's rules on one field pair (same message or extendee, same number): cardinality (FIELD_SAME_CARDINALITY and
 * the WIRE/WIRE_JSON-compatible variants), type (FIELD_SAME_TYPE, FIELD_WIRE_COMPATIBLE_TYPE,
 * FIELD_WIRE_JSON_COMPATIBLE_TYPE), FIELD_SAME_NAME, FIELD_SAME_JSON_NAME, FIELD_SAME_ONEOF and FIELD_SAME_DEFAULT.
 * Semantics: buf `bufcheckserverhandle/breaking.go`, `breaking_util.go`, `cardinality.go`, `field_default.go`.
 */
import { findOption, stringBytes, type OptionValue, type Pos, type ProtoEnum, type ProtoField } from "./ast.js";
import { feature, fieldPointer, kindOf, type Emit, type Image, type MessageCtx } from "./buf-image.js";
import { mapEntryFullName } from "./map-entries.js";
import { describeField } from "./buf-rules-field.js";
import { jsonName } from "./names.js";

/** buf's cardinalities (`cardinality.go`), spelled as buf prints them. */
type Cardinality = "optional with explicit presence" | "optional with implicit presence" | "required" | "repeated" | "map";

function fieldPresence(ctx: MessageCtx, f: ProtoField): string | undefined {
  return feature(f.options, "field_presence") ?? [...ctx.chain].reverse().map((m) => feature(m.options, "field_presence")).find((x) => x !== undefined) ?? feature(ctx.file.options, "field_presence");
}

/**
 * buf `getCardinality`: repeated, map, required (the `required` label or editions' LEGACY_REQUIRED presence), else
 * optional with or without presence (protoreflect `HasPresence`: proto2 fields, extensions, messages, oneof members,
 * proto3 `optional`, editions EXPLICIT presence).
 */
export function cardinality(ctx: MessageCtx, f: ProtoField, isExtension = false): Cardinality {
  if (f.mapKey !== undefined) return "map";
  if (f.label === "repeated") return "repeated";
  if (f.label === "required") return "required";
  const { syntax } = ctx.file;
  const presence = syntax === "editions" ? fieldPresence(ctx, f) : undefined;
  if (presence === "LEGACY_REQUIRED") return "required";
  // Extensions always track presence, even in proto3 files.
  if (syntax === "proto2" || isExtension) return "optional with explicit presence";
  const isMessage = f.resolved?.kind === "message" || f.group !== undefined;
  if (isMessage || f.oneof !== undefined || (syntax === "proto3" && f.label === "optional")) return "optional with explicit presence";
  if (syntax === "proto3") return "optional with implicit presence";
  return presence === "IMPLICIT" ? "optional with implicit presence" : "optional with explicit presence";
}

const WIRE_CARD: Readonly<Record<Cardinality, number>> = { "optional with explicit presence": 1, "optional with implicit presence": 1, required: 2, repeated: 3, map: 3 };
// Maps and repeated fields have different JSON shapes.
const WIRE_JSON_CARD: Readonly<Record<Cardinality, number>> = { ...WIRE_CARD, map: 4 };

/** buf `fieldKindToWireCompatibilityGroup`. */
const WIRE_GROUP: Readonly<Record<string, number>> = {
  int32: 1, int64: 1, uint32: 1, uint64: 1, bool: 1, sint32: 2, sint64: 2, string: 3, bytes: 4, fixed32: 5, sfixed32: 5,
  fixed64: 6, sfixed64: 6, double: 7, float: 8, group: 9, message: 10, enum: 11,
};
/** buf `fieldKindToWireJSONCompatibilityGroup` (wire- and JSON-compatible: the intersection). */
const WIRE_JSON_GROUP: Readonly<Record<string, number>> = {
  int32: 1, uint32: 1, int64: 2, uint64: 2, fixed32: 3, sfixed32: 3, fixed64: 4, sfixed64: 4, bool: 5, sint32: 6, sint64: 7,
  string: 8, bytes: 9, double: 10, float: 11, group: 12, message: 13, enum: 14,
};

/** The field's type name as buf's `TypeName` (a map field's is its entry message), or the scalar name. */
function typeName(ctx: MessageCtx, f: ProtoField): string {
  if (f.mapKey !== undefined) return mapEntryFullName(ctx.message.fullName, f);
  const r = f.resolved;
  return r && r.kind !== "scalar" ? r.fullName : f.type;
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

/**
 * The WIRE/WIRE_JSON/FILE rules on one field pair (cardinality, type, name, JSON name, oneof, default), emitted at
 * the current field (its type for type changes, its option for JSON name and default). Fields of two map entry
 * messages skip the cardinality rules, as buf does (their presence is not meaningful).
 */
export function compareFieldPair(pc: MessageCtx, pf: ProtoField, cc: MessageCtx, f: ProtoField, prev: Image, cur: Image, emit: Emit, isExtension = false): void {
  const element = fieldPointer(cc, f.name);
  const add = (rule: string, pos: Pos | undefined, message: string): void => emit(rule, { file: cc.path, ...(pos ? { pos } : {}), against: pc.path, element }, message);
  const desc = describeField({ ctx: cc, field: f }, isExtension);
  if (!(pc.mapField && cc.mapField)) {
    const pcard = cardinality(pc, pf, isExtension);
    const ccard = cardinality(cc, f, isExtension);
    const changed = `${desc} changed cardinality from "${pcard}" to "${ccard}".`;
    if (pcard !== ccard) add("FIELD_SAME_CARDINALITY", f.pos, changed);
    if (WIRE_CARD[pcard] !== WIRE_CARD[ccard]) add("FIELD_WIRE_COMPATIBLE_CARDINALITY", f.pos, changed);
    if (WIRE_JSON_CARD[pcard] !== WIRE_JSON_CARD[ccard]) add("FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", f.pos, changed);
  }
  // Types.
  const pk = kindOf(pc, pf);
  const ck = kindOf(cc, f);
  const pt = typeName(pc, pf);
  const ct = typeName(cc, f);
  const changedName = `${desc} changed type from "${pt}" to "${ct}".`;
  if (pk !== ck) add("FIELD_SAME_TYPE", f.typePos, `${desc} changed type from "${pk}" to "${ck}".`);
  else if ((ck === "enum" || ck === "group" || ck === "message") && pt !== ct) add("FIELD_SAME_TYPE", f.typePos, changedName);
  for (const [rule, groups] of [
    ["FIELD_WIRE_COMPATIBLE_TYPE", WIRE_GROUP],
    ["FIELD_WIRE_JSON_COMPATIBLE_TYPE", WIRE_JSON_GROUP],
  ] as const) {
    if (groups[pk] !== groups[ck]) {
      // string → bytes is wire-compatible (not the reverse: bytes need not be UTF-8).
      if (rule === "FIELD_WIRE_COMPATIBLE_TYPE" && pk === "string" && ck === "bytes") continue;
      add(rule, f.typePos, `${desc} changed type from "${pk}" to "${ck}".`);
    } else if (ck === "enum" && pt !== ct) {
      // Another enum is compatible when it has the same short name and keeps every previous value.
      const pe = prev.types.get(pt)?.node as ProtoEnum | undefined;
      const ce = cur.types.get(ct)?.node as ProtoEnum | undefined;
      const subset = pe && ce && pe.values.every((v) => ce.values.some((x) => x.name === v.name && x.number === v.number));
      if (!pe || !ce || pe.name !== ce.name || !subset) add(rule, f.typePos, changedName);
    } else if ((ck === "group" || ck === "message") && pt !== ct) {
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
