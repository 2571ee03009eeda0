import type protobuf from "protobufjs";
import { ContractFailure, fail, ok, type ContractError, type Result } from "../errors.js";
import type { CompatibilityOptions, Format, ParsedSchema, ParseOptions, PayloadOptions, Violation } from "../format.js";
import { sha256Hex } from "../json-text.js";
import { allMessages } from "./ast.js";
import { canonicalProto } from "./canonical.js";
import { protobufCompatibility, protobufPolicy } from "./compatibility.js";
import { linkSchema, type LinkedSchema } from "./link.js";
export { protobufImports } from "./imports.js";
import { withProtobufHint } from "./rules.js";
import { buildRoot, decodeMessage, encodeMessage, messageIndexesOf, selectType, validateMessage } from "./serde.js";
import { descriptorBase64, protoTextFromDescriptorBase64 } from "./serialized.js";

export { bufCategoryRules, checkBufBreaking, CSR_RULES, FILE_RULES, isBufBuiltinRule, isBufCategory, PACKAGE_RULES, WIRE_RULES, WIRE_JSON_RULES, type BufAnnotation, type BufCategory, type BufFile, type BufCheckOptions } from "./buf-breaking.js";
export { bufBreakingRules, DEFAULT_BUF_BREAKING, parseBufYaml, type BufBreakingConfig, type BufConfigVersion, type BufModuleConfig, type BufYaml } from "./buf-yaml.js";
export { DEFAULT_PROTOBUF_POLICY, PROTOBUF_POLICIES, protobufCompatibility, protobufPolicy, type ProtobufPolicy, type ProtobufViolation } from "./compatibility.js";
export { PROTOBUF_RULES, type ProtobufRule, type ProtobufVerdicts } from "./rules.js";
export { messageIndexesOf, messageNameAt, type MessageSelector } from "./serde.js";
export { canonicalProto } from "./canonical.js";
export { linkSchema, type LinkedSchema } from "./link.js";
export { DEFAULT_DESCRIPTOR_NAME, defaultJsonName, fileDescriptorBytes, mapEntryName, toFileDescriptorProto, type ToDescriptorOptions } from "./descriptor.js";
export { printFileDescriptor } from "./descriptor-printer.js";
export { decodeDescriptorBase64, descriptorBase64, protoTextFromDescriptorBase64 } from "./serialized.js";

/**
 * `ParsedSchema.model` of a Protobuf schema: the linked syntax tree, and `root()`, the protobufjs root for serde
 * (built once, on first use when parse did not build it; errors as values).
 */
export interface ProtobufModel {
  readonly kind: "protobuf";
  readonly linked: LinkedSchema;
  /**
   * True when the schema was given as base64 `FileDescriptorProto` (Confluent's serialized form); the
   * `ParsedSchema.text` is then the `.proto` text printed from it (`printFileDescriptor`).
   */
  readonly fromDescriptor: boolean;
  root(): Result<protobuf.Root>;
}

/**
 * Schemas with more fields than this are not handed to protobufjs at parse time: its `Type.add` re-indexes all
 * fields on every add (quadratic; ~15 s for 10,000 fields), so their serde root is built on first use instead.
 */
export const EAGER_ROOT_FIELD_LIMIT = 2_000;

function rootError(error: { path: string; message: string }): ContractError {
  const line = error.path === "" ? protobufjsLine(error.message) : undefined;
  const where = error.path ? `in ${error.path}: ` : "";
  const code = /no such type/i.test(error.message) ? "REFERENCE_UNRESOLVED" : /illegal|expected|invalid/i.test(error.message) ? "SCHEMA_SYNTAX" : "SCHEMA_INVALID";
  return { code, message: `protobufjs: ${where}${error.message}`, ...(line !== undefined ? { line } : {}) };
}

function lazyRoot(linked: LinkedSchema, built?: protobuf.Root): () => Result<protobuf.Root> {
  let cached: Result<protobuf.Root> | undefined = built ? ok(built) : undefined;
  return () => {
    if (!cached) {
      const r = buildRoot(linked.texts);
      cached = r.ok ? r : { ok: false, error: rootError(r.error) };
    }
    return cached;
  };
}

/** The model of a parsed Protobuf schema, or undefined when `schema` was not parsed by this engine. */
export function protobufModel(schema: ParsedSchema): ProtobufModel | undefined {
  const m = schema.model as Partial<ProtobufModel> | null;
  return m && typeof m === "object" && m.kind === "protobuf" ? (m as ProtobufModel) : undefined;
}

/** `(line N)` in a protobufjs error message → a 1-based line. */
function protobufjsLine(message: string): number | undefined {
  const m = /line (\d+)/.exec(message);
  return m ? Number(m[1]) : undefined;
}

/**
 * Parses a `.proto` schema: Charter's own parser for positions and checks (see `parser.ts`, `link.ts`), then
 * protobufjs (`parse` + `resolveAll`) over the file and its imports to build the serde root. Editions other than
 * those protobufjs understands (2023) are `UNSUPPORTED`.
 *
 * A schema may also be given as base64 of a binary `FileDescriptorProto` (Confluent `ProtobufSchema` accepts
 * that; the Confluent serializers register schemas that way): when the text does not parse as `.proto` and
 * decodes as a descriptor, it is printed as `.proto` text (`printFileDescriptor`) and that text is parsed;
 * `ParsedSchema.text` is then the printed text and `model.fromDescriptor` is true. Errors in the printed text
 * say so and carry its line and column.
 */
