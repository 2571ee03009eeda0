import type { LintRule } from "./rule.js";

const FORMAT_NAMES: Readonly<Record<string, string>> = { AVRO: "Avro", JSON: "JSON Schema", PROTOBUF: "Protobuf", ASYNCAPI: "AsyncAPI" };

/**
 * The rule reference section of docs/lint.md, generated from the catalogue (`npm run docs:lint` writes it
 * between the `<!-- rules:begin -->` / `<!-- rules:end -->` markers; a test checks the file matches): a summary
 * table, then per rule its rationale, the guide practice it encodes, formats, default severity, options, fix.
 */
export function renderLintDocs(rules: readonly LintRule[]): string {
  const lines: string[] = [];
  lines.push("| Rule | Default | Formats | Why |", "| --- | --- | --- | --- |");
  for (const r of rules) lines.push(`| [\`${r.id}\`](#${r.id.toLowerCase()}) | ${r.defaultSeverity} | ${r.formats.map((f) => FORMAT_NAMES[f] ?? f).join(", ")} | ${r.rationale} |`);
  for (const r of rules) {
    lines.push("", `### ${r.id}`, "", r.rationale, "");
    if (r.practice) lines.push(`**Practice.** ${r.practice}`, "");
    lines.push(`- Default severity: \`${r.defaultSeverity}\``);
    lines.push(`- Formats: ${r.formats.map((f) => FORMAT_NAMES[f] ?? f).join(", ")}`);
    if (r.needsPrevious) lines.push("- Compares with the previous version (`--against`, `--registry`, the gate's base)");
    for (const [name, doc] of Object.entries(r.optionDocs ?? {})) lines.push(`- Option \`${name}\`: ${doc}`);
    lines.push(`- Fix: ${r.hint}`);
  }
  return lines.join("\n") + "\n";
}
