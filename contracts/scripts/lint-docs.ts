/**
 * `npm run docs:lint`: writes the rule reference of docs/lint.md — the part between `<!-- rules:begin -->` and
 * `<!-- rules:end -->` — from the lint rule catalogue (`renderLintDocs(LINT_RULES)`). `--check` only compares
 * and exits 1 when the file is out of date (contracts/src/lint/docs.test.ts does the same in the test suite).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LINT_RULES, renderLintDocs } from "../src/lint/index.js";
import { withRuleSection } from "../src/lint/docs.js";

const file = fileURLToPath(new URL("../../docs/lint.md", import.meta.url));
const current = readFileSync(file, "utf8");
const next = withRuleSection(current, renderLintDocs(LINT_RULES));
if (process.argv.includes("--check")) {
  if (next !== current) {
    process.stderr.write("docs/lint.md is out of date: run npm run docs:lint\n");
    process.exit(1);
  }
} else if (next !== current) {
  writeFileSync(file, next);
  process.stdout.write("docs/lint.md: rule reference rewritten from the catalogue\n");
}
