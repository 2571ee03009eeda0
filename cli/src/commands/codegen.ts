import { resolve } from "node:path";
import type { Command, CommanderError } from "commander";
import { CodegenError, generatePackage, loadRegistryContract, writePackage, type CodegenOptions, type ContractSource } from "@charter/codegen";
import type { CliContext } from "../cli-context.js";
import { parseReferenceFlag } from "./check-options.js";
import { autoReferences, readExplicitReferences, readSchemaFile } from "./check-references.js";

/** Exit codes of `charter codegen`. */
export const CODEGEN_EXIT = {
  OK: 0,
  /** The contract could not be read or generated: unreadable file, invalid contract, registry error, bad option. */
  FAILED: 2,
} as const;

/** The flags of `charter codegen` as commander parses them. */
export interface CodegenFlags {
  readonly out?: string;
  readonly registry?: string;
  readonly subject?: string;
  readonly version?: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
  readonly history?: readonly string[];
  readonly reference?: readonly string[];
  readonly longs?: string;
  readonly timestamps?: string;
}

/** What one run printed and how it exits. */
export interface CodegenOutcome {
  readonly exitCode: 0 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

const failed = (message: string): CodegenOutcome => ({ exitCode: CODEGEN_EXIT.FAILED, stdout: "", stderr: `charter codegen: ${message}\n` });

/** Reads an AsyncAPI file with the files its relative `$ref`s name (read beside it) and `--reference`s. */
async function fileSource(path: string, referenceFlags: readonly string[]): Promise<{ ok: true; value: ContractSource } | { ok: false; error: string }> {
  const read = await readSchemaFile(path);
  if (!read.ok) return read;
  const flags = [];
  for (const r of referenceFlags) {
    const parsed = parseReferenceFlag(r);
    if (!parsed.ok) return parsed;
    flags.push(parsed.value);
  }
  const explicit = await readExplicitReferences(flags);
  if (!explicit.ok) return explicit;
  const auto = await autoReferences("ASYNCAPI", path, read.text, new Set(explicit.value.map((r) => r.name)));
  return { ok: true, value: { text: read.text, references: [...explicit.value, ...auto.references], label: path } };
}

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): { ok: true; value: T | undefined } | { ok: false; error: string } {
  if (value === undefined) return { ok: true, value: undefined };
  return (allowed as readonly string[]).includes(value) ? { ok: true, value: value as T } : { ok: false, error: `--${name} must be one of ${allowed.join(", ")} (got ${value})` };
}

/**
 * Runs `charter codegen`: reads the contract (a file with its relative `$ref`s, or a registry subject version with
 * its references), the history (`--history` files, else the subject's older versions), generates the package and
 * writes it to `--out` (hand-written upcaster steps that exist are kept). Never throws.
 */
