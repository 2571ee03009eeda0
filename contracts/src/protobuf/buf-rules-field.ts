/**
 * buf's field rules about generated-code options and features (FILE/PACKAGE categories): FIELD_SAME_CPP_STRING_TYPE
 * (`ctype` / `(pb.cpp).string_type`), FIELD_SAME_JAVA_UTF8_VALIDATION (`java_string_check_utf8` /
 * `(pb.java).utf8_validation`), FIELD_SAME_UTF8_VALIDATION (`features.utf8_validation`) and FIELD_SAME_JSTYPE.
 * Semantics: buf `bufcheckserverhandle/breaking.go` and `util.go` (`fieldCppStringType`, `fieldJavaUTF8Validation`).
 */
import { findOption, type Pos, type ProtoField, type ProtoFile } from "./ast.js";
import { fieldPointer, kindOf, optionNamed, resolveFeature, type Emit, type HasOptions, type MessageCtx, type Where } from "./buf-image.js";

/** One side of a field pair: its message context (a map entry's carries the map field) and the field. */
export interface FieldSide {
  readonly ctx: MessageCtx;
  readonly field: ProtoField;
}

/**
 * Feature inheritance chain of a field, innermost first: the field, the map field (map entry fields take its
 * features, as protoc copies them), the enclosing messages, the file.
 */
export function fieldChain(side: FieldSide): HasOptions[] {
  const { ctx, field } = side;
  return [field, ...(ctx.mapField ? [ctx.mapField] : []), ...[...ctx.chain].reverse(), ctx.file];
}

const EDITION_2024 = 2024;

function editionNumber(file: ProtoFile): number {
  return file.syntax === "editions" ? Number(file.edition ?? "2023") : 0;
}

/** Resolved `features.utf8_validation`: NONE for proto2, VERIFY for proto3 and editions unless set. */
export function utf8Validation(side: FieldSide): string {
  return resolveFeature(fieldChain(side), "utf8_validation", side.ctx.file.syntax === "proto2" ? "NONE" : "VERIFY");
}

/**
 * Java's UTF-8 validation of a string field (buf `fieldJavaUTF8Validation`): outside editions, or when the file
 * sets `java_string_check_utf8`, VERIFY if that option is true; in editions VERIFY if `(pb.java).utf8_validation`
 * resolves to VERIFY; otherwise the resolved `utf8_validation` feature.
 */
export function javaUtf8Validation(side: FieldSide): string {
  const fallback = utf8Validation(side);
  const file = side.ctx.file;
  const check = optionNamed(file.options, "java_string_check_utf8");
  if (file.syntax !== "editions" || check) return check?.value.kind === "ident" && check.value.text === "true" ? "VERIFY" : fallback;
  return resolveFeature(fieldChain(side), "(pb.java).utf8_validation", "DEFAULT") === "VERIFY" ? "VERIFY" : fallback;
}

/**
 * C++ string type of a string/bytes field (buf `fieldCppStringType`): before edition 2024 an explicit `ctype`
 * wins (STRING_PIECE is STRING plus `piece`); otherwise the resolved `(pb.cpp).string_type` feature (STRING,
 * VIEW from edition 2024).
 */
export function cppStringType(side: FieldSide): { type: string; piece: boolean } {
  const file = side.ctx.file;
  if (editionNumber(file) < EDITION_2024) {
    const ctype = findOption(side.field.options, "ctype");
    if (ctype?.kind === "ident") {
      if (ctype.text === "CORD") return { type: "CORD", piece: false };
      if (ctype.text === "STRING_PIECE") return { type: "STRING", piece: true };
      if (ctype.text === "STRING" || file.syntax !== "editions") return { type: "STRING", piece: false };
    }
  }
  return { type: resolveFeature(fieldChain(side), "(pb.cpp).string_type", editionNumber(file) >= EDITION_2024 ? "VIEW" : "STRING"), piece: false };
}

