import type { Command, CommanderError } from "commander";
import { checkLevel, loadFormat, type ContractError, type Format, type ParsedSchema, type ResolvedReference, type SchemaType } from "@charter/contracts/core";
import type { CliContext } from "../cli-context.js";
import { TextMap } from "../gate/text-map.js";
import { combineDetections, detectFormat } from "./check-detect.js";
import { resolveCheckSettings, type CheckFlags, type CheckSettings } from "./check-options.js";
import { autoReferences, readExplicitReferences, readSchemaFile } from "./check-references.js";
import { buildCheckReport, renderJson, renderJsonError, renderText, type CheckError, type CheckReport } from "./check-report.js";

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
  /** Set when the check could not run (exit 2). */
  readonly error?: CheckError;
}

/** `--output` as the user spelled it, for the error document of a run whose settings did not validate. */
const wantsJson = (flags: CheckFlags): boolean => (flags.output ?? "").toLowerCase() === "json";

/** Exit 2 with `error`: its message on stderr, and with `--output json` its document on stdout. */
function invalid(error: CheckError, json = false): CheckOutcome {
  return { exitCode: CHECK_EXIT.INVALID_INPUT, stdout: json ? renderJsonError(error) : "", stderr: `charter check: ${error.message}\n`, error };
}

/** `file:line:column: cannot parse as TYPE (CODE at /path): message`, with a hint for unresolved references. */
export function parseErrorMessage(file: string, type: SchemaType | undefined, error: ContractError): string {
  const position = error.line !== undefined ? `:${error.line}${error.column !== undefined ? `:${error.column}` : ""}` : "";
  const detail = `${error.code}${error.path ? ` at ${error.path}` : ""}`;
  const hint = error.code === "REFERENCE_UNRESOLVED" ? " (if it is defined in another file, pass that file with --reference name=path)" : "";
  return `${file}${position}: cannot parse${type ? ` as ${type}` : ""} (${detail}): ${error.message}${hint}`;
}

/**
 * A parse error as a {@link CheckError}: the engine's code, the file, and the position — the engine's, else
 * where its JSON Pointer `path` lands in `text` (Avro reports a path, not a line).
 */
