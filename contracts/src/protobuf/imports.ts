import { ContractFailure } from "../errors.js";
import { parseProtoFile } from "./parser.js";

/**
 * The import paths of `.proto` text, in order and without duplicates (`public`/`weak` imports too), read by the
 * engine's own parser without linking (so before the imported files are at hand). Text that does not parse has
 * none: `parse` reports it with its position. Light: needs neither protobufjs nor the linker, so callers that
 * only look for files to read (`charter check`) need not load the engine.
 */
export function protobufImports(text: string): string[] {
  try {
    return [...new Set(parseProtoFile(text).imports.map((i) => i.path))];
  } catch (e) {
    if (e instanceof ContractFailure) return [];
    throw e;
  }
}
