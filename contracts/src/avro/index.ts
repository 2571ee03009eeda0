/**
 * The Avro engine (Avro specification 1.11): parse with names, references, defaults and logical types;
 * Charter's canonical form and the spec's Parsing Canonical Form with its fingerprints; reader/writer
 * compatibility as Java `SchemaCompatibility`; payload validation and binary encoding through avsc.
 */
import { fail, ok, type Result } from "../errors.js";
import type { Format, ParsedSchema, Violation } from "../format.js";
import { writeSchema } from "./canonical-form.js";
import { decodeAvro, encodeAvro, validateAvroValue } from "./codec.js";
import { checkReaderWriter } from "./compatibility.js";
import { withAvroHints } from "./hints.js";
import { isStackOverflow } from "./depth.js";
import { asAvroModel } from "./model.js";
import { parseAvro } from "./parse.js";
import { withLines } from "../pointer-lines.js";

export { writeSchema, type WriteSchemaOptions } from "./canonical-form.js";
export { rabinFingerprint64, rabinFingerprintHex, sha256Fingerprint, toSignedLong } from "./fingerprint.js";
export { checkReaderWriter, canRead, schemaNameEquals, writerField, type AvroIncompatibility, type AvroCompatibilityOptions } from "./compatibility.js";
export { parseAvroType, parseAvroJson, type ParseAvroTypeOptions } from "./parse-schema.js";
export { avscTypeOf, validateAvroValue, encodeAvro, decodeAvro } from "./codec.js";
export { parseAvro } from "./parse.js";
export { typeDepth } from "./depth.js";
export * from "./model.js";

/**
 * The Avro spec's Parsing Canonical Form of a parsed schema (§Parsing Canonical Form; referenced types are
 * inlined at first use, as the schema's full form requires). Returns `undefined` for a non-Avro schema, and for
 * one nesting too deeply to write (possible only when parsed with a `maxDepth` above the default).
 */
export function parsingCanonicalForm(parsed: ParsedSchema): string | undefined {
  const model = asAvroModel(parsed.model);
  if (!model) return undefined;
  try {
    return writeSchema(model.root, { form: "pcf" });
  } catch (e) {
    // Too deep to write (only when parsed with a raised maxDepth): no form rather than a thrown RangeError.
    if (isStackOverflow(e)) return undefined;
    throw e;
  }
}

/**
 * Confluent's `format=resolved` for an Avro schema (`AvroSchema.formattedString("resolved")`): the schema as one
 * standalone document, every named type — its own and those it takes from references — defined at its first
 * use and named afterwards, in Charter's canonical key order. `SCHEMA_INVALID` for a non-Avro schema, or one
 * nesting too deeply to write.
 */
export function avroResolvedSchema(parsed: ParsedSchema): Result<string> {
  const model = asAvroModel(parsed.model);
  if (!model) return fail("SCHEMA_INVALID", `a ${parsed.type} schema has no Avro resolved form`);
  try {
    return ok(writeSchema(model.root));
  } catch (e) {
    if (isStackOverflow(e)) return fail("SCHEMA_TOO_DEEP", "the schema nests too deeply to write");
    throw e;
  }
}

function notAvro(): Violation[] {
  return [{ rule: "TYPE_MISMATCH", path: "", message: "not an Avro schema parsed by the Avro engine" }];
}

/** The Avro {@link Format}: pure functions, errors as values. */
export const avroFormat: Format = {
  type: "AVRO",
  parse: (text, options) => Promise.resolve(parseAvro(text, options)),
  // policy.recordNames: "compare" (default, Java SchemaCompatibility / Confluent) or "ignore" (Java SchemaValidatorBuilder).
  compatibility: (reader, writer, options) => {
    const r = asAvroModel(reader.model);
    const w = asAvroModel(writer.model);
    const recordNames = options?.policy?.recordNames === "ignore" ? "ignore" : "compare";
    return r && w ? withAvroHints(withLines(reader.text, checkReaderWriter(r.root, w.root, { recordNames }))) : notAvro();
  },
  validate: (schema, value) => {
    const m = asAvroModel(schema.model);
    return m ? validateAvroValue(m, value) : notAvro();
  },
  encode: (schema, value) => {
    const m = asAvroModel(schema.model);
    return m ? encodeAvro(m, value) : fail("UNSUPPORTED", "not an Avro schema parsed by the Avro engine");
  },
  decode: (schema, payload) => {
    const m = asAvroModel(schema.model);
    return m ? decodeAvro(m, payload) : fail("UNSUPPORTED", "not an Avro schema parsed by the Avro engine");
  },
};
