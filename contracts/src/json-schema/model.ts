import type { ValidateFunction } from "ajv";
import type { JsonValue } from "../json-text.js";
import type { JsonSchemaDraft } from "./draft.js";

/** A referenced schema as the engine keeps it. */
export interface JsonSchemaDocument {
  /** The reference name (the `$ref` value the dependant uses), or `""` for the main schema. */
  readonly name: string;
  /** Its absolute base URI (`$id`/`id`, fragment stripped), when it declares one. */
  readonly id: string | undefined;
  readonly draft: JsonSchemaDraft;
  readonly root: JsonValue;
}

/**
 * The engine's model of a parsed JSON Schema (`ParsedSchema.model`): the main document, the referenced ones
 * (for `$ref` resolution in the compatibility walk) and the ajv validator compiled at parse time.
 */
export interface JsonSchemaModel {
  readonly kind: "json-schema";
  readonly main: JsonSchemaDocument;
  readonly references: readonly JsonSchemaDocument[];
  readonly validator: ValidateFunction;
}

/** Narrows `ParsedSchema.model` to the JSON Schema model; `undefined` when it is some other engine's. */
export function asJsonSchemaModel(model: unknown): JsonSchemaModel | undefined {
  if (model === null || typeof model !== "object") return undefined;
  return (model as { kind?: unknown }).kind === "json-schema" ? (model as JsonSchemaModel) : undefined;
}