function parseError(file: string, type: SchemaType | undefined, reported: ContractError, text: string, suffix = ""): CheckError {
  const at = reported.line === undefined && reported.path ? new TextMap(text).locate(reported.path) : undefined;
  const error: ContractError = at ? { ...reported, line: at.line, column: at.column } : reported;
  return {
    code: error.code,
    message: parseErrorMessage(file, type, error) + suffix,
    file,
    ...(error.line !== undefined ? { line: error.line } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
}

type Parsed = { ok: true; value: ParsedSchema } | { ok: false; error: CheckError };

async function parseFile(format: Format, file: string, text: string, explicit: readonly ResolvedReference[]): Promise<Parsed> {
  const type = format.type;
  const given = new Set(explicit.map((r) => r.name));
  const auto = await autoReferences(type, file, text, given);
  const references = [...explicit, ...auto.references];
  try {
    const parsed = await format.parse(text, { references });
    if (parsed.ok) return parsed;
    const looked = parsed.error.code === "REFERENCE_UNRESOLVED" && auto.missing.length > 0 ? `; not found on disk: ${auto.missing.join(", ")}` : "";
    return { ok: false, error: parseError(file, type, parsed.error, text, looked) };
  } catch (e) {
    return { ok: false, error: { code: "SCHEMA_INVALID", message: `${file}: cannot parse as ${type}: ${e instanceof Error ? e.message : String(e)}`, file } };
  }
}

/** Both files parsed with one format. */
interface ParsedPair {
  readonly format: Format;
  readonly next: ParsedSchema;
  readonly previous: ParsedSchema;
}

async function parsePair(format: Format, settings: CheckSettings, newText: string, oldText: string, explicit: readonly ResolvedReference[]): Promise<{ ok: true; value: ParsedPair } | { ok: false; error: CheckError }> {
  const next = await parseFile(format, settings.newPath, newText, explicit);
  if (!next.ok) return next;
  const previous = await parseFile(format, settings.oldPath, oldText, explicit);
  if (!previous.ok) return previous;
  return { ok: true, value: { format, next: next.value, previous: previous.value } };
}

/**
 * Settles a format the files' look leaves open (`{"type": "string"}` reads as Avro and as JSON Schema) by
 * parsing both files with each candidate engine: the one candidate both parse with wins; when several do, the
 * format is ambiguous (a message asks for `--format`); when none does, each candidate's first parse error is
 * reported, so a file Avro refuses is never called valid Avro.
 */
async function settleAmbiguity(candidates: readonly SchemaType[], detail: string, settings: CheckSettings, newText: string, oldText: string, explicit: readonly ResolvedReference[]): Promise<{ ok: true; value: ParsedPair } | { ok: false; error: CheckError }> {
  const parsed: ParsedPair[] = [];
  const refused: CheckError[] = [];
  for (const type of candidates) {
    const format = await loadFormat(type);
    if (!format) continue;
    const pair = await parsePair(format, settings, newText, oldText, explicit);
    if (pair.ok) parsed.push(pair.value);
    else refused.push(pair.error);
  }
  if (parsed.length === 1) return { ok: true, value: parsed[0]! };
  const files = settings.newPath === settings.oldPath ? settings.newPath : `${settings.newPath} and ${settings.oldPath}`;
  if (parsed.length > 1) {
    return { ok: false, error: { code: "FORMAT_AMBIGUOUS", message: `the format is ambiguous: ${files} parse as ${parsed.map((p) => p.format.type).join(" and as ")} (${detail}); pass --format avro|json|protobuf|asyncapi` } };
  }
  return {
    ok: false,
    error: { code: "FORMAT_UNDETECTED", message: `${files} could be ${candidates.join(" or ")} (${detail}) but parse as neither: ${refused.map((e) => e.message).join("; ")}` },
  };
}

/**
 * Runs `charter check` on validated settings: reads both files, takes the format from `--format` or detects
 * it (`detectFormat`, both files must agree; a look both Avro and JSON Schema share is settled by parsing with
 * each), reads `--reference` files and resolves AsyncAPI `$ref`s, JSON Schema relative `$ref`s and Protobuf
 * imports next to each file (`autoReferences`), parses both with the format's engine (loaded on demand), and
 * checks with `checkLevel(format, level, new, [{version: 1, schema: old}])` from @charter/contracts — the
 * registry's semantics. Never throws: problems become exit code 2 with a message on stderr (and, with
 * `--output json`, a {@link CheckErrorDocument} on stdout).
 */
export async function runCheck(settings: CheckSettings): Promise<CheckOutcome> {
  const json = settings.output === "json";
  const files = [
    { role: "new", name: settings.newPath },
    { role: "old", name: settings.oldPath },
  ] as const;
  const texts: string[] = [];
  for (const f of files) {
    const read = await readSchemaFile(f.name);
    if (!read.ok) return invalid({ code: "FILE_UNREADABLE", message: read.error, file: f.name }, json);
    texts.push(read.text);
  }
  const [newText, oldText] = texts as [string, string];

  const explicit = await readExplicitReferences(settings.references);
  if (!explicit.ok) return invalid({ code: "FILE_UNREADABLE", message: explicit.error }, json);

  let pair: { ok: true; value: ParsedPair } | { ok: false; error: CheckError };
  if (settings.format) {
    const format = await loadFormat(settings.format);
    if (!format) return invalid({ code: "USAGE", message: `no ${settings.format} engine in this build` }, json);
    pair = await parsePair(format, settings, newText, oldText, explicit.value);
  } else {
    const detections = files.map((f, i) => ({ name: f.name, detection: detectFormat(f.name, texts[i]!) }));
    for (const d of detections) if (d.detection.syntax) return invalid(parseError(d.name, undefined, d.detection.syntax, texts[files.findIndex((f) => f.name === d.name)]!), json);
    const combined = combineDetections(detections);
    if (combined.ok) {
      const format = await loadFormat(combined.type);
      if (!format) return invalid({ code: "USAGE", message: `no ${combined.type} engine in this build` }, json);
      pair = await parsePair(format, settings, newText, oldText, explicit.value);
    } else if (combined.candidates.length > 1) {
      pair = await settleAmbiguity(combined.candidates, combined.reason, settings, newText, oldText, explicit.value);
    } else {
      return invalid({ code: "FORMAT_UNDETECTED", message: combined.message }, json);
    }
  }
  if (!pair.ok) return invalid(pair.error, json);
  const { format, next, previous } = pair.value;

  let report: CheckReport;
  try {
    report = buildCheckReport(format.type, settings.level, checkLevel(format, settings.level, next, [{ version: 1, schema: previous }], settings.policy ? { policy: { compatibilityPolicy: settings.policy } } : undefined));
  } catch (e) {
    return invalid({ code: "CHECK_FAILED", message: `the ${format.type} compatibility check failed: ${e instanceof Error ? e.message : String(e)}` }, json);
  }
  const stdout = json ? renderJson(report) : renderText(report, { new: settings.newPath, old: settings.oldPath });
  return { exitCode: report.compatible ? CHECK_EXIT.COMPATIBLE : CHECK_EXIT.INCOMPATIBLE, stdout, stderr: "", report };
}

/**
 * `charter check <new> --against <old> [--format] [--level] [--policy] [--reference name=path]… [--output text|json]`:
 * checks a schema change offline with the registry's semantics (see docs/cli.md). Exit codes: 0 compatible,
 * 1 incompatible, 2 invalid input (also for commander's own errors: unknown option, missing argument).
 */
export function registerCheck(program: Command, context: CliContext): void {
  const command = program.command("check");
  command
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
      // Commander's own usage errors (unknown option, missing argument) get the error document too: options
      // before the error are parsed by then.
      if (err.exitCode !== 0 && wantsJson(command.opts<CheckFlags>())) context.stdout(renderJsonError({ code: "USAGE", message: err.message.replace(/^error: /, "") }));
      context.exit(err.exitCode === 0 ? 0 : CHECK_EXIT.INVALID_INPUT);
      throw err;
    })
    .action(async (newPath: string, flags: CheckFlags) => {
      const settings = resolveCheckSettings(newPath, flags);
      const outcome = settings.ok ? await runCheck(settings.value) : invalid({ code: "USAGE", message: settings.error }, wantsJson(flags));
      if (outcome.stdout) context.stdout(outcome.stdout);
      if (outcome.stderr) context.stderr(outcome.stderr);
      context.exit(outcome.exitCode);
    });
}
