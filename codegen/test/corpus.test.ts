/**
 * Every AsyncAPI document of the real-world corpus is generated into a package, and all the packages compile
 * together in one strict TypeScript program (tests and standalone validators included). Generating a document
 * twice gives identical bytes. The runtime every package carries is byte-identical and type-checked once. Documents whose remote `$ref` targets the corpus lacks are skipped (listed).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatePackage, writePackage } from "../src/index.js";
import { typeCheck, formatDiagnostic, outputDir, shareIdenticalRuntime } from "./compile.js";
import { corpusDocuments } from "./corpus-sources.js";

const documents = corpusDocuments();
const ready = documents.filter((d): d is Extract<typeof d, { text: string }> => d.skip === undefined);

describe.skipIf(documents.length === 0)("the AsyncAPI corpus", () => {
  it("generates every document and compiles every package under tsc --strict with noUncheckedIndexedAccess", async () => {
    const dir = outputDir("corpus");
    const dirs: string[] = [];
    for (const d of ready) {
      const pkg = await generatePackage({ text: d.text, references: d.references, label: d.name }, { packageName: `corpus-${dirs.length}` });
      // Same input, same bytes (checked on a sample: generation is dominated by the AsyncAPI parse).
      if (dirs.length % 10 === 0) {
        const again = await generatePackage({ text: d.text, references: d.references, label: d.name }, { packageName: `corpus-${dirs.length}` });
        expect([...again.files.entries()], `${d.name} generates the same bytes twice`).toEqual([...pkg.files.entries()]);
      }
      const target = join(dir, d.name.replace(/[^A-Za-z0-9]+/g, "-"));
      await writePackage(target, pkg);
      dirs.push(target);
    }
    // Every package carries the same runtime: checked once (a package whose copy differed would keep its own).
    const shared = join(dir, "_shared");
    expect(shareIdenticalRuntime(dirs, shared)).toBe(dirs.length);
    const diagnostics = typeCheck(dirs, [], shared).map(formatDiagnostic);
    expect(diagnostics).toEqual([]);
    const skipped = documents.filter((d) => d.skip !== undefined);
    const withStandIns = ready.filter((d) => d.standIns.length > 0);
    console.log(
      `codegen corpus: ${dirs.length} documents generated and compiled in one program; ${skipped.length} skipped` +
        skipped.map((d) => `\n  skipped ${d.name}: ${d.skip}`).join("") +
        withStandIns.map((d) => `\n  ${d.name}: remote $refs answered by stand-ins (${d.standIns.join(", ")})`).join(""),
    );
    expect(dirs.length).toBeGreaterThanOrEqual(60);
  }, 600_000);
});
