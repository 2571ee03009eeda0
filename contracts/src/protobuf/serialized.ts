/**
 * Confluent's second spelling of a Protobuf schema: base64 of a binary `google.protobuf.FileDescriptorProto`.
 * Confluent `ProtobufSchema` accepts a schema given that way, its serializers register schemas that way, and
 * `GET /schemas/ids/{id}?format=serialized` answers that way (peer-registries.md §1).
 */
import { fromBinary } from "@bufbuild/protobuf";
import { FileDescriptorProtoSchema, type FileDescriptorProto } from "@bufbuild/protobuf/wkt";
import { fail, ok, type Result } from "../errors.js";
import type { ProtoFile } from "./ast.js";
import { fileDescriptorBytes, type ToDescriptorOptions } from "./descriptor.js";
import { printFileDescriptor } from "./descriptor-printer.js";
import type { ResolvedReference } from "../format.js";
import { linkSchema, type LinkedSchema } from "./link.js";
import { optionDefinitions } from "./option-decode.js";

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Nesting accepted when decoding a descriptor (@bufbuild/protobuf's default is 100, below the parser's default
 * depth limit of 256, which then reports deeper schemas as `SCHEMA_TOO_DEEP` on the printed text).
 */
export const DESCRIPTOR_RECURSION_LIMIT = 1024;

/** Unknown `FileDescriptorProto` fields from this number up are vendor additions, not a sign of another message. */
export const VENDOR_FIELD_FLOOR = 1000;

/**
 * The `FileDescriptorProto` that `text` encodes as base64, or undefined when `text` is not canonical padded
 * base64 (length a multiple of 4) or its bytes are not a descriptor: malformed protobuf, or unknown fields
 * numbered below {@link VENDOR_FIELD_FLOOR} (random bytes and other messages tend to produce those). Unknown
 * fields numbered above it are tolerated: compilers add their own (`buf build` writes field 8042).
 */
export function decodeDescriptorBase64(text: string): FileDescriptorProto | undefined {
  const s = text.trim();
  if (s.length === 0 || s.length % 4 !== 0 || !BASE64.test(s)) return undefined;
  const bytes = Buffer.from(s, "base64");
  let fd: FileDescriptorProto;
  try {
    fd = fromBinary(FileDescriptorProtoSchema, bytes, { recursionLimit: DESCRIPTOR_RECURSION_LIMIT });
  } catch {
    return undefined;
  }
  if (fd.$unknown?.some((f) => f.no < VENDOR_FIELD_FLOOR)) return undefined;
  return fd;
}

/**
 * The `.proto` text of a schema given as base64 `FileDescriptorProto` (see {@link printFileDescriptor}), or
 * undefined when `text` is not one (callers then report their own parse error). Custom options stored as
 * extension fields are printed as options using the extensions the file declares or imports (`references`
 * supply the imported files): the file is printed once without them, linked, and printed again with them.
 */
export function protoTextFromDescriptorBase64(text: string, references: readonly ResolvedReference[] = []): string | undefined {
  const fd = decodeDescriptorBase64(text);
  if (fd === undefined) return undefined;
  let unprinted = false;
  const first = printFileDescriptor(fd, { onUnprinted: () => (unprinted = true) });
  if (!unprinted) return first;
  let linked: LinkedSchema;
  try {
    linked = linkSchema(first, { references });
  } catch {
    // The first print's own error (an import missing …) is reported when the caller parses it.
    return first;
  }
  const definitions = optionDefinitions(linked.files.values(), (name) => linked.types.get(name)?.node);
  return printFileDescriptor(fd, { definitions });
}

/**
 * A linked file as Confluent's `format=serialized` text: base64 of its binary `FileDescriptorProto`
 * ({@link fileDescriptorBytes}). Errors: `SCHEMA_INVALID` if the descriptor cannot be built (should not happen
 * for a file that parsed and linked).
 */
export function descriptorBase64(file: ProtoFile, options: ToDescriptorOptions = {}): Result<string> {
  try {
    return ok(Buffer.from(fileDescriptorBytes(file, options)).toString("base64"));
  } catch (e) {
    return fail("SCHEMA_INVALID", `cannot build the FileDescriptorProto: ${e instanceof Error ? e.message : String(e)}`);
  }
}
