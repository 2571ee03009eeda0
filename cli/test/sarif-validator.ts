/** Validates SARIF logs against the SARIF 2.1.0 JSON Schema read from ../shared/schemas (never copied into the project). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject } from "ajv";
import ajvFormats from "ajv-formats";
import { REPO_ROOT } from "./gate-fixture.js";

/** Where the schema is: beside the repository, as every test reads shared data. */
export const SARIF_SCHEMA_PATH = join(REPO_ROOT, "..", "shared", "schemas", "sarif-schema-2.1.0.json");

let validate: ReturnType<Ajv["compile"]> | undefined;

/** The schema errors of `log` (empty = valid SARIF 2.1.0). */
export function sarifErrors(log: unknown): ErrorObject[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajvFormats.default(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA_PATH, "utf8")) as object);
  }
  return validate(log) ? [] : [...(validate.errors ?? [])];
}
