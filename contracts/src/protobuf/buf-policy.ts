/**
 * The registry's `BUF` compatibility policy: `buf breaking` with the WIRE_JSON category (buf.yaml v2) over the
 * schema and its references, as one buf module. The findings are {@link bufBreakingFindings}' (the emulation of
 * buf's `bufcheckserverhandle/breaking.go` that agrees with the buf binary), placed in the registry's terms.
 */
import { bufBreakingFindings, type BufFile, type BufFinding } from "./buf-breaking.js";
import type { ProtobufViolation } from "./compatibility.js";
import type { LinkedSchema } from "./link.js";
import { WELL_KNOWN_FILES } from "./well-known.js";

/** The file name the schema's own text takes in the buf module; another name when a reference already has it. */
function schemaFileName(reader: LinkedSchema, writer: LinkedSchema): string {
  let name = "schema.proto";
  for (let i = 2; reader.texts.has(name) || writer.texts.has(name); i++) name = `schema-${i}.proto`;
  return name;
}

/**
 * The buf module of a schema: its own text under `schemaFile` and every reference by its name. Built-in files that
 * were not overridden (well-known types imported without a reference) are left to buf's image, which holds them
 * anyway: buf does not compare them either.
 */
function moduleFiles(schema: LinkedSchema, schemaFile: string): BufFile[] {
  const out: BufFile[] = [];
  for (const [path, text] of schema.texts) {
    if (path === "") out.push({ path: schemaFile, text });
    else if (WELL_KNOWN_FILES.get(path) !== text) out.push({ path, text });
  }
  return out;
}

/**
 * The violations that stop `reader` from reading data written with `writer` under the `BUF` policy:
 * `buf breaking <reader> --against <writer>` with `breaking.use: [WIRE_JSON]` (v2), the schema and its references
 * making the module (so a BACKWARD check, reader = new schema, is `buf breaking new --against old`). `rule` is
 * buf's rule id, `message` buf's, `path` the element's JSON Pointer below the package (`/Message/field`; a map's
 * key and value are the map field; `""` for the file), `line` the reader's own line. A finding in a reference has
 * no line (lines are the schema's own); its message names the file and line there. The schema's own file is
 * paired with the other version's schema whatever its name, references by their names (import paths), as buf
 * pairs files by path.
 */
export function bufPolicyCompatibility(reader: LinkedSchema, writer: LinkedSchema): ProtobufViolation[] {
  const schemaFile = schemaFileName(reader, writer);
  const found = bufBreakingFindings(moduleFiles(writer, schemaFile), moduleFiles(reader, schemaFile), { categories: ["WIRE_JSON"], version: "v2" });
  // Both schemas were parsed by the same parser already: this only happens past a limit of the second parse.
  if (!found.ok) return [{ rule: found.error.code, path: "", message: `the buf module of the schema did not parse (${found.error.file}): ${found.error.message}` }];
  return found.value.map((f) => toViolation(f, schemaFile));
}

function toViolation(f: BufFinding, schemaFile: string): ProtobufViolation {
  const own = f.file === schemaFile;
  const where = own || f.file === "" ? "" : `${f.file}${f.line !== undefined ? `:${f.line}` : ""}: `;
  return { rule: f.rule, path: f.element ?? "", message: `${where}${f.message}`, ...(own && f.line !== undefined ? { line: f.line } : {}) };
}
