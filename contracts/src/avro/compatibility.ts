import type { Violation } from "../format.js";
import { isStackOverflow } from "./depth.js";
import { type AvroEnum, type AvroField, type AvroFixed, type AvroNamed, type AvroRecord, type AvroType } from "./model.js";

/**
 * The rule ids of Java `SchemaCompatibility.SchemaIncompatibilityType` (Avro 1.11), used as `Violation.rule`.
 */
export type AvroIncompatibility =
  | "NAME_MISMATCH"
  | "FIXED_SIZE_MISMATCH"
  | "MISSING_ENUM_SYMBOLS"
  | "READER_FIELD_MISSING_DEFAULT_VALUE"
  | "TYPE_MISMATCH"
  | "MISSING_UNION_BRANCH";

/**
 * Every reason `reader` cannot read data written with `writer` (empty = compatible), following Avro spec 1.11
 * §Schema Resolution as Java `SchemaCompatibility.checkReaderWriterCompatibility` implements it:
 * - promotions int→long/float/double, long→float/double, float→double, string↔bytes;
 * - a writer union is readable when every branch is: against a reader union each unreadable branch is one
 *   MISSING_UNION_BRANCH, against any other reader each branch contributes its own violations; a reader union
 *   reads a non-union writer when some branch does (else MISSING_UNION_BRANCH);
 * - named types compare unqualified names, or the writer's full name against the reader's aliases
 *   (NAME_MISMATCH at `/name`); fixed sizes must agree (FIXED_SIZE_MISMATCH at `/size`); writer enum symbols
 *   missing from the reader are MISSING_ENUM_SYMBOLS at `/symbols` unless the reader enum has a default;
 * - each reader field is found in the writer by name or by one of its aliases; a missing one needs a default
 *   (READER_FIELD_MISSING_DEFAULT_VALUE at `/fields/i`); found ones are checked at `/fields/i/type`;
 * - anything else is TYPE_MISMATCH. Logical types are ignored (Java compares the underlying types).
 * Paths and messages are Java's (`Incompatibility.getLocation()`/`getMessage()`, which Confluent reports as
 * location and additionalInfo) — checked against every case of the apache-avro vectors that records them —
 * except that the root is `""` (Java writes `/`) and the missing-default message is a sentence naming the
 * field. Paths point into the reader schema, except that where a writer union is resolved branch by branch
 * Java appends the writer's branch index (`/fields/1/type/2` = writer branch 2 at the reader's field type).
 * Recursive types terminate: a reader/writer pair met again while it is being checked counts as compatible
 * (Java memoizes the same way); results are memoized per pair, with paths relative to the pair.
 * Never throws: schemas nesting too deeply to walk (possible only when parsed with a raised `maxDepth`) give
 * one violation with rule `SCHEMA_TOO_DEEP`.
 */
export function checkReaderWriter(reader: AvroType, writer: AvroType, options: AvroCompatibilityOptions = {}): readonly Violation[] {
  try {
    return new Checker(options.recordNames ?? "compare").check(reader, writer);
  } catch (e) {
    // Parsing bounds type nesting by maxDepth; only schemas parsed with a raised limit can get here.
    if (isStackOverflow(e)) {
      return [{ rule: "SCHEMA_TOO_DEEP", path: "", message: "The schemas nest too deeply to check their compatibility" }];
    }
    throw e;
  }
}

/**
 * Policy for {@link checkReaderWriter}. `recordNames`: `"compare"` (default) checks record names as Java
 * `SchemaCompatibility` does, which Confluent, Karapace and Apicurio use; `"ignore"` matches records by
 * structure alone, as Avro's other Java check, `SchemaValidatorBuilder` (`ValidateMutualRead`, built on
 * `ResolvingGrammarGenerator`), does — for teams whose record names are generated (e.g. by reflection) and
 * change without changing the data. Enum and fixed names are compared under both, as both Java checks do.
 */
export interface AvroCompatibilityOptions {
  readonly recordNames?: "compare" | "ignore";
}

/** True when `reader` can read every datum `writer` writes. */
export function canRead(reader: AvroType, writer: AvroType): boolean {
  return checkReaderWriter(reader, writer).length === 0;
}

type Memo = Map<AvroType, Map<AvroType, readonly Violation[] | "in-progress">>;

function prefix(base: string, violations: readonly Violation[]): Violation[] {
  return violations.map((v) => ({ ...v, path: base + v.path }));
}

function violation(rule: AvroIncompatibility, path: string, message: string): Violation {
  return { rule, path, message };
}

class Checker {
  private readonly memo: Memo = new Map();
  constructor(private readonly recordNames: "compare" | "ignore") {}

  /** Violations with paths relative to `reader`. */
  check(reader: AvroType, writer: AvroType): readonly Violation[] {
    let byWriter = this.memo.get(reader);
    if (!byWriter) this.memo.set(reader, (byWriter = new Map()));
    const known = byWriter.get(writer);
    if (known === "in-progress") return [];
    if (known) return known;
    byWriter.set(writer, "in-progress");
    const result = this.calculate(reader, writer);
    byWriter.set(writer, result);
    return result;
  }

