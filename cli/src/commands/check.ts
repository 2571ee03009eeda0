import type { Command, CommanderError } from "commander";
import { checkLevel, getFormat, type ContractError, type ParsedSchema, type ResolvedReference, type SchemaType } from "@charter/contracts";
import type { CliContext } from "../cli-context.js";
import { combineDetections, detectFormat } from "./check-detect.js";
import { resolveCheckSettings, type CheckFlags, type CheckSettings } from "./check-options.js";
import { autoReferences, readExplicitReferences, readSchemaFile } from "./check-references.js";
import { buildCheckReport, renderJson, renderText, type CheckReport } from "./check-report.js";

/** Exit codes of `charter check`. */
export const CHECK_EXIT = {
  /** The new schema passes the level against the old one. */
  COMPATIBLE: 0,
  /** It does not: breaking changes (the report lists them). */
  INCOMPATIBLE: 1,
  /** The check could not run: unreadable file, parse error, unknown format/level/option, ambiguous format. */
  INVALID_INPUT: 2,
} as const;

/** What one run prints and how it exits; `report` is set when the check ran (exit 0 or 1). */
export interface CheckOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
  readonly report?: CheckReport;
}

const invalid = (message: string): CheckOutcome => ({ exitCode: CHECK_EXIT.INVALID_INPUT, stdout: "", stderr: `charter check: ${message}\n` });

/** `file:line:column: cannot parse as TYPE (CODE at /path): message`, with a hint for unresolved references. */
export function parseErrorMessage(file: string, type: SchemaType | undefined, error: ContractError): string {
  const position = error.line !== undefined ? `:${error.line}${error.column !== undefined ? `:${error.column}` : ""}` : "";
  const detail = `${error.code}${error.path ? ` at ${error.path}` : ""}`;
  const hint = error.code === "REFERENCE_UNRESOLVED" ? " (if it is defined in another file, pass that file with --reference name=path)" : "";
  return `${file}${position}: cannot parse${type ? ` as ${type}` : ""} (${detail}): ${error.message}${hint}`;
}

async function parseFile(type: SchemaType, file: string, text: string, explicit: readonly ResolvedReference[]): Promise<{ ok: true; value: ParsedSchema } | { ok: false; error: string }> {
  const format = getFormat(type);
  if (!format) return { ok: false, error: `no ${type} engine in this build` };
  const given = new Set(explicit.map((r) => r.name));
  const auto = await autoReferences(type, file, text, given);
  const references = [...explicit, ...auto.references];
  try {
    const parsed = await format.parse(text, { references });
    if (parsed.ok) return parsed;
    const looked = parsed.error.code === "REFERENCE_UNRESOLVED" && auto.missing.length > 0 ? `; not found on disk: ${auto.missing.join(", ")}` : "";
    return { ok: false, error: parseErrorMessage(file, type, parsed.error) + looked };
  } catch (e) {
    return { ok: false, error: `${file}: cannot parse as ${type}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Runs `charter check` on validated settings: reads both files, takes the format from `--format` or detects
 * it (`detectFormat`, both files must agree), reads `--reference` files and resolves AsyncAPI `$ref`s and
 * Protobuf imports next to each file (`autoReferences`), parses both with the format's engine, and checks
 * with `checkLevel(format, level, new, [{version: 1, schema: old}])` from @charter/contracts — the registry's
 * semantics. Never throws: problems become exit code 2 with a message on stderr.
 */
export async function runCheck(settings: CheckSettings): Promise<CheckOutcome> {
  const files = [
    { role: "new", name: settings.newPath },
    { role: "old", name: settings.oldPath },
  ] as const;
  const texts: string[] = [];
  for (const f of files) {
    const read = await readSchemaFile(f.name);
    if (!read.ok) return invalid(read.error);
    texts.push(read.text);
  }
  const [newText, oldText] = texts as [string, string];

  let type = settings.format;
  if (!type) {
    const detections = files.map((f, i) => ({ name: f.name, detection: detectFormat(f.name, texts[i]!) }));
    for (const d of detections) if (d.detection.syntax) return invalid(parseErrorMessage(d.name, undefined, d.detection.syntax));
    const combined = combineDetections(detections);
    if (!combined.ok) return invalid(combined.message);
    type = combined.type;
  }
  const format = getFormat(type);
  if (!format) return invalid(`no ${type} engine in this build`);

  const explicit = await readExplicitReferences(settings.references);
  if (!explicit.ok) return invalid(explicit.error);
  const next = await parseFile(type, settings.newPath, newText, explicit.value);
  if (!next.ok) return invalid(next.error);
  const previous = await parseFile(type, settings.oldPath, oldText, explicit.value);
  if (!previous.ok) return invalid(previous.error);

  let report: CheckReport;
  try {
    report = buildCheckReport(type, settings.level, checkLevel(format, settings.level, next.value, [{ version: 1, schema: previous.value }], settings.policy ? { policy: { compatibilityPolicy: settings.policy } } : undefined));
  } catch (e) {
    return invalid(`the ${type} compatibility check failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const stdout = settings.output === "json" ? renderJson(report) : renderText(report, { new: settings.newPath, old: settings.oldPath });
  return { exitCode: report.compatible ? CHECK_EXIT.COMPATIBLE : CHECK_EXIT.INCOMPATIBLE, stdout, stderr: "", report };
}

/**
 * `charter check <new> --against <old> [--format] [--level] [--policy] [--reference name=path]… [--output text|json]`:
 * checks a schema change offline with the registry's semantics (see docs/cli.md). Exit codes: 0 compatible,
 * 1 incompatible, 2 invalid input (also for commander's own errors: unknown option, missing argument).
 */
export function registerCheck(program: Command, context: CliContext): void {
  program
    .command("check")
    .description("Check a schema change offline: can <new> replace <old> at a compatibility level?")
    .argument("<new>", "the new schema file (.avsc, .json, .proto, .yaml/.yml)")
    .option("--against <old>", "the old schema file to check against (required)")
    .option("--format <format>", "avro | json | protobuf | asyncapi (default: detected from the files)")
    .option("--level <level>", "Confluent compatibility level, case-insensitive", "BACKWARD")
    .option("--policy <policy>", "compatibility policy: JSON Schema STRICT (default) | LENIENT | KARAPACE; Protobuf CONFLUENT (default) | BUF | APICURIO")
    .option("--reference <name=path>", "a referenced schema: Avro full name, JSON Schema $ref, .proto import or AsyncAPI $ref path (repeatable)", (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option("--output <style>", "text | json", "text")
    .addHelpText("after", "\nExit codes: 0 compatible, 1 incompatible (breaking changes), 2 invalid input.\n")
    .exitOverride((err: CommanderError) => {
      context.exit(err.exitCode === 0 ? 0 : CHECK_EXIT.INVALID_INPUT);
      throw err;
    })
    .action(async (newPath: string, flags: CheckFlags) => {
      const settings = resolveCheckSettings(newPath, flags);
      const outcome = settings.ok ? await runCheck(settings.value) : invalid(settings.error);
      if (outcome.stdout) context.stdout(outcome.stdout);
      if (outcome.stderr) context.stderr(outcome.stderr);
      context.exit(outcome.exitCode);
    });
}
