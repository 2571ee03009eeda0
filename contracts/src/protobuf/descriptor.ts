/**
 * Charter's parsed `.proto` model → `google.protobuf.FileDescriptorProto`, the form protoc and `buf build` emit
 * and Confluent's `?format=serialized` answers with (base64 of the binary message).
 */
import { create, toBinary } from "@bufbuild/protobuf";
import {
  DescriptorProto_ExtensionRangeSchema,
  DescriptorProto_ReservedRangeSchema,
  DescriptorProtoSchema,
  Edition,
  EnumDescriptorProto_EnumReservedRangeSchema,
  EnumDescriptorProtoSchema,
  EnumOptionsSchema,
  EnumValueDescriptorProtoSchema,
  EnumValueOptionsSchema,
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  MessageOptionsSchema,
  MethodDescriptorProtoSchema,
  MethodOptionsSchema,
  OneofDescriptorProtoSchema,
  OneofOptionsSchema,
  ServiceDescriptorProtoSchema,
  ServiceOptionsSchema,
  type DescriptorProto,
  type EnumDescriptorProto,
  type FieldDescriptorProto,
  type FileDescriptorProto,
  type OneofDescriptorProto,
  type ServiceDescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { findOption, stringBytes, type Pos, type ProtoEnum, type ProtoExtend, type ProtoField, type ProtoFile, type ProtoMessage, type ProtoReserved, type ProtoService } from "./ast.js";
import { cEscapeBytes, optionsMessage } from "./descriptor-options.js";
import { jsonName, mapEntryName } from "./names.js";

/** Options for {@link toFileDescriptorProto}. */
export interface ToDescriptorOptions {
  /**
   * `FileDescriptorProto.name`. Default {@link DEFAULT_DESCRIPTOR_NAME}. Confluent clients replace the name of
   * a referenced file with the reference name, so only the root file's name is ever seen.
   */
  readonly name?: string;
}

/** The file name Confluent's `ProtobufSchema` gives a schema's root descriptor (`DEFAULT_NAME`). */
export const DEFAULT_DESCRIPTOR_NAME = "default";

/** Scalar keyword → `FieldDescriptorProto.Type` (descriptor.proto). */
export const SCALAR_FIELD_TYPES: ReadonlyMap<string, FieldDescriptorProto_Type> = new Map([
  ["double", FieldDescriptorProto_Type.DOUBLE],
  ["float", FieldDescriptorProto_Type.FLOAT],
  ["int64", FieldDescriptorProto_Type.INT64],
  ["uint64", FieldDescriptorProto_Type.UINT64],
  ["int32", FieldDescriptorProto_Type.INT32],
  ["fixed64", FieldDescriptorProto_Type.FIXED64],
  ["fixed32", FieldDescriptorProto_Type.FIXED32],
  ["bool", FieldDescriptorProto_Type.BOOL],
  ["string", FieldDescriptorProto_Type.STRING],
  ["bytes", FieldDescriptorProto_Type.BYTES],
  ["uint32", FieldDescriptorProto_Type.UINT32],
  ["sfixed32", FieldDescriptorProto_Type.SFIXED32],
  ["sfixed64", FieldDescriptorProto_Type.SFIXED64],
  ["sint32", FieldDescriptorProto_Type.SINT32],
  ["sint64", FieldDescriptorProto_Type.SINT64],
]);

export { defaultJsonName, mapEntryName } from "./names.js";


const FIELD_PSEUDO_OPTIONS: ReadonlySet<string> = new Set(["default", "json_name"]);

function before(a: Pos, b: Pos): number {
  return a.line - b.line || a.column - b.column;
}

function typeOf(f: ProtoField): { type: FieldDescriptorProto_Type; typeName?: string } {
  if (f.group) return { type: FieldDescriptorProto_Type.GROUP, typeName: "." + f.group.fullName };
  const r = f.resolved;
  if (!r) return SCALAR_FIELD_TYPES.has(f.type) ? { type: SCALAR_FIELD_TYPES.get(f.type)! } : { type: FieldDescriptorProto_Type.MESSAGE, typeName: f.type };
  if (r.kind === "scalar") return { type: SCALAR_FIELD_TYPES.get(r.name) ?? FieldDescriptorProto_Type.BYTES };
  return { type: r.kind === "message" ? FieldDescriptorProto_Type.MESSAGE : FieldDescriptorProto_Type.ENUM, typeName: "." + r.fullName };
}

/** `[default = …]` as protoc stores it: strings raw, bytes C-escaped, everything else as written. */
function defaultValue(f: ProtoField): string | undefined {
  const v = findOption(f.options, "default");
  if (v === undefined) return undefined;
  if (v.kind === "string") return f.resolved?.kind === "scalar" && f.resolved.name === "bytes" ? cEscapeBytes(stringBytes(v)) : v.value;
  return v.text;
}

function fieldProto(f: ProtoField, ctx: { owner: string; extendee?: string; oneofIndex?: number; proto3Optional?: boolean }): FieldDescriptorProto {
  const isMap = f.mapKey !== undefined;
  const { type, typeName } = isMap ? { type: FieldDescriptorProto_Type.MESSAGE, typeName: `.${ctx.owner}.${mapEntryName(f.name)}` } : typeOf(f);
  const label = f.label === "repeated" || isMap ? FieldDescriptorProto_Label.REPEATED : f.label === "required" ? FieldDescriptorProto_Label.REQUIRED : FieldDescriptorProto_Label.OPTIONAL;
  const dflt = defaultValue(f);
  const options = optionsMessage<FieldDescriptorProto["options"] & object>(FieldOptionsSchema, f.options, FIELD_PSEUDO_OPTIONS);
  return create(FieldDescriptorProtoSchema, {
    name: f.name,
    number: f.number,
    label,
    type,
    ...(typeName !== undefined ? { typeName } : {}),
    ...(ctx.extendee !== undefined ? { extendee: "." + ctx.extendee } : {}),
    ...(dflt !== undefined ? { defaultValue: dflt } : {}),
    ...(ctx.oneofIndex !== undefined ? { oneofIndex: ctx.oneofIndex } : {}),
    jsonName: jsonName(f),
    ...(options ? { options } : {}),
    ...(ctx.proto3Optional ? { proto3Optional: true } : {}),
  });
}

function mapEntry(f: ProtoField): DescriptorProto {
  const key = create(FieldDescriptorProtoSchema, {
    name: "key",
    number: 1,
    label: FieldDescriptorProto_Label.OPTIONAL,
    type: SCALAR_FIELD_TYPES.get(f.mapKey ?? "string") ?? FieldDescriptorProto_Type.STRING,
    jsonName: "key",
  });
  const valueType = typeOf({ ...f, mapKey: undefined } as ProtoField);
  const value = create(FieldDescriptorProtoSchema, {
    name: "value",
    number: 2,
    label: FieldDescriptorProto_Label.OPTIONAL,
    type: valueType.type,
    ...(valueType.typeName !== undefined ? { typeName: valueType.typeName } : {}),
    jsonName: "value",
  });
  return create(DescriptorProtoSchema, { name: mapEntryName(f.name), field: [key, value], options: create(MessageOptionsSchema, { mapEntry: true }) });
}

function reservedRanges(list: readonly ProtoReserved[]): Array<{ start: number; end: number }> {
  return list.flatMap((r) => r.ranges.map(([lo, hi]) => ({ start: lo, end: hi + 1 })));
}

function extensionFields(extendsList: readonly ProtoExtend[], owner: string): FieldDescriptorProto[] {
  const all = extendsList.flatMap((x) => x.fields.map((f) => ({ f, x })));
  all.sort((a, b) => before(a.f.pos, b.f.pos));
  return all.map(({ f, x }) => fieldProto(f, { owner, extendee: x.resolvedExtendee ?? x.extendee.replace(/^\./, "") }));
}

function messageProto(m: ProtoMessage, syntax: ProtoFile["syntax"]): DescriptorProto {
  const oneofDecls: OneofDescriptorProto[] = m.oneofs.map((o) => {
    const options = optionsMessage<OneofDescriptorProto["options"] & object>(OneofOptionsSchema, o.options);
    return create(OneofDescriptorProtoSchema, { name: o.name, ...(options ? { options } : {}) });
  });
  const oneofIndex = new Map(m.oneofs.map((o, i) => [o.name, i]));
  // proto3 `optional` fields: one synthetic oneof each, after the real ones (protoc), named `_<field>`.
  const taken = new Set([...m.fields.map((f) => f.name), ...m.oneofs.map((o) => o.name)]);
  const synthetic = new Map<ProtoField, number>();
  for (const f of m.fields) {
    if (syntax === "proto3" && f.label === "optional" && f.oneof === undefined) {
      let name = "_" + f.name;
      while (taken.has(name)) name = "X" + name;
      taken.add(name);
      synthetic.set(f, oneofDecls.length);
      oneofDecls.push(create(OneofDescriptorProtoSchema, { name }));
    }
  }
  const fields = m.fields.map((f) => {
    const syntheticIndex = synthetic.get(f);
    const index = f.oneof !== undefined ? oneofIndex.get(f.oneof) : syntheticIndex;
    return fieldProto(f, { owner: m.fullName, ...(index !== undefined ? { oneofIndex: index } : {}), ...(syntheticIndex !== undefined ? { proto3Optional: true } : {}) });
  });
  // Nested types in source order: declared messages, group messages and map entries (protoc adds map entries
  // where the map field is declared).
  const nested: Array<{ pos: Pos; proto: DescriptorProto }> = [
    ...m.messages.map((n) => ({ pos: n.pos, proto: messageProto(n, syntax) })),
    ...m.fields.filter((f) => f.mapKey !== undefined).map((f) => ({ pos: f.pos, proto: mapEntry(f) })),
  ];
  nested.sort((a, b) => before(a.pos, b.pos));
  const options = optionsMessage<DescriptorProto["options"] & object>(MessageOptionsSchema, m.options);
  return create(DescriptorProtoSchema, {
    name: m.name,
    field: fields,
    extension: extensionFields(m.extends, m.fullName),
    nestedType: nested.map((n) => n.proto),
    enumType: m.enums.map(enumProto),
    extensionRange: reservedRanges(m.extensionRanges).map((r) => create(DescriptorProto_ExtensionRangeSchema, r)),
    oneofDecl: oneofDecls,
    reservedRange: reservedRanges(m.reserved).map((r) => create(DescriptorProto_ReservedRangeSchema, r)),
    reservedName: m.reserved.flatMap((r) => r.names),
    ...(options ? { options } : {}),
  });
}

function enumProto(e: ProtoEnum): EnumDescriptorProto {
  const options = optionsMessage<EnumDescriptorProto["options"] & object>(EnumOptionsSchema, e.options);
  return create(EnumDescriptorProtoSchema, {
    name: e.name,
    value: e.values.map((v) => {
      const vo = optionsMessage<NonNullable<EnumDescriptorProto["value"][number]["options"]>>(EnumValueOptionsSchema, v.options);
      return create(EnumValueDescriptorProtoSchema, { name: v.name, number: v.number, ...(vo ? { options: vo } : {}) });
    }),
    // Enum reserved ranges are inclusive (EnumReservedRange), unlike message ones.
    reservedRange: e.reserved.flatMap((r) => r.ranges.map(([lo, hi]) => create(EnumDescriptorProto_EnumReservedRangeSchema, { start: lo, end: hi }))),
    reservedName: e.reserved.flatMap((r) => r.names),
    ...(options ? { options } : {}),
  });
}

function serviceProto(s: ProtoService): ServiceDescriptorProto {
  const options = optionsMessage<ServiceDescriptorProto["options"] & object>(ServiceOptionsSchema, s.options);
  return create(ServiceDescriptorProtoSchema, {
    name: s.name,
    method: s.methods.map((m) => {
      const mo = optionsMessage<NonNullable<ServiceDescriptorProto["method"][number]["options"]>>(MethodOptionsSchema, m.options);
      return create(MethodDescriptorProtoSchema, {
        name: m.name,
        inputType: m.resolvedInput ? "." + m.resolvedInput : m.inputType,
        outputType: m.resolvedOutput ? "." + m.resolvedOutput : m.outputType,
        ...(mo ? { options: mo } : {}),
        ...(m.clientStreaming ? { clientStreaming: true } : {}),
        ...(m.serverStreaming ? { serverStreaming: true } : {}),
      });
    }),
    ...(options ? { options } : {}),
  });
}

const EDITIONS: ReadonlyMap<string, Edition> = new Map([
  ["2023", Edition.EDITION_2023],
  ["2024", Edition.EDITION_2024],
]);

/**
 * A linked file (type references resolved, see `link.ts`) as a `FileDescriptorProto`, following protoc's
 * conventions: fully-qualified type names with a leading dot, `LABEL_OPTIONAL` for singular fields, proto3
 * `optional` as a synthetic oneof `_name` (after the real oneofs) with `proto3_optional`, map fields as a nested
 * `XxxEntry` message with `map_entry = true` (in declaration order among the nested types), groups as
 * `TYPE_GROUP` plus their nested message, `json_name` always set (protoc's default unless given), `default` as
 * `default_value` (bytes C-escaped), reserved/extension ranges with exclusive ends (enum ranges inclusive),
 * dependencies = import paths in order with public/weak indexes, `syntax` unset for proto2. Options naming a
 * field of the option message become that field; custom options resolved by option checking become extension
 * fields of the option message, encoded as `buf build` writes them (`option-encode.ts`); anything else is kept
 * as `uninterpreted_option` (protoc before interpretation). Comments and source positions are not kept.
 */
export function toFileDescriptorProto(file: ProtoFile, options: ToDescriptorOptions = {}): FileDescriptorProto {
  const fileOptions = optionsMessage<FileDescriptorProto["options"] & object>(FileOptionsSchema, file.options);
  const edition = file.syntax === "editions" ? EDITIONS.get(file.edition ?? "") : undefined;
  return create(FileDescriptorProtoSchema, {
    name: options.name ?? DEFAULT_DESCRIPTOR_NAME,
    ...(file.package ? { package: file.package } : {}),
    dependency: file.imports.map((i) => i.path),
    publicDependency: file.imports.flatMap((i, n) => (i.modifier === "public" ? [n] : [])),
    weakDependency: file.imports.flatMap((i, n) => (i.modifier === "weak" ? [n] : [])),
    messageType: file.messages.map((m) => messageProto(m, file.syntax)),
    enumType: file.enums.map(enumProto),
    service: file.services.map(serviceProto),
    extension: extensionFields(file.extends, file.package),
    ...(fileOptions ? { options: fileOptions } : {}),
    ...(file.syntax === "proto2" ? {} : { syntax: file.syntax }),
    ...(edition !== undefined ? { edition } : {}),
  });
}

/** {@link toFileDescriptorProto} as protobuf binary (`toBinary(FileDescriptorProtoSchema, …)`). */
export function fileDescriptorBytes(file: ProtoFile, options: ToDescriptorOptions = {}): Uint8Array {
  return toBinary(FileDescriptorProtoSchema, toFileDescriptorProto(file, options));
}