  private calculate(reader: AvroType, writer: AvroType): readonly Violation[] {
    const sameType = reader.kind === writer.kind && (reader.kind !== "primitive" || writer.kind !== "primitive" || reader.type === writer.type);
    if (sameType) {
      switch (reader.kind) {
        case "primitive":
          return [];
        case "array":
          return prefix("/items", this.check(reader.items, (writer as typeof reader).items));
        case "map":
          return prefix("/values", this.check(reader.values, (writer as typeof reader).values));
        case "fixed":
          return [...names(reader, writer as AvroFixed), ...fixedSize(reader, writer as AvroFixed)];
        case "enum":
          return [...names(reader, writer as AvroEnum), ...enumSymbols(reader, writer as AvroEnum)];
        case "record":
          return [...(this.recordNames === "compare" ? names(reader, writer as AvroRecord) : []), ...this.fields(reader, writer as AvroRecord)];
        case "union": {
          const out: Violation[] = [];
          for (const [i, branch] of (writer as typeof reader).branches.entries()) {
            if (this.check(reader, branch).length > 0) {
              out.push(violation("MISSING_UNION_BRANCH", `/${i}`, `reader union lacking writer type: ${javaType(branch)}`));
            }
          }
          return out;
        }
      }
    }
    // A writer union is readable when the reader reads each of its branches.
    if (writer.kind === "union") return writer.branches.flatMap((b, i) => prefix(`/${i}`, this.check(reader, b)));
    const w = writer.kind === "primitive" ? writer.type : writer.kind;
    const mismatch = [violation("TYPE_MISMATCH", "", `reader type: ${javaType(reader)} not compatible with writer type: ${javaType(writer)}`)];
    switch (reader.kind) {
      case "primitive":
        switch (reader.type) {
          case "long":
            return w === "int" ? [] : mismatch;
          case "float":
            return w === "int" || w === "long" ? [] : mismatch;
          case "double":
            return w === "int" || w === "long" || w === "float" ? [] : mismatch;
          case "bytes":
            return w === "string" ? [] : mismatch;
          case "string":
            return w === "bytes" ? [] : mismatch;
          default:
            return mismatch;
        }
      case "union":
        if (reader.branches.some((b) => this.check(b, writer).length === 0)) return [];
        return [violation("MISSING_UNION_BRANCH", "", `reader union lacking writer type: ${javaType(writer)}`)];
      default:
        return mismatch;
    }
  }

  private fields(reader: AvroRecord, writer: AvroRecord): Violation[] {
    const out: Violation[] = [];
    for (const [i, field] of reader.fields.entries()) {
      const match = writerField(writer, field);
      if (!match) {
        if (!field.default) {
          out.push(violation("READER_FIELD_MISSING_DEFAULT_VALUE", `/fields/${i}`, `The field '${field.name}' at path '/fields/${i}' in the reader schema has no default value and is missing in the writer schema`));
        }
      } else {
        out.push(...prefix(`/fields/${i}/type`, this.check(field.type, match.type)));
      }
    }
    return out;
  }
}

/**
 * The writer field a reader field reads from: the one of the same name, else the first one named by a reader
 * alias (Java `SchemaCompatibility.lookupWriterField`; Java throws when several match — we take the direct one).
 */
export function writerField(writer: AvroRecord, field: AvroField): AvroField | undefined {
  const direct = writer.fields.find((f) => f.name === field.name);
  if (direct) return direct;
  for (const alias of field.aliases) {
    const found = writer.fields.find((f) => f.name === alias);
    if (found) return found;
  }
  return undefined;
}

/**
 * Java `SchemaCompatibility.schemaNameEquals`: equal unqualified names, or the writer's full name among the
 * reader's aliases.
 */
export function schemaNameEquals(reader: AvroNamed, writer: AvroNamed): boolean {
  return reader.simpleName === writer.simpleName || reader.aliases.includes(writer.name);
}

function names(reader: AvroNamed, writer: AvroNamed): Violation[] {
  return schemaNameEquals(reader, writer) ? [] : [violation("NAME_MISMATCH", "/name", `expected: ${writer.name}`)];
}

function fixedSize(reader: AvroFixed, writer: AvroFixed): Violation[] {
  return reader.size === writer.size ? [] : [violation("FIXED_SIZE_MISMATCH", "/size", `expected: ${writer.size}, found: ${reader.size}`)];
}

function enumSymbols(reader: AvroEnum, writer: AvroEnum): Violation[] {
  const readerSymbols = new Set(reader.symbols);
  const missing = writer.symbols.filter((s) => !readerSymbols.has(s));
  if (missing.length === 0 || reader.default !== undefined) return [];
  return [violation("MISSING_ENUM_SYMBOLS", "/symbols", `[${[...missing].sort().join(", ")}]`)];
}

/** Java's `Schema.Type` name of a type (`INT`, `RECORD`, …), as Java's messages print it. */
function javaType(type: AvroType): string {
  return (type.kind === "primitive" ? type.type : type.kind).toUpperCase();
}
