import type { Parser, SchemaParser } from "@asyncapi/parser";
import { hasValidators, payloadValidatorId, precompiledValidator } from "./spec-validators.js";

interface AjvError {
  readonly instancePath: string;
  readonly message?: string;
}

/** The parser's registry of schema parsers by mime type (a public field of its `Parser`, untyped). */
type Registry = Map<string, SchemaParser>;

/**
 * Makes `parser`'s AsyncAPI schema parser (payloads in AsyncAPI/JSON Schema format) validate with the payload
 * validators precompiled in `dir` (`writePayloadValidators`) instead of compiling the specification's Schema
 * Object with Ajv on first use (≈ 0.3 s per process). Same validator code, same results as
 * `schema-parser/asyncapi-schema-parser.js` (`ajvToSpectralResult`); versions without a file use the original.
 * Does nothing when `dir` does not exist.
 */
export function usePrecompiledPayloadValidators(parser: Parser, dir: string): void {
  if (!hasValidators(dir)) return;
  const registry = (parser as unknown as { parserRegistry: Registry }).parserRegistry;
  const original = registry.get("application/vnd.aai.asyncapi;version=3.0.0");
  if (!original) return;
  const wrapped: SchemaParser = {
    parse: (input) => original.parse(input),
    getMimeTypes: () => original.getMimeTypes(),
    validate: (input) => {
      const validate = precompiledValidator(dir, payloadValidatorId(input.asyncapi.semver.version));
      if (!validate) return original.validate(input);
      if (validate(input.data) || !validate.errors) return [];
      return (validate.errors as AjvError[]).map((error) => ({
        message: error.message ?? "",
        path: [...input.path, ...error.instancePath.replace(/^\//, "").split("/")],
      }));
    },
  };
  parser.registerSchemaParser(wrapped);
}
