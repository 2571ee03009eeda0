import { resolve } from "node:path";
import type { Command, CommanderError } from "commander";
import type { CliContext } from "../cli-context.js";
import { emitReport } from "../gate/emit.js";
import { parseFailOn } from "../gate/fail-on.js";
import { gateReport } from "../gate/report.js";
import { GATE_EXIT } from "../gate/result.js";
import { DEFAULT_SKIP_LABEL, runGate } from "../gate/run-gate.js";

/** Flags of `charter gate` as commander hands them over. */
export interface GateFlags {
  readonly base?: string;
  readonly registry?: string;
  readonly register?: boolean;
  readonly config?: string;
  readonly failOn?: string;
  readonly sarif?: string;
  readonly output?: string;
  readonly all?: boolean;
  readonly annotations?: boolean;
  readonly skipLabel?: string;
  readonly root?: string;
  readonly fetch?: boolean;
  readonly lint?: boolean;
}

/**
 * Runs `charter gate` with parsed flags in `context` (cwd from `--root`, else the process's): checks the
 * repository's changed contracts (see `runGate`), prints the human or JSON report, GitHub annotations (by
 * default when `GITHUB_ACTIONS=true`), appends the Markdown summary to `GITHUB_STEP_SUMMARY` when set, writes
 * `--sarif`. Returns the exit code: 0 compatible, 1 breaking, 2 invalid input or configuration.
 */
export async function runGateCommand(flags: GateFlags, context: CliContext, cwd: string = process.cwd()): Promise<0 | 1 | 2> {
  const failOn = parseFailOn(flags.failOn);
  const output = (flags.output ?? "text").toLowerCase();
  if (!failOn || (output !== "text" && output !== "json")) {
    context.stderr(`charter gate: ${!failOn ? `Unknown --fail-on '${flags.failOn ?? ""}': expected error, warning or never` : `Unknown --output '${flags.output ?? ""}': expected text or json`}\n`);
    return GATE_EXIT.INVALID;
  }
  const registry = flags.registry;
  const result = await runGate({
    cwd: resolve(cwd, flags.root ?? "."),
    env: context.env,
    ...(flags.base !== undefined ? { base: flags.base } : {}),
    ...(flags.config !== undefined ? { config: flags.config } : {}),
    ...(registry ? { registry } : {}),
    ...(flags.register ? { register: true } : {}),
    ...(flags.all ? { all: true } : {}),
    ...(flags.fetch ? { fetchBase: true } : {}),
    ...(flags.lint !== undefined ? { lint: flags.lint } : {}),
    failOn,
    skipLabel: flags.skipLabel ?? DEFAULT_SKIP_LABEL,
  });
  const emitted = await emitReport(gateReport(result), {
    output,
    annotations: flags.annotations ?? (context.env["GITHUB_ACTIONS"] === "true" && output === "text"),
    ...(context.env["GITHUB_STEP_SUMMARY"] ? { summaryFile: context.env["GITHUB_STEP_SUMMARY"] } : {}),
    ...(flags.sarif ? { sarifFile: resolve(cwd, flags.sarif) } : {}),
    stdout: (s) => context.stdout(s),
  });
  for (const e of emitted.errors) context.stderr(`charter gate: ${e}\n`);
  if (result.problems.length > 0) for (const p of result.problems) context.stderr(`charter gate: ${p.file !== undefined ? `${p.file}${p.line !== undefined ? `:${p.line}${p.column !== undefined ? `:${p.column}` : ""}` : ""}: ` : ""}${p.message}\n`);
  return emitted.errors.length > 0 ? GATE_EXIT.INVALID : result.exitCode;
}

/**
 * `charter gate [--base REF] [--registry URL [--register]] [--config FILE] [--fail-on error|warning|never]
 * [--sarif FILE] [--output text|json] [--all]`: the pull-request compatibility gate (docs/gate.md).
 */
export function registerGate(program: Command, context: CliContext): void {
  program
    .command("gate")
    .description("Check every contract changed since the base ref (or against a registry): fail on breaking changes, on the offending line")
    .option("--base <ref>", "git ref to compare against (default: the pull request's base from GITHUB_BASE_REF / the event payload, else the merge base with the default branch)")
    .option("--registry <url>", "check through this registry's compatibility endpoint (verbose) instead of the base ref; credentials from CHARTER_REGISTRY_AUTH (user:password or a bearer token)")
    .option("--register", "after a successful check, register the new versions in the registry, references first (needs --registry)")
    .option("--config <file>", "configuration file (default: charter.config.yaml, .yml or .json at the repository root)")
    .option("--fail-on <severity>", "error (default) | warning | never: which unaccepted findings fail the run", "error")
    .option("--sarif <file>", "also write a SARIF 2.1.0 log")
    .option("--output <style>", "text | json", "text")
    .option("--all", "check every contract, not only the changed ones")
    .option("--fetch", "fetch a missing base from origin (git fetch --depth=1) before giving up")
    .option("--lint", "also run the event-design lint rules on the checked contracts (default when charter.config.yaml has a lint section; docs/lint.md)")
    .option("--no-lint", "do not run the lint rules")
    .option("--annotations", "print GitHub workflow commands (default when GITHUB_ACTIONS=true)")
    .option("--no-annotations", "never print GitHub workflow commands")
    .option("--skip-label <name>", "pull-request label that accepts breaking changes", DEFAULT_SKIP_LABEL)
    .option("--root <dir>", "a directory inside the repository (default: the current directory)")
    .addHelpText("after", "\nExit codes: 0 compatible, 1 breaking changes, 2 invalid input or configuration.\n")
    .exitOverride((err: CommanderError) => {
      context.exit(err.exitCode === 0 ? 0 : GATE_EXIT.INVALID);
      throw err;
    })
    .action(async (flags: GateFlags) => {
      context.exit(await runGateCommand(flags, context));
    });
}