export async function runCodegen(input: string | undefined, flags: CodegenFlags): Promise<CodegenOutcome> {
  if (!flags.out) return failed("--out <dir> is required");
  if ((input === undefined) === (flags.registry === undefined)) return failed("give an AsyncAPI file, or --registry <url> with --subject <subject> (not both)");
  if (flags.registry !== undefined && !flags.subject) return failed("--registry needs --subject <subject>");
  const longs = choice("longs", flags.longs, ["number", "bigint"] as const);
  if (!longs.ok) return failed(longs.error);
  const timestamps = choice("timestamps", flags.timestamps, ["number", "date"] as const);
  if (!timestamps.ok) return failed(timestamps.error);
  let version: number | "latest" = "latest";
  if (flags.version !== undefined && flags.version !== "latest") {
    if (!/^[1-9]\d*$/.test(flags.version)) return failed(`--version must be a version number or latest (got ${flags.version})`);
    version = Number(flags.version);
  }

  try {
    let source: ContractSource;
    let history: ContractSource[] = [];
    const options: { -readonly [K in keyof CodegenOptions]: CodegenOptions[K] } = {};
    if (input !== undefined) {
      const read = await fileSource(input, flags.reference ?? []);
      if (!read.ok) return failed(read.error);
      source = read.value;
    } else {
      const contract = await loadRegistryContract({ url: flags.registry!, subject: flags.subject!, version });
      source = contract.source;
      history = [...contract.history];
      options.subject = flags.subject!;
      options.messageSubjects = contract.messageSubjects;
    }
    if (flags.history && flags.history.length > 0) {
      history = [];
      for (const file of flags.history) {
        const read = await fileSource(file, flags.reference ?? []);
        if (!read.ok) return failed(read.error);
        history.push(read.value);
      }
    }
    if (flags.packageName !== undefined) options.packageName = flags.packageName;
    if (flags.packageVersion !== undefined) options.packageVersion = flags.packageVersion;
    if (longs.value) options.longs = longs.value;
    if (timestamps.value) options.timestamps = timestamps.value;
    options.history = history;

    const pkg = await generatePackage(source, options);
    const out = resolve(flags.out);
    const result = await writePackage(out, pkg);
    const lines = [
      `${pkg.name}: ${pkg.stats.operations} operation(s), ${pkg.stats.messages} message(s), ${pkg.stats.steps} upcaster step(s)${pkg.stats.stubs > 0 ? ` (${pkg.stats.stubs} to write by hand)` : ""}`,
      `wrote ${result.written.length} file(s) to ${out}${result.kept.length > 0 ? `; kept ${result.kept.length} hand-written file(s): ${result.kept.join(", ")}` : ""}`,
    ];
    const warnings = pkg.warnings.map((w) => `warning: ${w}`);
    return { exitCode: CODEGEN_EXIT.OK, stdout: lines.join("\n") + "\n", stderr: warnings.length > 0 ? warnings.join("\n") + "\n" : "" };
  } catch (e) {
    if (e instanceof CodegenError) return failed(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    return failed(code ? `cannot write ${flags.out}: ${(e as Error).message}` : `generation failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * `charter codegen <asyncapi.yaml | --registry URL --subject S [--version V]> -o <dir> [--package-name @org/name]
 * [--history v1.yaml v2.yaml …]`: writes a typed client package for the contract (see docs/codegen.md).
 * Exit codes: 0 written, 2 failed (message on stderr).
 */
export function registerCodegen(program: Command, context: CliContext): void {
  program
    .command("codegen")
    .description("Generate a typed TypeScript client package (producers, consumers, upcasters) from an AsyncAPI contract")
    .argument("[asyncapi]", "the AsyncAPI file (YAML or JSON); relative $refs are read beside it")
    .option("-o, --out <dir>", "output directory of the package (required)")
    .option("--registry <url>", "read the contract from this schema registry instead of a file")
    .option("--subject <subject>", "registry subject holding the AsyncAPI document")
    .option("--version <version>", "subject version (default latest); older versions become the upcaster history")
    .option("--package-name <name>", "npm name of the generated package (default: <title>-client)")
    .option("--package-version <version>", "version of the generated package (default: the contract's info.version)")
    .option("--history <files...>", "older versions of the contract, oldest first, for upcasters")
    .option("--reference <name=path>", "a file an AsyncAPI $ref names (repeatable)", (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option("--longs <number|bigint>", "Avro/Protobuf 64-bit integers as number (default) or bigint")
    .option("--timestamps <number|date>", "Avro timestamp-millis as number (default) or Date")
    .addHelpText("after", "\nExit codes: 0 written, 2 failed.\n")
    .exitOverride((err: CommanderError) => {
      context.exit(err.exitCode === 0 ? 0 : CODEGEN_EXIT.FAILED);
      throw err;
    })
    .action(async (input: string | undefined, flags: CodegenFlags) => {
      const outcome = await runCodegen(input, flags);
      if (outcome.stdout) context.stdout(outcome.stdout);
      if (outcome.stderr) context.stderr(outcome.stderr);
      context.exit(outcome.exitCode);
    });
}
