import { readerWriterSentence, type CompatibilityLevel, type LevelVerdict, type LevelViolation, type SchemaType, type Violation } from "@charter/contracts/core";

/** A nested cause of a violation, as `--output json` prints it. */
export interface CheckCause {
  readonly rule: string;
  readonly path: string;
  readonly line?: number;
  readonly message: string;
  readonly causes?: readonly CheckCause[];
  readonly confluent?: string;
  /** The usual fix, one sentence (the engine's `Violation.hint`), when there is one. */
  readonly hint?: string;
}

/** One violation, as `--output json` prints it (see docs/cli.md). */
export interface CheckViolation extends CheckCause {
  /** `backward`: the new schema cannot read data written with the old; `forward`: the old cannot read the new's. */
  readonly direction: "backward" | "forward";
  /** `direction` in words: "the new schema cannot read data written with the old schema", or the reverse. */
  readonly readerWriter: string;
  /**
   * The file `path` and `line` point into. ASYNCAPI: always (the engine says). Other formats: with `line`,
   * which `Violation.line` defines as a line of the reader schema (new for backward, old for forward).
   */
  readonly document?: "new" | "old";
}

/** The result of `charter check`, exactly what `--output json` prints. */
export interface CheckReport {
  readonly compatible: boolean;
  readonly format: SchemaType;
  readonly level: CompatibilityLevel;
  readonly violations: readonly CheckViolation[];
}

function toCause(v: Violation): CheckCause {
  return {
    rule: v.rule,
    path: v.path,
    ...(v.line !== undefined ? { line: v.line } : {}),
    message: v.message,
    ...(v.causes && v.causes.length > 0 ? { causes: v.causes.map(toCause) } : {}),
    ...(v.confluent !== undefined ? { confluent: v.confluent } : {}),
    ...(v.hint !== undefined ? { hint: v.hint } : {}),
  };
}

/** The document a violation points into, when known (see {@link CheckViolation.document}). */
function documentOf(v: LevelViolation): "new" | "old" | undefined {
  const readerIsNew = v.direction === "backward";
  const side = (v as LevelViolation & { readonly in?: unknown }).in;
  if (side === "reader" || side === "writer") return (side === "reader") === readerIsNew ? "new" : "old";
  if (v.line !== undefined) return readerIsNew ? "new" : "old";
  return undefined;
}

/** Builds the report of a {@link LevelVerdict} from `checkLevel` (against the single old version). */
export function buildCheckReport(format: SchemaType, level: CompatibilityLevel, verdict: LevelVerdict): CheckReport {
  return {
    compatible: verdict.compatible,
    format,
    level,
    violations: verdict.violations.map((v) => {
      const document = documentOf(v);
      return { ...toCause(v), direction: v.direction, readerWriter: readerWriterSentence(v.direction), ...(document ? { document } : {}) };
    }),
  };
}

/**
 * Why `charter check` could not run (exit 2), as `--output json` prints it inside a {@link CheckErrorDocument}.
 * `code`: `USAGE` (a bad option or argument), `FILE_UNREADABLE`, `FORMAT_UNDETECTED`, `FORMAT_AMBIGUOUS`,
 * `CHECK_FAILED`, or the engine's parse error code (`SCHEMA_SYNTAX`, `SCHEMA_INVALID`, `REFERENCE_UNRESOLVED`,
 * … from @charter/contracts' catalogue). `file`, `line`, `column` (1-based) and `path` (JSON Pointer) when known.
 */
export interface CheckError {
  readonly code: string;
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly path?: string;
}

/** What `charter check --output json` prints on stdout on exit 2: `{"error": {...}}`, never a report. */
export interface CheckErrorDocument {
  readonly error: CheckError;
}

/** `--output json` on exit 2: the {@link CheckErrorDocument} on one line, newline-terminated. */
export function renderJsonError(error: CheckError): string {
  return JSON.stringify({ error } satisfies CheckErrorDocument) + "\n";
}

/** `--output json`: the report as one JSON object on one line, newline-terminated. */
export function renderJson(report: CheckReport): string {
  return JSON.stringify(report) + "\n";
}

function causeLines(causes: readonly CheckCause[], indent: string): string[] {
  return causes.flatMap((c) => [
    `${indent}- ${c.rule} at ${c.path || "/"}${c.line !== undefined ? ` (line ${c.line})` : ""}: ${c.message}`,
    ...causeLines(c.causes ?? [], indent + "  "),
  ]);
}

/**
 * The human report: a verdict line, then per violation `[direction] RULE at /path (file:line)`, its message,
 * its causes indented below it, `why:` (which schema cannot read which, in words) and `fix:` (the hint). `files` names the new and old files as the user gave them.
 */
export function renderText(report: CheckReport, files: { readonly new: string; readonly old: string }): string {
  const count = `${report.violations.length} violation${report.violations.length === 1 ? "" : "s"}`;
  const lines = [
    report.compatible
      ? `COMPATIBLE: ${files.new} can replace ${files.old} at ${report.level} (${report.format})`
      : `INCOMPATIBLE: ${files.new} breaks ${report.level} compatibility with ${files.old} (${report.format}): ${count}`,
  ];
  for (const v of report.violations) {
    const file = v.document === "old" ? files.old : v.document === "new" ? files.new : undefined;
    const where = file !== undefined ? ` (${file}${v.line !== undefined ? `:${v.line}` : ""})` : v.line !== undefined ? ` (line ${v.line})` : "";
    lines.push("", `[${v.direction}] ${v.rule} at ${v.path || "/"}${where}${v.confluent !== undefined ? ` [Confluent ${v.confluent}]` : ""}`, `    ${v.message}`);
    lines.push(...causeLines(v.causes ?? [], "    "));
    lines.push(`    why: ${v.readerWriter}`);
    if (v.hint !== undefined) lines.push(`    fix: ${v.hint}`);
  }
  return lines.join("\n") + "\n";
}
