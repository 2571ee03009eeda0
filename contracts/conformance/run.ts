/**
 * `npm run conformance`: runs the format engines over the peer vectors in `../shared/vectors` and prints, per
 * set, cases / agree / disagree. Writes every disagreement to `contracts/conformance/known-differences.md` with a
 * one-line reason (from `reasons/<set>.json` when a person has explained it). Exits 1 when a set is below its
 * threshold. `--set NAME` (repeatable) runs only the named sets; `--verbose` prints each disagreement.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runSets, SETS, type SetReport } from "./sets.js";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { set: { type: "string", multiple: true }, verbose: { type: "boolean", default: false } },
  });
  const wanted = values.set ?? SETS.map((s) => s.name);
  const unknown = wanted.filter((name) => !SETS.some((s) => s.name === name));
  if (unknown.length > 0) {
    console.error(`unknown set(s): ${unknown.join(", ")}; known: ${SETS.map((s) => s.name).join(", ")}`);
    return 2;
  }
  // reasons/<set>.json: { "<case id>": "one-line reason" }, written by people who looked at the case.
  const reasons: Record<string, string> = {};
  for (const file of readdirSync(here("./reasons")).filter((f) => f.endsWith(".json"))) {
    Object.assign(reasons, JSON.parse(readFileSync(here(`./reasons/${file}`), "utf8")) as Record<string, string>);
  }
  const reports = await runSets(SETS.filter((s) => wanted.includes(s.name)));

  let failed = false;
  console.log(`${"set".padEnd(22)} ${"cases".padStart(6)} ${"agree".padStart(6)} ${"disagree".padStart(9)} ${"rate".padStart(8)}  threshold`);
  for (const r of reports) {
    const rate = r.cases === 0 ? 1 : r.agree / r.cases;
    const pass = r.passes;
    failed ||= !pass;
    console.log(
      `${r.name.padEnd(22)} ${String(r.cases).padStart(6)} ${String(r.agree).padStart(6)} ${String(r.disagree.length).padStart(9)} ${(rate * 100).toFixed(2).padStart(7)}%  ${r.threshold} ${pass ? "ok" : "BELOW"}`,
    );
    if (values.verbose) for (const d of r.disagree) console.log(`  - ${d.id}: ${d.detail}`);
  }
  // The file lists every set that ran; a partial run (--set) keeps the other sets' sections as they were.
  writeKnownDifferences(reports, reasons);
  return failed ? 1 : 0;
}

function writeKnownDifferences(reports: readonly SetReport[], reasons: Record<string, string>): void {
  const path = here("./known-differences.md");
  let previous = "";
  try {
    previous = readFileSync(path, "utf8");
  } catch {
    // first run
  }
  const sections = new Map<string, string>();
  for (const block of previous.split(/^(?=## )/m).slice(1)) {
    const name = /^## (\S+)/.exec(block)?.[1];
    if (name) sections.set(name, block.trimEnd() + "\n");
  }
  for (const r of reports) {
    const lines = [`## ${r.name}`, "", `${r.cases} cases, ${r.agree} agree, ${r.disagree.length} disagree (threshold: ${r.threshold}).`, ""];
    for (const d of r.disagree) lines.push(`- \`${d.id}\` — ${reasons[d.id] ?? d.detail}`);
    if (r.disagree.length === 0) lines.push("No differences.");
    sections.set(r.name, lines.join("\n") + "\n");
  }
  const order = SETS.map((s) => s.name).filter((n) => sections.has(n));
  const body = order.map((n) => sections.get(n)).join("\n");
  writeFileSync(
    path,
    "# Known differences from the peers\n\nWritten by `npm run conformance`; each line names a case of `../shared/vectors` on which our verdict\ndiffers from the peer's, and why.\n\n" +
      body,
  );
}

process.exitCode = await main();
