/**
 * buf's element-pair breaking rules: messages, enums and services paired by full name across the two sets, their
 * fields by number, extensions by extendee and number, RPCs by name (deletions inside an element, reserved and
 * extension ranges, required fields, JSON formats, streaming …; the field-pair rules are in `buf-rules-field-pair.ts`
 * and `buf-rules-field.ts`). Messages include the entry messages of map fields. Semantics: buf
 * `bufcheckserverhandle/breaking.go`.
 */
import { findOption, MAX_FIELD_NUMBER, type Pos, type ProtoField, type ProtoFile, type ProtoMethod, type ProtoOption, type ProtoReserved } from "./ast.js";
import {
  collectEnums,
  collectExtensions,
  collectMessages,
  collectMethods,
  collectServices,
  fieldPointer,
  messagePointer,
  nestedName,
  nestedPointer,
  optionNamed,
  resolveFeature,
  type Emit,
  type EnumCtx,
  type Image,
  type Where,
} from "./buf-image.js";
import { compareFieldFeatures } from "./buf-rules-field.js";
import { compareFieldPair } from "./buf-rules-field-pair.js";
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
    const mptr = messagePointer(c);
    const at = (pos: Pos | undefined, element = mptr): Where => ({ file: c.path, ...(pos ? { pos } : {}), against: p.path, element });
    const mpos = at(m.pos);
    const curNumbers = new Set(m.fields.map((f) => f.number));
    const curReservedNames = reservedNames(m.reserved);
    for (const pf of pm.fields) {
      if (curNumbers.has(pf.number)) continue;
      const what = `field "${pf.number}" with name "${pf.name}" on message "${m.name}"`;
      const gone = at(m.pos, fieldPointer(c, pf.name));
      emit("FIELD_NO_DELETE", gone, `Previously present ${what} was deleted.`);
      if (!inRanges(m.reserved, pf.number)) emit("FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", gone, `Previously present ${what} was deleted without reserving the number "${pf.number}".`);
      if (!curReservedNames.has(pf.name)) emit("FIELD_NO_DELETE_UNLESS_NAME_RESERVED", gone, `Previously present ${what} was deleted without reserving the name "${pf.name}".`);
    }
    // The tree holds declared oneofs only: the synthetic ones of proto3 `optional`, which buf skips, are not there.
    const curOneofs = new Set(m.oneofs.map((o) => o.name));
    for (const o of pm.oneofs) if (!curOneofs.has(o.name)) emit("ONEOF_NO_DELETE", at(m.pos, fieldPointer(c, o.name)), `Previously present oneof "${o.name}" on message "${m.name}" was deleted.`);
    for (const r of missingRanges(pm.reserved, m.reserved)) emit("RESERVED_MESSAGE_NO_DELETE", mpos, `Previously present reserved range "${r}" on message "${m.name}" was deleted.`);
    for (const n of reservedNames(pm.reserved)) if (!curReservedNames.has(n)) emit("RESERVED_MESSAGE_NO_DELETE", mpos, `Previously present reserved name "${n}" on message "${m.name}" was deleted.`);
    for (const r of missingRanges(pm.extensionRanges, m.extensionRanges)) emit("EXTENSION_MESSAGE_NO_DELETE", mpos, `Previously present extension range "${r}" on message "${m.name}" was deleted.`);
    // buf compares the descriptor label: editions' LEGACY_REQUIRED fields are LABEL_OPTIONAL there.
    const isReq = (f: ProtoField): boolean => f.label === "required";
    const prevReq = new Set(pm.fields.filter(isReq).map((f) => f.number));
    const curReq = m.fields.filter(isReq);
    for (const n of prevReq) {
      const name = pm.fields.find((f) => f.number === n)?.name ?? String(n);
      if (!curReq.some((f) => f.number === n)) emit("MESSAGE_SAME_REQUIRED_FIELDS", at(m.pos, fieldPointer(c, name)), `Message "${pm.name}" had required field "${n}" deleted.`);
    }
    // buf has no previous location for an added required field.
    for (const f of curReq) if (!prevReq.has(f.number)) emit("MESSAGE_SAME_REQUIRED_FIELDS", { file: c.path, pos: f.pos, element: fieldPointer(c, f.name) }, `Message "${m.name}" had required field "${f.number}" added.`);
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
    const at = (pos: Pos, ...member: string[]): Where => ({ file: c.path, pos, against: p.path, element: nestedPointer(nestedName(c.file.package, e.fullName), ...member) });
    const curNums = new Set(e.values.map((v) => v.number));
    const curResNames = reservedNames(e.reserved);
    const prevByNumber = new Map<number, string[]>();
    for (const v of pe.values) prevByNumber.set(v.number, [...(prevByNumber.get(v.number) ?? []), v.name]);
    for (const [n, names] of prevByNumber) {
      if (curNums.has(n)) continue;
      const gone = at(e.pos, names[0]!);
      emit("ENUM_VALUE_NO_DELETE", gone, `Previously present enum value "${n}" on enum "${e.name}" was deleted.`);
      if (!inRanges(e.reserved, n)) emit("ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", gone, `Previously present enum value "${n}" on enum "${e.name}" was deleted without reserving the number "${n}".`);
      if (!names.every((x) => curResNames.has(x))) emit("ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED", gone, `Previously present enum value "${n}" on enum "${e.name}" was deleted without reserving the name.`);
    }
    for (const v of e.values) {
      const prevNames = prevByNumber.get(v.number);
      if (!prevNames) continue;
      const curNames = e.values.filter((x) => x.number === v.number).map((x) => x.name);
      // Every previous name of the number must survive (new aliases may be added).
      if (!prevNames.every((x) => curNames.includes(x))) emit("ENUM_VALUE_SAME_NAME", at(v.pos, v.name), `Enum value "${v.number}" on enum "${e.name}" changed name from ${prevNames.join(", ")} to ${curNames.join(", ")}.`);
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
    for (const m of p.service.methods) if (!names.has(m.name)) emit("RPC_NO_DELETE", { file: c.path, pos: c.service.pos, against: p.path, element: nestedPointer(nestedName(c.file.package, c.service.fullName), m.name) }, `Previously present RPC "${m.name}" on service "${c.service.name}" was deleted.`);
  }
  const prevMethods = collectMethods(prev);
  for (const [key, c] of collectMethods(cur)) {
    const p = prevMethods.get(key);
    if (!p) continue;
    const m = c.method;
    const pm = p.method;
    const element = nestedPointer(nestedName(cur.files.get(c.path)?.package ?? "", c.service.fullName), m.name);
    const at = (pos: Pos | undefined): Where => ({ file: c.path, ...(pos ? { pos } : {}), against: p.path, element });
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
