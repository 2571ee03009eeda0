import { resolve } from "node:path";
import type { Command, CommanderError } from "commander";
import type { CliContext } from "../cli-context.js";
import { LINT_EXIT, lintReport, runLint } from "../lint/run-lint.js";
import { renderAnnotations } from "../report/annotations.js";
import { renderJsonReport } from "../report/json.js";
import { renderSarif } from "../report/sarif.js";
import { renderText } from "../report/text.js";

/** Flags of `charter lint` as commander hands them over. */
export interface LintFlags {
  readonly against?: string;
  readonly registry?: string;
  readonly config?: string;
  readonly output?: string;
  readonly maxWarnings?: string;
  readonly annotations?: boolean;
}

/**
 * Runs `charter lint` with parsed arguments: lints the contracts (see `runLint`) and prints the report as text,
 * JSON or SARIF 2.1.0 on stdout, then GitHub annotations when asked (default under GitHub Actions with text
 * output); problems also go to stderr. Returns the exit code: 0 clean (warnings within
 * `--max-warnings`), 1 error findings or too many warnings, 2 invalid input or configuration.
 */
export async function runLintCommand(paths: readonly string[], flags: LintFlags, context: CliContext, cwd: string = process.cwd()): Promise<0 | 1 | 2> {
  const output = (flags.output ?? "text").toLowerCase();
  if (output !== "text" && output !== "json" && output !== "sarif") {
    context.stderr(`charter lint: Unknown --output '${flags.output ?? ""}': expected text, json or sarif\n`);
    return LINT_EXIT.INVALID;
  }
  let maxWarnings: number | undefined;
  if (flags.maxWarnings !== undefined) {
    maxWarnings = Number(flags.maxWarnings);
    if (!/^-?\d+$/.test(flags.maxWarnings) || maxWarnings < -1) {
      context.stderr(`charter lint: --max-warnings must be a whole number (-1: no limit), got '${flags.maxWarnings}'\n`);
      return LINT_EXIT.INVALID;
    }
    if (maxWarnings === -1) maxWarnings = undefined;
  }
  const result = await runLint({
    paths,
    cwd: resolve(cwd),
    env: context.env,
    ...(flags.against !== undefined ? { against: flags.against } : {}),
    ...(flags.registry !== undefined ? { registry: flags.registry } : {}),
    ...(flags.config !== undefined ? { config: flags.config } : {}),
    ...(maxWarnings !== undefined ? { maxWarnings } : {}),
  });
  const report = lintReport(result);
  context.stdout(output === "json" ? renderJsonReport(report) : output === "sarif" ? renderSarif(report) : renderText(report));
  // GitHub workflow commands, as the gate prints them: each finding annotated on its line.
  if (flags.annotations ?? (context.env["GITHUB_ACTIONS"] === "true" && output === "text")) context.stdout(renderAnnotations(report));
  for (const p of result.problems) context.stderr(`charter lint: ${p.file !== undefined && !p.message.startsWith(p.file) ? `${p.file}: ` : ""}${p.message}\n`);
  return result.exitCode;
}

/**
 * `charter lint <files…|dir> [--against FILE|DIR] [--registry URL] [--config FILE] [--output text|json|sarif]
 * [--max-warnings N]`: event-design rules on contracts (docs/lint.md).
 */
export function registerLint(program: Command, context: CliContext): void {
  program
    .command("lint")
    .description("Check contracts against event-design rules (past-tense names, event ids, CloudEvents, defaults, deprecation, reserved numbers, payload size, docs)")
    .argument("<paths...>", "contract files or directories")
    .option("--against <path>", "the previous version: a file (with one input file) or a directory (paired by relative path)")
    .option("--registry <url>", "read each contract's previous version from this registry (latest version of its subject); credentials from CHARTER_REGISTRY_AUTH")
    .option("--config <file>", "configuration file (default: charter.config.yaml, .yml or .json in the current directory)")
    .option("--output <style>", "text | json | sarif", "text")
    .option("--max-warnings <n>", "fail (exit 1) when there are more warnings than this (ESLint's flag; -1: no limit)")
    .option("--annotations", "print GitHub workflow commands (default when GITHUB_ACTIONS=true and --output text)")
    .option("--no-annotations", "never print GitHub workflow commands")
    .addHelpText("after", "\nExit codes: 0 clean (warnings allowed), 1 error findings or more warnings than --max-warnings, 2 invalid input or configuration.\n")
    .exitOverride((err: CommanderError) => {
      context.exit(err.exitCode === 0 ? 0 : LINT_EXIT.INVALID);
      throw err;
    })
    .action(async (paths: string[], flags: LintFlags) => {
      context.exit(await runLintCommand(paths, flags, context));
    });
}
