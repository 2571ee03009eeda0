import { fail, ok, type Result } from "../errors.js";
import type { JsonValue } from "../json-text.js";

/** The JSON Schema drafts the engine understands, named as their specifications are. */
export type JsonSchemaDraft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";

/** The draft of a schema without `$schema`: draft-07, as Confluent's `JsonSchema` defaults. */
export const DEFAULT_DRAFT: JsonSchemaDraft = "draft-07";

/** The meta-schema URI ajv registers for each draft (the exact key it looks `$schema` up by). */
export const DRAFT_META_URIS: Readonly<Record<JsonSchemaDraft, string>> = {
  "draft-04": "http://json-schema.org/draft-04/schema#",
  "draft-06": "http://json-schema.org/draft-06/schema#",
  "draft-07": "http://json-schema.org/draft-07/schema#",
  "2019-09": "https://json-schema.org/draft/2019-09/schema",
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
};

/**
 * The draft a `$schema` URI names, or `undefined` for an unknown URI. Lenient about the scheme (http/https)
 * and a trailing `#` or `/`, since real schemas spell the official URIs all these ways.
 */
export function draftFromUri(uri: string): JsonSchemaDraft | undefined {
  const key = uri.trim().replace(/^https?:\/\//, "").replace(/#$/, "").replace(/\/$/, "");
  switch (key) {
    case "json-schema.org/draft-04/schema":
      return "draft-04";
    case "json-schema.org/draft-06/schema":
      return "draft-06";
    case "json-schema.org/draft-07/schema":
      return "draft-07";
    case "json-schema.org/draft/2019-09/schema":
      return "2019-09";
    case "json-schema.org/draft/2020-12/schema":
      return "2020-12";
    default:
      return undefined;
  }
}

/**
 * The draft of a parsed schema: from its `$schema` keyword, {@link DEFAULT_DRAFT} when absent (and for the
 * boolean schemas `true`/`false`). Errors: `SCHEMA_INVALID` at `/$schema` when `$schema` is not a string or
 * names no known draft (remote meta-schemas are never fetched).
 */
export function detectDraft(schema: JsonValue): Result<JsonSchemaDraft> {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema)) return ok(DEFAULT_DRAFT);
  const uri = schema["$schema"];
  if (uri === undefined) return ok(DEFAULT_DRAFT);
  if (typeof uri !== "string") return fail("SCHEMA_INVALID", "$schema must be a string", { path: "/$schema" });
  const draft = draftFromUri(uri);
  if (draft === undefined) return fail("SCHEMA_INVALID", `unknown $schema "${uri}": supported are drafts 4, 6, 7, 2019-09 and 2020-12`, { path: "/$schema" });
  return ok(draft);
}

/** The keyword that names a schema resource's URI in `draft`: `id` in draft-04, `$id` later. */
export function idKeyword(draft: JsonSchemaDraft): "id" | "$id" {
  return draft === "draft-04" ? "id" : "$id";
}
