import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join, relative, resolve, sep } from "node:path";
import { getFormat, LINT_RULE_FAILED, LINT_RULES, lintSchema, type LintFinding, type LintRule, type ParsedSchema, type ResolvedReference, type SchemaType } from "@charter/contracts";
import { detectFormat } from "../commands/check-detect.js";
import { parseErrorMessage } from "../commands/check.js";
import { autoReferences } from "../commands/check-references.js";
import { classify, mayBeContract } from "../gate/discover.js";
import { DEFAULT_CONFIG, loadGateConfig, type GateConfig } from "../gate/config.js";
import { compileIgnoreList, type IgnoreList } from "../gate/ignore.js";
import { RegistryClient, type RegistryReference } from "../gate/registry-client.js";
import type { Finding, Report, ReportSection, RuleDescriptor, Status } from "../report/report.js";
import { CLI_VERSION } from "../version.js";
import { lintRules } from "./plugins.js";

/** Exit codes of `charter lint` (ESLint's): 0 clean or warnings within `--max-warnings`, 1 errors or too many warnings, 2 invalid input. */
export const LINT_EXIT = { CLEAN: 0, FINDINGS: 1, INVALID: 2 } as const;

/** Options of {@link runLint}; the CLI flags map onto these. */
export interface LintRunOptions {
  /** Files or directories (directories: every contract under them, by the configuration's rules). */
  readonly paths: readonly string[];
  /** The previous version: a file (one input file) or a directory (paired by path relative to each input directory). */
  readonly against?: string;
  /** A registry to read previous versions from (the latest version of each contract's subject). */
  readonly registry?: string;
  /** `--config`; default: charter.config.yaml|yml|json in `cwd`. */
  readonly config?: string;
  /** ESLint `--max-warnings`: more unaccepted warnings than this fail the run. */
  readonly maxWarnings?: number;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The findings on one contract file. */
export interface LintedFile {
  /** Path relative to `cwd` (POSIX). */
  readonly file: string;
  readonly format: SchemaType;
  /** Where the previous version came from, when there was one. */
  readonly against?: string;
  readonly findings: ReadonlyArray<LintFinding & { readonly accepted?: string }>;
}

/** Everything one lint run found. `problems`: input that could not be used (exit 2). */
export interface LintRunResult {
  readonly files: readonly LintedFile[];
  readonly problems: ReadonlyArray<{ readonly message: string; readonly file?: string; readonly line?: number }>;
  readonly rules: readonly LintRule[];
  readonly exitCode: 0 | 1 | 2;
  readonly maxWarnings?: number;
}

const posix = (p: string): string => p.split(sep).join("/");
const SKIP_DIRS = new Set(["node_modules", ".git", "dist"]);

async function walk(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...(await walk(join(dir, entry.name))));
    } else if (entry.isFile()) out.push(join(dir, entry.name));
  }
  return out.sort();
}

/** One contract to lint: its absolute path, the input root it was found under (for `--against` pairing), its format. */
interface Target {
  readonly abs: string;
  readonly root: string;
  readonly format: SchemaType;
  readonly subject: string;
}

/** The contracts named by the inputs; explicitly named files must be contracts (else a problem). */
async function targets(config: GateConfig, cwd: string, paths: readonly string[], problems: LintRunResult["problems"][number][]): Promise<Target[]> {
  const out: Target[] = [];
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let isDir: boolean;
    try {
      isDir = (await stat(abs)).isDirectory();
    } catch {
      problems.push({ message: `${p}: no such file or directory` });
      continue;
    }
    const files = isDir ? await walk(abs) : [abs];
    for (const file of files) {
      const rel = posix(relative(cwd, file));
      if (isDir && !mayBeContract(config, rel)) continue;
      let text: string | undefined;
      try {
        text = await readFile(file, "utf8");
      } catch (e) {
        problems.push({ message: `${rel}: cannot read: ${e instanceof Error ? e.message : String(e)}` });
        continue;
      }
      const contract = classify(config, rel, text);
      let format = contract?.format;
      if (!format && !isDir) {
        const detected = detectFormat(rel, text).candidates;
        if (detected.length === 1) format = detected[0];
      }
      if (!format) {
        if (!isDir) problems.push({ message: `${rel}: cannot tell its schema format (Avro .avsc, .proto, JSON Schema with $schema, AsyncAPI)` });
        continue;
      }
      out.push({ abs: file, root: isDir ? abs : resolve(abs, ".."), format, subject: contract?.subject ?? rel });
    }
  }
  return out;
}