export function parseProtobuf(text: string, options: ParseOptions = {}): Result<ParsedSchema> {
  const first = parseProtoText(text, options, false);
  if (first.ok || first.error.code !== "SCHEMA_SYNTAX") return first;
  const printed = protoTextFromDescriptorBase64(text, options.references ?? []);
  if (printed === undefined) return first;
  const second = parseProtoText(printed, options, true);
  if (second.ok) return second;
  return { ok: false, error: { ...second.error, message: `schema given as a serialized FileDescriptorProto, printed as .proto: ${second.error.message}` } };
}

function parseProtoText(text: string, options: ParseOptions, fromDescriptor: boolean): Result<ParsedSchema> {
  let linked: LinkedSchema;
  try {
    linked = linkSchema(text, {
      ...(options.references ? { references: options.references } : {}),
      ...(options.maxDepth !== undefined ? { maxDepth: options.maxDepth } : {}),
    });
  } catch (e) {
    if (e instanceof ContractFailure) return { ok: false, error: e.error };
    return fail("SCHEMA_INVALID", e instanceof Error ? e.message : String(e));
  }
  for (const [path, file] of linked.files) {
    if (file.syntax === "editions" && file.edition !== "2023") {
      return fail("UNSUPPORTED", `editions are not supported yet (edition "${file.edition ?? ""}"${path ? ` in ${path}` : ""}; only 2023)`, file.syntaxPos ?? {});
    }
  }
  // protobufjs cross-checks the text and builds the serde root now, unless the schema is very large.
  let built: protobuf.Root | undefined;
  const fieldCount = allMessages(linked.file).reduce((n, m) => n + m.fields.length, 0);
  if (fieldCount <= EAGER_ROOT_FIELD_LIMIT) {
    const root = buildRoot(linked.texts);
    if (!root.ok) return { ok: false, error: rootError(root.error) };
    built = root.value;
  }
  const canonical = canonicalProto(linked.file);
  const model: ProtobufModel = { kind: "protobuf", linked, fromDescriptor, root: lazyRoot(linked, built) };
  return ok({ type: "PROTOBUF", text, canonical, fingerprint: sha256Hex(canonical), references: options.references ?? [], model });
}

/**
 * Confluent's `format=serialized` form of a parsed Protobuf schema: base64 of its `FileDescriptorProto`
 * (`toFileDescriptorProto`; dependencies are the import paths, i.e. the reference names). Errors:
 * `SCHEMA_INVALID` when `schema` was not parsed by this engine.
 */
export function protobufSerialized(schema: ParsedSchema, options: { readonly name?: string } = {}): Result<string> {
  const m = protobufModel(schema);
  if (!m) return fail("SCHEMA_INVALID", notOurs(schema).message);
  return descriptorBase64(m.linked.file, options);
}

/**
 * Confluent message indexes (`MessageIndexes.java`) of the message `fullName` in a parsed Protobuf schema,
 * for the wire-format header; `undefined` when the schema is not Protobuf or declares no such message.
 */
export function protobufMessageIndexes(schema: ParsedSchema, fullName: string): number[] | undefined {
  const m = protobufModel(schema);
  return m ? messageIndexesOf(m.linked.file, fullName) : undefined;
}

function notOurs(schema: ParsedSchema): Violation {
  return { rule: "SCHEMA_TYPE_CHANGED", path: "", message: `schema of type ${schema.type} was not parsed by the Protobuf engine` };
}

/**
 * The Protobuf engine. `compatibility` follows Confluent's Protobuf diff with buf rule ids (see
 * `compatibility.ts`, policy switches in `ProtobufPolicy`), or under the BUF policy `buf breaking` WIRE_JSON
 * (`buf-policy.ts`); `validate`/`encode`/`decode` use the first message
 * of the file unless `options.message` names another (full name or Confluent message indexes).
 */
export const protobufFormat: Format = {
  type: "PROTOBUF",
  parse(text: string, options?: ParseOptions): Promise<Result<ParsedSchema>> {
    return Promise.resolve(parseProtobuf(text, options));
  },
  compatibility(reader: ParsedSchema, writer: ParsedSchema, options?: CompatibilityOptions): readonly Violation[] {
    const r = protobufModel(reader);
    const w = protobufModel(writer);
    if (!r) return [notOurs(reader)];
    if (!w) return [notOurs(writer)];
    return protobufCompatibility(r.linked, w.linked, protobufPolicy(options)).map(withProtobufHint);
  },
  validate(schema: ParsedSchema, value: unknown, options?: PayloadOptions): readonly Violation[] {
    const m = protobufModel(schema);
    if (!m) return [notOurs(schema)];
    const root = m.root();
    if (!root.ok) return [{ rule: "PAYLOAD_INVALID", path: "", message: root.error.message }];
    const type = selectType(root.value, m.linked.file, options?.message);
    if (!type.ok) return [{ rule: "PAYLOAD_INVALID", path: "", message: type.error.message }];
    return validateMessage(type.value, value);
  },
  encode(schema: ParsedSchema, value: unknown, options?: PayloadOptions): Result<Uint8Array> {
    const m = protobufModel(schema);
    if (!m) return fail("PAYLOAD_INVALID", notOurs(schema).message);
    const root = m.root();
    if (!root.ok) return root;
    const type = selectType(root.value, m.linked.file, options?.message);
    return type.ok ? encodeMessage(type.value, value) : type;
  },
  decode(schema: ParsedSchema, payload: Uint8Array, options?: PayloadOptions): Result<unknown> {
    const m = protobufModel(schema);
    if (!m) return fail("PAYLOAD_INVALID", notOurs(schema).message);
    const root = m.root();
    if (!root.ok) return root;
    const type = selectType(root.value, m.linked.file, options?.message);
    return type.ok ? decodeMessage(type.value, payload) : type;
  },
};