const INT64_KINDS: ReadonlySet<string> = new Set(["int64", "sint64", "uint64", "fixed64", "sfixed64"]);

function jstype(f: ProtoField): string {
  const v = findOption(f.options, "jstype");
  return v?.kind === "ident" ? v.text : "JS_NORMAL";
}

/** `Field "1" with name "x" on message "M"` (`M` may be a map's entry message), as buf's `fieldDescription`. */
export function describeField(side: FieldSide, isExtension = false): string {
  const { ctx, field } = side;
  if (isExtension) return `Extension "${field.number}" with name "${ctx.message.fullName ? `${ctx.message.fullName}.` : ""}${field.name}" on message "${ctx.message.name}"`;
  return `Field "${field.number}" with name "${field.name}" on message "${ctx.message.name}"`;
}

/**
 * Compares the generated-code options and features of a field pair (same message or extendee, same number) and
 * emits FIELD_SAME_CPP_STRING_TYPE, FIELD_SAME_JAVA_UTF8_VALIDATION, FIELD_SAME_UTF8_VALIDATION and
 * FIELD_SAME_JSTYPE at the current option's position (the field's when the value is inherited). Map entry
 * fields come here as the fields of their (paired) entry messages.
 */
export function compareFieldFeatures(prev: FieldSide, cur: FieldSide, emit: Emit, isExtension = false): void {
  const file = cur.ctx.path;
  const against = prev.ctx.path;
  const element = fieldPointer(cur.ctx, cur.field.name);
  const at = (pos: Pos | undefined): Where => ({ file, pos: pos ?? cur.field.pos, against, element });
  const desc = describeField(cur, isExtension);
  const pk = kindOf(prev.ctx, prev.field);
  const ck = kindOf(cur.ctx, cur.field);
  const f = cur.field;
  const stringish = (k: string): boolean => k === "string" || k === "bytes";
  // buf skips map entries here: their string type cannot be configured.
  if (stringish(pk) && stringish(ck) && !(prev.ctx.mapField && cur.ctx.mapField)) {
    const p = cppStringType(prev);
    const c = cppStringType(cur);
    // string_piece -> string is allowed.
    if ((p.type !== c.type || p.piece !== c.piece) && !(p.piece && c.type === "STRING")) {
      const show = (x: { type: string; piece: boolean }): string => (x.piece ? "STRING_PIECE" : x.type);
      const pos = findOptionPos(f, "ctype") ?? optionNamed(f.options, "features.(pb.cpp).string_type")?.pos;
      emit("FIELD_SAME_CPP_STRING_TYPE", at(pos), `${desc} changed C++ string type from "${show(p)}" to "${show(c)}".`);
    }
  }
  if (pk === "string" && ck === "string") {
    const pj = javaUtf8Validation(prev);
    const cj = javaUtf8Validation(cur);
    if (pj !== cj) {
      const pos = optionNamed(cur.ctx.file.options, "java_string_check_utf8")?.pos ?? optionNamed(f.options, "features.(pb.java).utf8_validation")?.pos;
      emit("FIELD_SAME_JAVA_UTF8_VALIDATION", at(pos), `${desc} changed Java string UTF8 validation from "${pj}" to "${cj}".`);
    }
    const pu = utf8Validation(prev);
    const cu = utf8Validation(cur);
    if (pu !== cu) emit("FIELD_SAME_UTF8_VALIDATION", at(optionNamed(f.options, "features.utf8_validation")?.pos), `${desc} changed UTF8 validation from ${pu} to ${cu}.`);
  }
  if (INT64_KINDS.has(pk) && INT64_KINDS.has(ck) && jstype(prev.field) !== jstype(f)) {
    emit("FIELD_SAME_JSTYPE", at(findOptionPos(f, "jstype")), `${desc} changed option "jstype" from "${jstype(prev.field)}" to "${jstype(f)}".`);
  }
}

function findOptionPos(f: ProtoField, name: string): Pos | undefined {
  return optionNamed(f.options, name)?.pos;
}