/** Parses a schema file with its on-disk references (as `charter check` does). */
async function parseAt(format: SchemaType, file: string, text: string, extra: readonly ResolvedReference[] = []): Promise<{ ok: true; value: ParsedSchema } | { ok: false; error: string }> {
  const engine = getFormat(format);
  if (!engine) return { ok: false, error: `no ${format} engine in this build` };
  const auto = await autoReferences(format, file, text, new Set(extra.map((r) => r.name)));
  try {
    const parsed = await engine.parse(text, { references: [...extra, ...auto.references] });
    return parsed.ok ? parsed : { ok: false, error: parseErrorMessage(file, format, parsed.error) };
  } catch (e) {
    return { ok: false, error: `${file}: cannot parse as ${format}: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Fetches a registered schema's references, transitively, dependencies first. */
async function registryReferences(client: RegistryClient, refs: readonly RegistryReference[], seen = new Set<string>()): Promise<ResolvedReference[]> {
  const out: ResolvedReference[] = [];
  for (const r of refs) {
    const key = `${r.subject}@${r.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const answer = await client.version(r.subject, r.version);
    if (!answer.ok || typeof answer.value.schema !== "string") throw new Error(`reference ${r.name} (${r.subject} version ${r.version}): ${answer.ok ? "no schema" : answer.error.message}`);
    out.push(...(await registryReferences(client, answer.value.references ?? [], seen)), { name: r.name, schema: answer.value.schema });
  }
  return out;
}

/** The previous version of a target, from `--against` or the registry; `undefined` when there is none. */
async function previousOf(target: Target, options: LintRunOptions, client: RegistryClient | undefined, singleFile: boolean): Promise<{ ok: true; value?: { parsed: ParsedSchema; from: string } } | { ok: false; error: string }> {
  if (options.against !== undefined) {
    const against = resolve(options.cwd, options.against);
    let file = against;
    const isDir = await stat(against).then((s) => s.isDirectory(), () => undefined);
    if (isDir === undefined) return { ok: false, error: `--against ${options.against}: no such file or directory` };
    if (isDir) file = join(against, relative(target.root, target.abs));
    else if (!singleFile) return { ok: false, error: "--against names a file: give one contract file to lint, or a directory to pair by path" };
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text === undefined) return { ok: true };
    const parsed = await parseAt(target.format, file, text);
    return parsed.ok ? { ok: true, value: { parsed: parsed.value, from: posix(relative(options.cwd, file)) } } : { ok: false, error: `the previous version does not parse: ${parsed.error}` };
  }
  if (client) {
    const answer = await client.version(target.subject);
    if (!answer.ok) return answer.error.status === 404 ? { ok: true } : { ok: false, error: `registry ${client.url}: ${answer.error.message}` };
    const { schema, schemaType, references, version } = answer.value;
    if (typeof schema !== "string") return { ok: false, error: `registry ${client.url}: subject ${target.subject} answered no schema` };
    if ((schemaType ?? "AVRO") !== target.format) return { ok: true };
    let refs: ResolvedReference[];
    try {
      refs = await registryReferences(client, references ?? []);
    } catch (e) {
      return { ok: false, error: `registry ${client.url}: ${e instanceof Error ? e.message : String(e)}` };
    }
    const engine = getFormat(target.format)!;
    const parsed = await engine.parse(schema, { references: refs });
    if (!parsed.ok) return { ok: false, error: `the registered version of ${target.subject} does not parse: ${parsed.error.message}` };
    return { ok: true, value: { parsed: parsed.value, from: `${client.url} subject ${target.subject} version ${version ?? "latest"}` } };
  }
  return { ok: true };
}

/** Marks findings accepted by the ignore list (reason kept); returns them all. */
export function acceptFindings(findings: readonly LintFinding[], ignore: IgnoreList, file: string, subject: string, configName: string): Array<LintFinding & { accepted?: string }> {
  return findings.map((f) => {
    const entry = ignore.match({ rules: [f.rule], path: f.path, subject, file });
    return entry ? { ...f, accepted: `ignored in ${configName}: ${entry.reason}` } : f;
  });
}

/** The exit code: 2 on problems; 1 on unaccepted errors or more unaccepted warnings than `maxWarnings`; else 0. */
export function lintExitCode(files: readonly LintedFile[], problems: readonly unknown[], maxWarnings: number | undefined): 0 | 1 | 2 {
  if (problems.length > 0) return LINT_EXIT.INVALID;
  const open = files.flatMap((f) => f.findings.filter((x) => x.accepted === undefined));
  if (open.some((f) => f.severity === "error")) return LINT_EXIT.FINDINGS;
  if (maxWarnings !== undefined && open.filter((f) => f.severity === "warning").length > maxWarnings) return LINT_EXIT.FINDINGS;
  return LINT_EXIT.CLEAN;
}

/**
 * Runs `charter lint` (docs/lint.md): reads the configuration (`lint:` of charter.config.yaml) and its plugins,
 * finds the contracts among the inputs (the gate's detection rules), parses each with its on-disk references,
 * reads its previous version (`--against` file or directory, or the registry's latest version of its subject),
 * lints it with `lintSchema` and applies the ignore list. Never throws: unusable input is in `problems` (exit 2).
 */
export async function runLint(options: LintRunOptions): Promise<LintRunResult> {
  const problems: Array<LintRunResult["problems"][number]> = [];
  const done = (files: LintedFile[], rules: readonly LintRule[] = LINT_RULES): LintRunResult => ({
    files,
    problems,
    rules,
    exitCode: lintExitCode(files, problems, options.maxWarnings),
    ...(options.maxWarnings !== undefined ? { maxWarnings: options.maxWarnings } : {}),
  });
  const loaded = await loadGateConfig(options.cwd, options.config);
  if (!loaded.ok) {
    problems.push(loaded.error);
    return done([]);
  }
  const config = loaded.value ?? DEFAULT_CONFIG;
  const lint = config.lint;
  const rules = await lintRules(lint);
  if (!rules.ok) {
    problems.push({ message: rules.error, ...(rules.file !== undefined ? { file: rules.file } : {}) });
    return done([]);
  }
  const found = await targets(config, options.cwd, options.paths, problems);
  if (problems.length > 0) return done([], rules.rules);
  if (found.length === 0) {
    problems.push({ message: `no contract found in ${options.paths.join(", ")}` });
    return done([], rules.rules);
  }
  const client = options.registry ? new RegistryClient({ url: options.registry, auth: options.env["CHARTER_REGISTRY_AUTH"] }) : undefined;
  const ignore = compileIgnoreList(lint?.ignore ?? []);
  const configName = config.file ? basename(config.file) : "the configuration";
  const files: LintedFile[] = [];
  for (const target of found) {
    const rel = posix(relative(options.cwd, target.abs));
    const text = await readFile(target.abs, "utf8");
    const parsed = await parseAt(target.format, target.abs, text);
    if (!parsed.ok) {
      problems.push({ message: parsed.error.replace(target.abs, rel), file: rel });
      continue;
    }
    const previous = await previousOf(target, options, client, found.length === 1);
    if (!previous.ok) {
      problems.push({ message: `${rel}: ${previous.error}`, file: rel });
      continue;
    }
    const findings = lintSchema(parsed.value, { ...(previous.value ? { previous: previous.value.parsed } : {}), rules: lint?.rules ?? {}, plugins: rules.plugins });
    files.push({ file: rel, format: target.format, ...(previous.value ? { against: previous.value.from } : {}), findings: acceptFindings(findings, ignore, rel, target.subject, configName) });
  }
  return done(files, rules.rules);
}

/** The {@link RuleDescriptor} (SARIF reportingDescriptor, summary legend) of a lint rule. */
export function lintRuleDescriptor(rule: LintRule): RuleDescriptor {
  return { id: rule.id, summary: rule.rationale.replace(/\.$/, ""), help: rule.hint };
}

/** A lint finding as a report {@link Finding} on `file`. */
export function lintFinding(file: string, f: LintFinding & { accepted?: string }): Finding {
  return {
    rule: f.rule,
    severity: f.severity,
    message: `${f.message}. Fix: ${f.hint}`,
    title: `${f.rule} (lint)`,
    file,
    ...(f.line !== undefined ? { line: f.line } : {}),
    path: f.path,
    ...(f.accepted !== undefined ? { accepted: f.accepted } : {}),
  };
}

/** The lint run as the generic {@link Report} every reporter renders (text, JSON, SARIF 2.1.0). */
export function lintReport(result: LintRunResult): Report {
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;
  const open = result.files.flatMap((f) => f.findings.filter((x) => x.accepted === undefined));
  const errors = open.filter((f) => f.severity === "error").length;
  const warnings = open.length - errors;
  const accepted = result.files.flatMap((f) => f.findings).length - open.length;
  const sections: ReportSection[] = result.files.map((f) => {
    const mine = f.findings.filter((x) => x.accepted === undefined);
    const status: Status = mine.some((x) => x.severity === "error") ? "fail" : mine.length > 0 ? "warning" : f.findings.length > 0 ? "accepted" : "pass";
    return {
      title: f.file,
      file: f.file,
      status,
      facts: { format: f.format, findings: String(f.findings.length), ...(f.against !== undefined ? { against: f.against } : {}) },
      findings: f.findings.map((x) => lintFinding(f.file, x)),
    };
  });
  const used = new Set(result.files.flatMap((f) => f.findings.map((x) => x.rule)));
  const headline =
    result.problems.length > 0
      ? result.problems[0]!.message
      : `${count(result.files.length, "contract")} linted: ${count(errors, "error")}, ${count(warnings, "warning")}${accepted > 0 ? `, ${accepted} accepted` : ""}${result.maxWarnings !== undefined && warnings > result.maxWarnings ? ` (more than --max-warnings ${result.maxWarnings})` : ""}`;
  return {
    tool: { name: "charter", version: CLI_VERSION },
    title: "Charter lint",
    outcome: result.exitCode === 0 ? "pass" : result.exitCode === 1 ? "fail" : "error",
    exitCode: result.exitCode,
    headline,
    details: [],
    sections,
    general: result.problems.map((p) => ({ rule: "LINT_INPUT_INVALID", severity: "error" as const, message: p.message, ...(p.file !== undefined ? { file: p.file } : {}), ...(p.line !== undefined ? { line: p.line } : {}) })),
    rules: [
      ...result.rules.filter((r) => used.has(r.id)).map(lintRuleDescriptor),
      ...(used.has(LINT_RULE_FAILED) ? [{ id: LINT_RULE_FAILED, summary: "A lint rule failed while checking the contract", help: "Fix or disable the rule (lint.rules in charter.config.yaml)." }] : []),
      ...(result.problems.length > 0 ? [{ id: "LINT_INPUT_INVALID", summary: "The lint input or configuration cannot be used", help: "Fix the file, path or configuration named in the message." }] : []),
    ],
  };
}
